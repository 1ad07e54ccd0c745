"""Page helpers for what readers reuse (issue 14): responsibility exactly as printed, citations, where a
text came from, the dataset version and feeds. A mixin of `render.Renderer`, so templates call them as
`r.…` like every other helper; they return escaped Markup or plain strings, never raw data as HTML.

One rule for responsibility: a page says a unit is responsible only in the words the source printed
(the printed name, the printed list label, the printed note); the canonical agency is linked from the
printed name, never put in its place.
"""

from __future__ import annotations

from markupsafe import Markup

from generator.data.model import Document, Provision, Responsibility, UnitRef
from generator.site import cite
from generator.site.escaping import escape_html as _e  # the one escape for data: HTML and line breaks


class ReuseHelpers:
    # ---- responsibility as printed ---------------------------------------------------------------
    def printed_unit(self, unit: UnitRef) -> Markup:
        """The unit as printed, linked to its canonical agency. English pages print the Chinese name (marked
        as Chinese) and the agency's English name in brackets, so the reader sees both."""
        agency = self.corpus.agencies.get(unit.agency or "")
        printed = _e(unit.name)
        if not self.translated:
            if not agency:
                return Markup(f'<span class="unit">{printed}</span>')
            return Markup(f'<a class="unit" href="{_e(self.href("agencies/" + agency.id + "/"))}" '
                          f'title="{_e(self.t("canonical_agency"))}{_e(self.colon())}{_e(self.agency_name(agency.id, full=True))}">'
                          f'{printed}</a>')
        name = f'<span lang="zh-Hans" class="unit">{printed}</span>'
        if not agency:
            return Markup(name)
        return Markup(f'{name} (<a href="{_e(self.href("agencies/" + agency.id + "/"))}" '
                      f'title="{_e(self.agency_name(agency.id, full=True))}">{_e(self.agency_name(agency.id))}</a>)')

    def responsibility_label(self, resp: Responsibility) -> Markup:
        """The printed list label (责任科室, 责任处室、单位 …) when the source has one, else the generic one."""
        if not resp.label:
            return Markup(_e(self.t("responsible")))
        if not self.translated:
            return Markup(_e(resp.label))
        english = next((term.en for term in self.corpus.glossary if term.zh == resp.label), None)
        english = english[:1].upper() + english[1:] if english else self.t("responsible")
        return Markup(f'{_e(english)} (<span lang="zh-Hans">“{_e(resp.label)}”</span>)')

    def responsibility_notes(self, resp: Responsibility) -> Markup:
        """The open-list statement and the note as printed, in the page's language."""
        parts = []
        if resp.open_ended:
            parts.append(f'<p class="open-list" data-open-list>{_e(self.t("open_list"))}</p>')
        if resp.note:
            note = _e(resp.note) if not self.translated else f'<span lang="zh-Hans">“{_e(resp.note)}”</span>'
            parts.append(f'<p class="printed-note"><span class="k">{_e(self.t("printed_note"))}{_e(self.colon())}</span>{note}</p>')
        return Markup("".join(parts))

    def printed_names(self, doc: Document) -> dict[str, list[str]]:
        """Canonical agency (or, for an unresolved unit, its printed name) → the names printed for it in
        this document, in order of first appearance: the matrix's columns and legend."""
        names: dict[str, list[str]] = {}
        for p in doc.measures:
            for unit in p.responsibility.units if p.responsibility else []:
                key = unit.agency or unit.name
                if unit.name not in names.setdefault(key, []):
                    names[key].append(unit.name)
        return names

    def printed_names_markup(self, names: list[str]) -> Markup:
        joined = _e(" / ".join(names))
        return Markup(joined if not self.translated else f'<span lang="zh-Hans">{joined}</span>')

    # ---- citations ------------------------------------------------------------------------------
    def citation(self, doc: Document, provision: Provision | None = None) -> Markup:
        """The full citation in the page's language (Chinese quoted on English pages is marked as such)."""
        segments = cite.human_citation(self.corpus, doc, provision, self.lang, self.dataset_version, self.settings.site_base)
        return Markup("".join(f'<span lang="zh-Hans">{_e(s.text)}</span>' if s.zh and self.translated else _e(s.text)
                              for s in segments))

    def cite_href(self, doc: Document, fmt: str) -> str:
        return self.href(f"data/cite/{doc.id}.{cite.EXTENSIONS[fmt]}", root_file=True)

    # ---- feeds ----------------------------------------------------------------------------------------
    def page_feed(self, page) -> str | None:
        """The feed of a region or theme page (path inside the language root); None elsewhere."""
        if self.corpus.dataset is None:
            return None
        if page.template == "region.md.j2":
            return f"feeds/region-{page.context['region'].id}.xml"
        if page.template == "theme.md.j2":
            return f"feeds/theme-{page.context['theme'].id}.xml"
        return None

    def recent_changes(self, limit: int = 10) -> list[tuple[str, str, str | None]]:
        """The newest changes for the home page: (date, what, link or None when the document is gone)."""
        from generator.site.feeds import change_target, change_title, newest_first

        out = []
        for change in newest_first(self.corpus)[:limit]:
            target = change_target(self.corpus, change)
            out.append((change.released, change_title(self.corpus, change, self.lang), self.href(target) if target else None))
        return out

    # ---- sources --------------------------------------------------------------------------------
    def source_link(self, url: str | None) -> Markup:
        if not url:
            return Markup(f'<span class="not-stated">{_e(self.t("not_recorded"))}</span>')
        return Markup(f'<a href="{_e(url)}" rel="noopener nofollow">{_e(url)}</a>')
