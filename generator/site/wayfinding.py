"""What a search engine and a lost reader see (a `PageView` mixin): each page's title, breadcrumb trail
and meta description, all fixed before its template runs."""

from __future__ import annotations

SECTIONS = {
    "regions_index.md.j2": ("regions", "regions/", "收录文件的各地区，及其文件数和措施数",
            "the regions in the corpus with their documents and measure counts"),
    "documents_index.md.j2": ("documents", "documents/", "全部政策文件：地区、发文机关、文号、日期和措施数",
            "every policy document with its region, issuer, number, date and measure count"),
    "themes_index.md.j2": ("themes", "themes/", "主题 × 地区：各地区文件中每个主题的措施数",
            "themes × regions: how many measures of each region's documents carry each theme"),
    "agencies_index.md.j2": ("agencies", "agencies/", "责任单位按职能类别和所属地区归类",
            "the responsible agencies by function and by jurisdiction"),
    "matrices_index.md.j2": ("matrices", "matrices/", "主题 × 职能类别，以及各文件对应国家意见条目的矩阵",
            "themes × agency functions, and which national items each document answers"),
    "targets.md.j2": ("targets", "targets/", "从措施原文中提取的量化目标，附原文句子",
            "quantified targets taken from the measure texts, with their source sentences"),
    "explorer.md.j2": ("explorer", "explorer/", "按地区、层级、主题、职能和关键词筛选全部措施",
            "filter every measure by region, level, theme, agency function and keyword"),
    "data.md.j2": ("data", "data/", "全部数据的 CSV 和 JSON 下载及字段说明",
            "CSV and JSON downloads of all the data, with a codebook"),
    "glossary.md.j2": ("glossary", "glossary/", "译文中固定术语和项目名称的译法与说明",
            "the fixed English renderings of recurring terms and programme names, with notes"),
}


def page_title(view) -> str:
    """The page's title (its H1, <title> and search title): its name, and its number in a paged list."""
    page = view.page
    title = view.page_label()
    if page.template == "matrix_document.md.j2":
        title = view.t("matrices") + ": " + title
    pager = page.context.get("pager")
    if pager and pager.number > 1:
        title += f"（第 {pager.number} 页）" if view.lang == "zh" else f" (page {pager.number})"
    return title


