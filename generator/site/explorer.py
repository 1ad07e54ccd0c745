"""The explorer's rows: JSON files beside the explorer page (`explorer/rows-N.json`, EXPLORER_CHUNK rows
each) in the page's language, so the page itself stays the same size at any corpus size. docs/assets/
explorer.js reads them; the field order below is its contract."""

from __future__ import annotations

import json

from generator.analyse.comparisons import MeasureRow
from generator.site.pages import EXPLORER_CHUNK, chunk


def explorer_files(view) -> list[tuple[str, str]]:
    """(name, text) of every rows file, for the explorer page's `PageView`: one array per measure
    [region, level, themes, functions, agencies, title, href, units, text, framework, document, measure,
    open-ended], plus the agency names the chunk uses (region and theme names are in the page's filter menus)."""
    files = []
    for n, run in enumerate(chunk(view.analysis.rows, limit=EXPLORER_CHUNK), 1):
        names: dict[str, str] = {}
        rows = []
        for row in run:
            region = view.corpus.regions.get(row.doc.region)
            for agency_id in row.agencies:
                names.setdefault(agency_id, view.agency_name(agency_id))
            rows.append([row.doc.region, region.level if region else "", row.themes, row.functions, row.agencies,
                         view.measure_title(row.doc, row.provision), view.href(view.measure_url(row.doc, row.provision)),
                         *_reuse_fields(view, row)])
        payload = {"agencies": dict(sorted(names.items())), "rows": rows}
        files.append((f"rows-{n}.json", json.dumps(payload, ensure_ascii=False, separators=(",", ":"))))
    return files


def _reuse_fields(view, row: MeasureRow) -> list:
    """The fields beyond the first seven: the units as printed [name, agency, role], the measure's text in
    the page's language (free text searches it), framework items, the document and measure ids (to pick
    the same rows out of measures.csv) and whether the printed list is open."""
    p = row.provision
    units = [[u.name, u.agency or "", u.role] for u in p.responsibility.units] if p.responsibility else []
    text = " ".join(filter(None, (view.plain(p.heading) if p.heading else "", view.plain(p.text) if p.text else "")))
    return [units, text, list(row.framework), row.doc.id, p.id, bool(p.responsibility and p.responsibility.open_ended)]
