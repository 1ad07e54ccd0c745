"""Charts and pagers of a page (a `PageView` mixin): the data they show, in the page's language, handed to
`charts`, which builds the HTML/CSS."""

from __future__ import annotations

from markupsafe import Markup

from generator.analyse.comparisons import MeasureRow
from generator.site import charts
from generator.site.escaping import escape_html
from generator.site.pages import Pager


class ChartViews:
    def tile_map(self) -> Markup:
        by_code = {r.code: r for r in self.corpus.regions.values() if r.code}
        tiles = []
        for code, short_zh, short_en, col, row in charts.PROVINCE_TILES:
            region = by_code.get(code)
            own = len(self.analysis.docs_in_region.get(region.id, [])) if region else 0
            cities = []
            if region:
                for child in sorted(self.corpus.regions.values(), key=lambda r: r.code or ""):
                    if child.parent == region.id and self.analysis.docs_in_region.get(child.id):
                        cities.append((self.plain(child.name).removesuffix("市") if not self.translated else self.plain(child.name),
                                       self.href(f"regions/{child.id}/"), len(self.analysis.docs_in_region[child.id])))
            has_page = region is not None and (own or cities)
            tiles.append({"code": code, "col": col, "row": row, "documents": own, "cities": cities,
                          "short": short_zh if not self.translated else short_en,
                          "name": self.plain(region.name) if region else (short_zh if not self.translated else short_en),
                          "href": self.href(f"regions/{region.id}/") if has_page else None})
        caption = self.t("tile_map_caption")
        return charts.tile_map(tiles, self.t, caption, self.href("data/regions.csv", root_file=True), not self.translated)

    def function_bars(self, rows: list[MeasureRow], scope: str) -> Markup:
        counts: dict[str, int] = {}
        for row in rows:
            for f in row.functions:
                counts[f] = counts.get(f, 0) + 1
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        data = [(self.function_name(f), n, self.href(f"functions/{f}/")) for f, n in ordered]
        caption = self.t("function_bars_caption", scope=scope)
        return charts.bar_table(data, caption, self.t("function_label"), self.t("measures"),
                                self.href("data/measures.csv", root_file=True), "measures.csv",
                                empty=f"{caption}{self.colon()}{self.t('no_units_printed')}")

    def region_bars(self, theme_id: str, regions) -> Markup:
        data = [(self.plain(reg.name), len(self.analysis.rows_by_theme_region[theme_id].get(reg.id, [])),
                 self.theme_region_href(theme_id, reg.id))
                for reg in regions if reg.id in self.analysis.docs_in_region]
        caption = self.t("region_bars_caption")
        return charts.bar_table(data, caption, self.t("region"), self.t("measures"),
                                self.href("data/measures.csv", root_file=True), "measures.csv")

    @staticmethod
    def share(count: int, total: int) -> str:
        return charts.share_class(count, total)

    def share_legend(self, whole: str) -> Markup:
        return charts.share_legend(self.t, whole)

    def pager_links(self, pager: Pager | None) -> Markup:
        """Numbered links between the pages of a long list (nothing when it fits on one page)."""
        if not pager or pager.total < 2:
            return Markup("")
        label = self.t("pager_label", n=pager.number, total=pager.total)
        items = []
        for n, url in enumerate(pager.urls, 1):
            if n == pager.number:
                items.append(f'<li><span aria-current="page">{n}</span></li>')
            else:
                items.append(f'<li><a href="{escape_html(self.href(url))}">{n}</a></li>')
        return Markup(f'<nav class="pager" aria-label="{escape_html(label)}"><span>{escape_html(label)}</span>'
                      f'<ol>{"".join(items)}</ol></nav>')
