"""View models: per page type, the lists and counts its template lays out, computed here in Python instead
of with Jinja's select/reject/map filters (12% of rendering when templates filtered) or loops that build
lists with side effects. Each function takes the page's `PageView` and returns plain data that joins the
template's context; a page type without one needs nothing beyond its page's context."""

from __future__ import annotations

from generator.site.codebook import CODEBOOK
from generator.site.explorer import framework_filter_groups


def home_view(view) -> dict:
    collective = sum(1 for agency_id in view.analysis.rows_and_roles_by_agency if agency_id in view.collective_agencies)
    return {"agency_count": len(view.analysis.rows_and_roles_by_agency) - collective, "collective_count": collective}


def document_view(view) -> dict:
    doc = view.page.context["doc"]
    outline = [p for p in doc.provisions if not p.is_measure]
    return {"outline": outline or doc.measures}  # the parts and sections; a flat document lists its measures


def region_view(view) -> dict:
    region = view.page.context["region"]
    rows = view.rows_of(region_id=region.id)
    theme_counts = []
    for theme in view.corpus.themes.values():
        n = sum(1 for row in rows if theme.id in row.themes)
        if n:
            theme_counts.append((theme, n))
    documents = view.documents_in(region.id)
    return {"documents": documents, "rows": rows, "theme_counts": theme_counts,
            "with_cities": any(d.region != region.id for d in documents)}


def theme_view(view) -> dict:
    theme, items = view.page.context["theme"], view.page.context["items"]
    by_region = view.analysis.rows_by_theme_region[theme.id]
    functions = {}  # region → the agency functions of its measures under the theme, in order of first appearance
    for reg in items:
        seen: list[str] = []
        for row in by_region.get(reg.id, []):
            seen += [f for f in row.functions if f not in seen]
        functions[reg.id] = seen
    return {"filter_regions": [reg.id for reg in items if reg.id in by_region], "functions_of": functions}


def matrix_document_view(view) -> dict:
    doc = view.page.context["doc"]
    rows = view.rows_of(doc=doc)
    columns: list[str] = []  # agencies (or unresolved printed names) in order of first appearance
    for row in rows:
        columns += [agency for agency in row.agencies if agency not in columns]
    labelled = {}  # printed list label → the first responsibility printed with it
    for row in rows:
        resp = row.provision.responsibility
        if resp and resp.label:
            labelled.setdefault(resp.label, resp)
    return {"rows": rows, "columns": columns, "printed": view.printed_names(doc), "labelled": list(labelled.values()),
            "column_totals": {ag: sum(1 for row in rows if ag in row.agencies) for ag in columns},
            "any_open_ended": any(row.provision.responsibility and row.provision.responsibility.open_ended for row in rows)}


def data_view(view) -> dict:
    """The downloads with their row counts, and the codebook's meanings in the page's language."""
    a, c = view.analysis, view.corpus
    units = sum(len(row.provision.responsibility.units) for row in a.rows if row.provision.responsibility)
    downloads = [("measures", len(a.rows)), ("targets", len(a.targets)), ("documents", len(c.documents)),
                 ("agencies", len(c.agencies)), ("themes", len(c.themes)), ("regions", len(c.regions)), ("units", units)]
    meaning = 1 if view.lang == "zh" else 2  # CODEBOOK rows are (field, Chinese, English)
    codebook = [(name, [(row[0], row[meaning]) for row in fields]) for name, fields in CODEBOOK.items()]
    return {"downloads": downloads, "codebook": codebook}


def themes_index_view(view) -> dict:
    """The coverage table's denominators (a region's own measures) and row totals (over all regions, not
    only this page's)."""
    a = view.analysis
    return {"own_measures": {reg.id: view.own_measures(reg.id) for reg in view.page.context["items"]},
            "theme_totals": {theme: sum(len(rows) for rows in a.rows_by_theme_region[theme].values()) for theme in view.corpus.themes}}


def matrices_index_view(view) -> dict:
    a = view.analysis
    return {"theme_function_totals": {theme: sum(a.measure_counts_by_theme_function[theme].values()) for theme in view.corpus.themes}}


def glossary_view(view) -> dict:
    return {"groups": view.by_initial(view.page.context["terms"])}


def explorer_view(view) -> dict:
    """The filter menus: regions in division-code order, functions most measures first, framework items
    grouped by framework."""
    return {"filter_regions": view.regions_by_code(view.analysis.docs_in_region), "filter_functions": view.functions_by_count(),
            "filter_frameworks": framework_filter_groups(view)}


def agencies_index_view(view) -> dict:
    a = view.analysis
    return {"functions": [(fid, view.agencies_by_function.get(fid, []), a.rows_by_function[fid]) for fid in view.functions_by_count()],
            "agencies_of": {reg.id: view.agencies_by_jurisdiction.get(reg.id, []) for reg in view.page.context["items"]}}


def function_view(view) -> dict:
    return {"agencies": view.agencies_by_function.get(view.page.context["function"].id, [])}


VIEW_MODELS = {
    "glossary.md.j2": glossary_view,
    "explorer.md.j2": explorer_view,
    "agencies_index.md.j2": agencies_index_view,
    "function.md.j2": function_view,
    "themes_index.md.j2": themes_index_view,
    "matrices_index.md.j2": matrices_index_view,
    "data.md.j2": data_view,
    "home.md.j2": home_view,
    "document.md.j2": document_view,
    "region.md.j2": region_view,
    "theme.md.j2": theme_view,
    "matrix_document.md.j2": matrix_document_view,
}


def view_model(view) -> dict:
    make = VIEW_MODELS.get(view.page.template)
    return make(view) if make else {}
