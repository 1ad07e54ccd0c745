"""What a search engine and a lost reader see (a `PageView` mixin): each page's title, breadcrumb trail
and meta description, all fixed before its template runs."""

from __future__ import annotations

# Index pages by template: (section key in strings.yaml, its URL); what each shows is `section_what_<key>`.
SECTIONS = {
    "regions_index.md.j2": ("regions", "regions/"),
    "documents_index.md.j2": ("documents", "documents/"),
    "themes_index.md.j2": ("themes", "themes/"),
    "agencies_index.md.j2": ("agencies", "agencies/"),
    "matrices_index.md.j2": ("matrices", "matrices/"),
    "targets.md.j2": ("targets", "targets/"),
    "framework.md.j2": ("framework", "framework/"),
    "compare.md.j2": ("compare", "compare/"),
    "explorer.md.j2": ("explorer", "explorer/"),
    "data.md.j2": ("data", "data/"),
    "glossary.md.j2": ("glossary", "glossary/"),
}


def page_title(view) -> str:
    """The page's title (its H1, <title> and search title): its name, and its number in a paged list."""
    page = view.page
    title = view.page_label()
    if page.template == "matrix_document.md.j2":
        title = view.t("matrices") + ": " + title
    pager = page.context.get("pager")
    if pager and pager.number > 1:
        title += view.t("page_suffix", n=pager.number)
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
        if page.template == "framework_item.md.j2":
            return f"{ctx['item'].id}. {self.plain(ctx['item'].name)}"
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
        elif t == "framework_item.md.j2":
            trail.append((self.t("framework"), self.href("framework/")))
        elif t == "agency.md.j2":
            trail.append((self.t("agencies"), self.href("agencies/")))
            trail += region_link(ctx["agency"].jurisdiction)
        elif t == "function.md.j2":
            trail.append((self.t("agencies"), self.href("agencies/")))
            trail.append((self.t("functions"), self.href("agencies/#by-function")))
        if t in ("theme.md.j2", "function.md.j2", "framework_item.md.j2") and ctx.get("pager") and ctx["pager"].number > 1:
            trail.append((here, self.href(ctx["pager"].urls[0])))
            here = self.title or here
        return trail + [(here, None)]

    def description(self) -> str:
        """A meta description unique to the page: what it is, where from, and what it shows."""
        ctx, t = self.page.context, self.page.template
        if t == "home.md.j2":
            return self.t("description_home")
        if t in SECTIONS:
            return self.t("description_section", title=self.title, what=self.t("section_what_" + SECTIONS[t][0]))
        if t in ("document.md.j2", "matrix_document.md.j2"):
            doc = ctx["doc"]
            parts = [self.region_name(doc.region)]
            if doc.issuer and (doc.issuer.zh or doc.issuer.en):
                parts.append(self.plain(doc.issuer))
            if doc.issued:
                parts.append(doc.issued)
            key = "description_document" if t == "document.md.j2" else "description_matrix"
            return self.t(key, title=self.doc_title(doc), where=self.t("description_separator").join(parts), n=len(doc.measures))
        if t == "region.md.j2":
            region = ctx["region"]
            return self.t("description_region", name=self.plain(region.name), level=self.t("level_" + region.level),
                          docs=len(self.documents_in(region.id)), rows=len(self.rows_of(region_id=region.id)))
        if t == "theme.md.j2":
            return self.t("description_theme", title=self.title)
        if t == "agency.md.j2":
            agency = ctx["agency"]
            return self.t("description_agency", title=self.title, where=self.region_name(agency.jurisdiction),
                          n=len(self.analysis.rows_and_roles_by_agency.get(agency.id, [])))
        if t == "function.md.j2":
            return self.t("description_function", title=self.title)
        if t == "framework_item.md.j2":
            return self.t("description_framework_item", title=self.title, framework=self.plain(ctx["fw"].title))
        return self.title
