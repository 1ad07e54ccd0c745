"""The explorer's rows: JSON files beside the explorer page (`explorer/rows-N.json`, EXPLORER_CHUNK rows
each) in the page's language, so the page itself stays the same size at any corpus size. docs/assets/
explorer.js reads them; the field order below is its contract.

Framework items are filtered by `<framework id>.<item id>` (item ids repeat across frameworks): the filter
menu groups each framework's items (`framework_filter_groups`), and each row carries the keys of the items
it answers in the frameworks its document implements — the same reading as the framework pages' counts."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial

from generator.analyse.comparisons import MeasureRow
from generator.analyse.coverage import implemented_frameworks
from generator.site.pages import EXPLORER_CHUNK, chunk


def explorer_files(view) -> list[tuple[str, Callable[[], str]]]:
    """(name, a function making its text) of every rows file, for the explorer page's `PageView`: one array
    per measure [region, level, themes, functions, agencies, title, href, units, text, framework, document,
    measure, open-ended], plus the agency names the chunk uses (region and theme names are in the page's
    filter menus). Each file is made on its own, so the render cache can make again only the file that
    holds an edited measure (its reads are traced per file)."""
    return [(f"rows-{n}.json", partial(_rows_file, view, run))
            for n, run in enumerate(chunk(view.analysis.rows, limit=EXPLORER_CHUNK), 1)]


def _rows_file(view, run: list[MeasureRow]) -> str:
    names: dict[str, str] = {}
    rows = []
    frameworks_of: dict[str, list] = {}  # document id → its frameworks (computed once per document)
    for row in run:
        region = view.corpus.regions.get(row.doc.region)
        for agency_id in row.agencies:
            names.setdefault(agency_id, view.agency_name(agency_id))
        rows.append([row.doc.region, region.level if region else "", row.themes, row.functions, row.agencies,
                     view.measure_title(row.doc, row.provision), view.href(view.measure_url(row.doc, row.provision)),
                     *_reuse_fields(view, row, frameworks_of)])
    payload = {"agencies": dict(sorted(names.items())), "rows": rows}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def framework_filter_key(fw_id: str, item_id: str) -> str:
    """The framework menu's value for an item, and what the rows carry: ids are slugs and digits, so the
    dot is unambiguous and needs no escaping in the page address (?framework=national-2019-mobility.6)."""
    return f"{fw_id}.{item_id}"


def framework_filter_groups(view) -> list[tuple[str, list[tuple[str, str]]]]:
    """The framework menu: one group per framework (its title and number in the page language), its
    items in the framework's order as (value, label)."""
    groups = []
    for fw in view.corpus.frameworks.values():
        title = view.plain(fw.title)
        label = view.t("framework_with_number", title=title, number=fw.number) if fw.number else title
        groups.append((label, [(framework_filter_key(fw.id, item.id), f"{item.id} {view.plain(item.name)}") for item in fw.items]))
    return groups


def _framework_keys(view, row: MeasureRow, frameworks_of: dict[str, list]) -> list[str]:
    """The row's items as filter keys, in the frameworks its document implements only."""
    if row.doc.id not in frameworks_of:
        ids = implemented_frameworks(view.corpus, row.doc)
        frameworks_of[row.doc.id] = [view.corpus.frameworks[fw_id] for fw_id in ids]
    return [framework_filter_key(fw.id, item.id) for fw in frameworks_of[row.doc.id]
            for item in fw.items if item.id in row.framework]


def _reuse_fields(view, row: MeasureRow, frameworks_of: dict[str, list]) -> list:
    """The fields beyond the first seven: the units as printed [name, agency, role], the measure's text in
    the page's language (free text searches it), framework items as filter keys, the document and measure ids (to pick
    the same rows out of measures.csv) and whether the printed list is open."""
    p = row.provision
    units = [[u.name, u.agency or "", u.role] for u in p.responsibility.units] if p.responsibility else []
    text = " ".join(filter(None, (view.plain(p.heading) if p.heading else "", view.plain(p.text) if p.text else "")))
    return [units, text, _framework_keys(view, row, frameworks_of), row.doc.id, p.id,
            bool(p.responsibility and p.responsibility.open_ended)]
