"""Downloads built from the model at build time: measures, documents, agencies, themes and regions,
each as CSV and JSON, into `<site>/data/`. Values are data, written as text (a CSV cell that
starts with = + - @ is prefixed with ' so spreadsheets do not run it as a formula)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from generator.analyse.comparisons import Analysis, measure_permalink
from generator.analyse.targets import plain_number
from generator.data.model import Corpus, Responsibility, Text


def _t(text: Text | None, lang: str) -> str:
    return (text.get(lang) or "") if text else ""


def measure_records(corpus: Corpus, analysis: Analysis) -> list[dict]:
    records = []
    for row in analysis.rows:
        doc, p = row.doc, row.provision
        region = corpus.regions.get(doc.region or "")
        source = (p.text.en_source if p.text and p.text.en else None) or ""
        reviewed = bool(p.text and p.text.en and p.text.en_reviewed)
        records.append({
            "document": doc.id,
            "region": doc.region or "",
            "region_zh": region.name.zh if region else "",
            "region_en": region.name.en if region else "",
            "id": p.id,
            "label": p.label or "",
            "label_path": doc.label_path(p),
            "organisational": doc.is_organisational(p),
            "title_zh": _t(p.heading, "zh"),
            "title_en": _t(p.heading, "en"),
            "text_zh": _t(p.text, "zh"),
            "text_en": _t(p.text, "en"),
            "translation_source": source,
            "translation_reviewed": reviewed,
            "agencies": row.agencies,
            "agencies_raw": [u.name for u in p.responsibility.units] if p.responsibility else [],
            "lead_agencies": row.lead_agencies,
            "supporting_agencies": [a for a in row.agencies if row.roles.get(a) == "supporting"],
            "deadline_zh": _t(p.deadline, "zh"),
            "deadline_en": _t(p.deadline, "en"),
            "agency_functions": row.functions,
            "themes": row.themes,
            "framework_items": row.framework,
            "url_zh": measure_permalink(doc, p, "zh"),
            "url_en": measure_permalink(doc, p, "en"),
            **_responsibility_columns(p.responsibility),
        })
    return records


def _responsibility_columns(resp: Responsibility | None) -> dict:
    units = resp.units if resp else []
    return {
        "responsibility_printed": resp.printed if resp else "",
        "responsibility_label": (resp.label or "") if resp else "",
        "responsibility_note": (resp.note or "") if resp else "",
        "responsibility_open_ended": bool(resp and resp.open_ended),
        "unit_roles": [u.role for u in units],
        "unit_agencies": [u.agency or "" for u in units],
    }


def unit_records(corpus: Corpus, analysis: Analysis) -> list[dict]:
    """One row per printed unit of every measure, in printed order."""
    records = []
    for row in analysis.rows:
        resp = row.provision.responsibility
        for position, unit in enumerate(resp.units if resp else [], 1):
            agency = corpus.agencies.get(unit.agency or "")
            records.append({
                "document": row.doc.id, "measure": row.provision.id, "position": position, "name_printed": unit.name,
                "role": unit.role, "agency": unit.agency or "", "agency_zh": (agency.name.zh or "") if agency else "",
                "agency_en": (agency.name.en or "") if agency else "", "list_label": resp.label or "",
                "list_note": resp.note or "", "list_open_ended": resp.open_ended, "unordered": resp.unordered,
            })
    return records


def target_records(analysis: Analysis) -> list[dict]:
    records = []
    for t in analysis.targets:
        anchor = t.provision.anchor if t.provision.is_measure else "s-" + t.provision.id.replace(".", "-")
        records.append({
            "document": t.doc.id, "provision": t.provision.id, "label_path": t.doc.label_path(t.provision),
            "kind": t.kind, "role": t.role, "value": plain_number(t.values[0]) if t.values else "",
            "value_to": plain_number(t.values[1]) if len(t.values) > 1 else "", "unit": t.unit,
            "qualifier": t.qualifier, "period": t.period or "", "subject_zh": t.subject.zh or "",
            "subject_en": t.subject.en or "", "value_en": t.english, "span": t.span, "sentence_zh": t.sentence,
            "overridden": t.overridden,
            "url_zh": f"/documents/{t.doc.id}/#{anchor}", "url_en": f"/en/documents/{t.doc.id}/#{anchor}",
        })
    return records


def document_records(corpus: Corpus) -> list[dict]:
    from generator.analyse.timeline import document_lag

    def lag_columns(doc) -> dict:
        lag = document_lag(corpus, doc)
        return {"lag_framework": lag.framework.id if lag else "",
                "lag_days": "" if not lag or lag.days is None else lag.days,
                "lag_days_min": "" if not lag or lag.low is None else lag.low,
                "lag_days_max": "" if not lag or lag.high is None else lag.high}

    return [{
        "id": d.id, "region": d.region or "", "title_zh": _t(d.title, "zh"), "title_en": _t(d.title, "en"),
        "issuer_zh": _t(d.issuer, "zh"), "issuer_en": _t(d.issuer, "en"), "doc_number": d.doc_number or "",
        "issued": d.issued or "", "published": d.published or "", "publisher_zh": _t(d.publisher, "zh"),
        "seed": d.seed or "", "url": d.url or "", "measures": len(d.measures),
        "implements": [r.number or r.title or "" for r in d.implements],
        "cites": [r.number or r.title or "" for r in d.cites],
        "archive_url": d.archive_url or "", "transcribed_from_zh": _t(d.transcribed_from, "zh"),
        "transcribed_from_en": _t(d.transcribed_from, "en"), **lag_columns(d),
    } for d in sorted(corpus.documents.values(), key=lambda d: d.id)]


def agency_records(corpus: Corpus) -> list[dict]:
    return [{
        "id": a.id, "name_zh": a.name.zh or "", "name_en": a.name.en or "", "short_zh": _t(a.short, "zh"),
        "short_en": _t(a.short, "en"), "jurisdiction": a.jurisdiction, "function": a.function, "kind": a.kind,
        "parent": a.parent or "", "aliases": a.aliases, "note_zh": _t(a.note, "zh"), "note_en": _t(a.note, "en"),
    } for a in corpus.agencies.values()]


def theme_records(corpus: Corpus) -> list[dict]:
    return [{
        "id": t.id, "name_zh": t.name.zh or "", "name_en": t.name.en or "", "description_zh": t.description.zh or "",
        "description_en": t.description.en or "", "framework_item": t.framework_item or "",
    } for t in corpus.themes.values()]


def related_records(corpus: Corpus, analysis: Analysis) -> list[dict]:
    ids = {f"{d.id}#{p.anchor}": (d.id, p.id) for d in corpus.documents.values() for p in d.measures}
    records = []
    for key, found in analysis.related.items():
        for other, score in found:
            (doc, measure), (other_doc, other_measure) = ids[key], ids[other]
            records.append({"document": doc, "measure": measure, "related_document": other_doc,
                            "related_measure": other_measure, "score": score})
    return records


def region_records(corpus: Corpus) -> list[dict]:
    return [{
        "id": r.id, "name_zh": r.name.zh or "", "name_en": r.name.en or "", "level": r.level,
        "parent": r.parent or "", "code": r.code or "",
    } for r in corpus.regions.values()]


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    if type(value) is not str:  # (most cells are text: they skip the conversions)
        if isinstance(value, list):
            value = ";".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        value = "" if value is None else str(value)
    if value[:1] in _FORMULA_STARTS:
        value = "'" + value  # keep spreadsheets from evaluating data as a formula
    return value


def to_csv(records: list[dict]) -> str:
    out = io.StringIO()
    if records:
        fields = list(records[0])
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(fields)
        writer.writerows([_csv_cell(record.get(field)) for field in fields] for record in records)
    return "\ufeff" + out.getvalue()


def to_json(records: list[dict]) -> str:
    """A JSON array with one record per line: readable and diffable record by record, and written by the
    json module's C encoder (an indented file goes through its pure-Python encoder: 6x slower at 100x)."""
    if not records:
        return "[]\n"
    encode = json.JSONEncoder(ensure_ascii=False).encode
    return "[\n" + ",\n".join(map(encode, records)) + "\n]\n"


def write_exports(corpus: Corpus, analysis: Analysis, out_dir: Path, site_base: str = "") -> dict[str, int]:
    """Every download; `site_base` (Settings.site_base) makes the citation files' and feeds' links absolute."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {
        "measures": measure_records(corpus, analysis),
        "targets": target_records(analysis),
        "documents": document_records(corpus),
        "agencies": agency_records(corpus),
        "themes": theme_records(corpus),
        "regions": region_records(corpus),
        "units": unit_records(corpus, analysis),
        "related": related_records(corpus, analysis),
    }
    for name, records in tables.items():
        (out_dir / f"{name}.csv").write_text(to_csv(records), encoding="utf-8")
        (out_dir / f"{name}.json").write_text(to_json(records), encoding="utf-8")
    counts = {name: len(records) for name, records in tables.items()}
    # last: citation files, licences and the data package describe every file written above
    from generator.site.datapackage import write_reuse_files

    write_reuse_files(corpus, out_dir, site_base, tables)
    return counts