class Wayfinding:

    def page_label(self) -> str:
        """The page's own name in breadcrumbs (its title without the page number)."""
        page = self.page
        ctx = page.context
        if "doc" in ctx and page.template == "document.md.j2":
            return self.doc_title(ctx["doc"])
        if page.template == "matrix_document.md.j2":
            return self.doc_title(ctx["doc"])
        for key, getter in (("region", lambda r: self.plain(r.name)), ("theme", lambda t: self.plain(t.name)),
                            ("agency", lambda ag: self.agency_name(ag.id, full=True)),
                            ("function", lambda f: self.function_name(f.id))):
            if key in ctx:
                return getter(ctx[key])
        section = SECTIONS.get(page.template)
        return self.t(section[0]) if section else self.t("site_name")

    def crumbs(self) -> list[tuple[str, str | None]]:
        """Home › section › (region) › this page: links relative to the page; the last has no link."""
        page = self.page
        if page.template == "home.md.j2":
            return []
        ctx, here = page.context, self.page_label()
        trail: list[tuple[str, str | None]] = [(self.t("home"), self.href(""))]
        region_link = lambda rid: [(self.region_name(rid), self.href(f"regions/{rid}/"))] if rid in self.region_pages else []  # noqa: E731
        t = page.template
        if t in SECTIONS:
            key, url = SECTIONS[t][:2]
            pager = ctx.get("pager")
            if pager and pager.number > 1:
                trail.append((here, self.href(url)))
                here = self.title or here
        elif t == "region.md.j2":
            trail.append((self.t("regions"), self.href("regions/")))
            trail += region_link(ctx["region"].parent)
        elif t == "document.md.j2":
            trail.append((self.t("documents"), self.href("documents/")))
            trail += region_link(ctx["doc"].region)
        elif t == "matrix_document.md.j2":
            trail.append((self.t("matrices"), self.href("matrices/")))
            trail.append((self.doc_title(ctx["doc"]), self.href(f"documents/{ctx['doc'].id}/")))
            here = self.t("matrices")
        elif t == "theme.md.j2":
            trail.append((self.t("themes"), self.href("themes/")))
        elif t == "agency.md.j2":
            trail.append((self.t("agencies"), self.href("agencies/")))
            trail += region_link(ctx["agency"].jurisdiction)
        elif t == "function.md.j2":
            trail.append((self.t("agencies"), self.href("agencies/")))
            trail.append((self.t("functions"), self.href("agencies/#by-function")))
        if t in ("theme.md.j2", "function.md.j2") and ctx.get("pager") and ctx["pager"].number > 1:
            trail.append((here, self.href(ctx["pager"].urls[0])))
            here = self.title or here
        return trail + [(here, None)]

    def description(self) -> str:
        """A meta description unique to the page: what it is, where from, and what it shows."""
        zh, ctx, t = self.lang == "zh", self.page.context, self.page.template
        sep = "。" if zh else ". "
        if t == "home.md.j2":
            text = ("中国各地促进劳动力和人才社会性流动政策文件的双语比较：逐条结构化的措施，按地区、主题和责任单位比较，可引用、可下载"
                    if zh else "A bilingual comparison of Chinese regional policies on the social mobility of labour and talent: "
                    "every measure structured, compared by region, theme and responsible agency, citable and downloadable")
        elif t in SECTIONS:
            text = f"{self.title}{'：' if zh else ': '}{SECTIONS[t][2 if zh else 3]}"
        elif t in ("document.md.j2", "matrix_document.md.j2"):
            doc = ctx["doc"]
            n = len(doc.measures)
            parts = [self.region_name(doc.region)]
            if doc.issuer and (doc.issuer.zh or doc.issuer.en):
                parts.append(self.plain(doc.issuer))
            if doc.issued:
                parts.append(doc.issued)
            if t == "document.md.j2":
                what = (f"全文逐条结构化，{n} 条措施，附责任单位和主题" if zh else
                        f"the full text measure by measure ({n} measures) with responsible agencies and themes, "
                        "in an English reference translation beside the Chinese original")
            else:
                what = (f"措施 × 责任单位矩阵（{n} 条措施）：哪个单位负责哪条措施" if zh else
                        f"measures × responsible agencies ({n} measures): which agency carries which measure")
            where = f"（{'，'.join(parts)}）" if zh else f" ({', '.join(parts)})"
            text = f"{self.doc_title(doc)}{where}{sep}{what if zh else what[0].upper() + what[1:]}"
        elif t == "region.md.j2":
            region = ctx["region"]
            docs, rows = len(self.documents_in(region.id)), len(self.rows_of(region_id=region.id))
            name, level = self.plain(region.name), self.t("level_" + region.level)
            text = (f"{name}（{level}）：{docs} 份政策文件、{rows} 条措施，按主题和职能类别统计" if zh else
                    f"{name} ({level}): {docs} policy documents and {rows} measures, counted by theme and agency function")
        elif t == "theme.md.j2":
            text = (f"{self.title}：各地区文件中本主题的措施对比" if zh else
                    f"{self.title}: the measures under this theme in each region's documents, side by side")
        elif t == "agency.md.j2":
            agency = ctx["agency"]
            n = len(self.analysis.by_agency.get(agency.id, []))
            where = self.region_name(agency.jurisdiction)
            text = (f"{self.title}（{where}）在政策文件中负责的 {n} 条措施" if zh else
                    f"{self.title} ({where}): the {n} measures it is responsible for in the policy documents")
        elif t == "function.md.j2":
            text = (f"{self.title}：该职能类别的机构负责的措施" if zh else
                    f"{self.title}: the measures carried by agencies of this function")
        else:
            text = self.title or ""
        return text
