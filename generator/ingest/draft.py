"""Assemble the draft document (plain dicts in the canonical field order) and merge it with an
existing, edited YAML without losing editorial work."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.data.model import ChromeLine
from generator.ingest.front import Front, Metadata
from generator.ingest.structure import Node

EDITORIAL_PROVISION_FIELDS = ("themes", "framework", "notes", "themes_not", "targets")


def text_field(zh: str | None) -> dict | None:
    return {"zh": zh, "en": None} if zh else None


def provision_dict(node: Node) -> dict:
    out: dict = {"id": node.id, "label": node.label.printed if node.label else None, "kind": node.kind}
    if node.heading:
        out["heading"] = text_field(node.heading)
    if node.text:
        out["text"] = text_field(node.text)
    if node.responsibility:
        r = node.responsibility
        out["responsibility"] = {
            "printed": r.printed,
            "label": r.label or None,
            "note": r.note or None,
            "units": [{"name": u.name, "role": u.role, "agency": None} for u in r.units],
        }
    if node.responsibility_with:
        out["responsibility"]["printed_with"] = node.responsibility_with
    if node.deadline:
        out["deadline"] = {"zh": node.deadline, "en": None}
        if node.deadline_with:
            out["deadline"]["printed_with"] = node.deadline_with
    if node.kind == "measure" or node.kind == "organisational":
        out["themes"] = []
        out["framework"] = []
    return out


def document_dict(doc_id: str, region: str | None, meta: Metadata, front: Front, chrome: list[ChromeLine],
                  provisions: list[Node], seed_path: str, sha256: str, encoding: str, closing=()) -> dict:
    ordered_after = None
    for node in provisions:
        if node.responsibility and node.responsibility.says_unordered_from_here:
            ordered_after = node.id
            break
    return {
        "id": doc_id,
        "region": region,
        "title": text_field(meta.title),
        "issuer": text_field(meta.issuer),
        "issuer_note": text_field(meta.issuer_note),
        "doc_number": meta.doc_number,
        # issuers / adoption / effective only where the text states them (text seeds keep their shape)
        **({"issuers": [text_field(name) for name in meta.issuers]} if len(meta.issuers) > 1 else {}),
        "dates": {"issued": meta.issued, "published": meta.published,
                  **{key: value for key, value in (("adopted", meta.adopted), ("effective", meta.effective)) if value}},
        **({"adopted_by": text_field(meta.adopted_by)} if meta.adopted_by else {}),
        "source": {
            "seed": seed_path,
            "sha256": sha256,
            "encoding": encoding,
            "publisher": text_field(meta.publisher),
            "url": None,
        },
        "implements": meta.implements,
        "cites": meta.cites,
        # 排序不分先后，下同: from this provision on, the order of units implies no lead.
        "unordered_units_from": ordered_after,
        "front": [{"line": f.line, "role": f.role, "text": text_field(f.text)} for f in sorted(front.front, key=lambda f: f.line)],
        "chrome": [{"line": c.line, "reason": c.reason, "text": c.text} for c in sorted(chrome, key=lambda c: c.line)],
        "preamble": text_field("\n".join(line.text for line in front.preamble)),
        "provisions": [provision_dict(n) for n in provisions],
        # text after a task table (only present when there is some, so text seeds keep their shape)
        **({"closing": text_field("\n".join(line.text for line in closing))} if closing else {}),
    }


@dataclass
class MergeReport:
    kept: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def merge(draft: dict, existing: dict) -> tuple[dict, MergeReport]:
    """Carry every editorial field of `existing` over to `draft` where the Chinese it describes is unchanged.

    English, themes, framework items and agency resolutions are kept; an editorial field whose
    Chinese changed under it is reported, never silently carried to the wrong text.
    """
    report = MergeReport()
    if existing.get("region") and not draft.get("region"):
        draft["region"] = existing["region"]
    for key in ("title", "issuer", "issuer_note", "preamble"):
        _merge_text(draft, existing, key, key, report)
    if existing.get("editorial_title") and not draft.get("editorial_title"):
        draft["editorial_title"] = existing["editorial_title"]  # the editors' title for an untitled source
    old_front = {f.get("line"): f for f in existing.get("front") or [] if isinstance(f, dict)}
    for entry in draft["front"]:
        if entry["line"] in old_front:
            _merge_text(entry, old_front[entry["line"]], "text", f"front line {entry['line']}", report)
    for key in ("url", "archive_url", "transcribed_from"):  # where the text came from: editors' records
        if key in (existing.get("source") or {}):
            draft["source"][key] = existing["source"][key]
    _merge_text(draft["source"], existing.get("source") or {}, "publisher", "source.publisher", report)
    for field_name in ("doc_number",):
        if existing.get(field_name) and not draft.get(field_name):
            draft[field_name] = existing[field_name]
    for key in ("issued", "published"):
        if (existing.get("dates") or {}).get(key) and not draft["dates"].get(key):
            draft["dates"][key] = existing["dates"][key]
    for key in ("implements", "cites"):
        old_refs = {(r.get("title"), r.get("number")): r for r in existing.get(key) or [] if isinstance(r, dict)}
        for ref in draft[key]:
            before = old_refs.get((ref.get("title"), ref.get("number")))
            if before and before.get("en"):
                ref["en"] = before["en"]
    if "translation" in existing:
        # keep the provenance block where the canonical field order puts it
        reordered = {}
        for key, value in draft.items():
            reordered[key] = value
            if key == "unordered_units_from":
                reordered["translation"] = existing["translation"]
        draft.clear()
        draft.update(reordered)
    old = {p.get("id"): p for p in existing.get("provisions") or [] if isinstance(p, dict)}
    for prov in draft["provisions"]:
        before = old.pop(prov["id"], None)
        if before is None:
            continue
        where = f"provision {prov['id']}"
        for key in ("heading", "text"):
            _merge_text(prov, before, key, f"{where} {key}", report)
        for key in EDITORIAL_PROVISION_FIELDS:
            if before.get(key):
                prov[key] = before[key]
                report.kept.append(f"{where} {key}")
        if "responsibility" in prov and isinstance(before.get("responsibility"), dict):
            old_units = {u.get("name"): u for u in before["responsibility"].get("units") or [] if isinstance(u, dict)}
            for unit in prov["responsibility"]["units"]:
                previous = old_units.get(unit["name"])
                if previous and previous.get("agency"):
                    unit["agency"] = previous["agency"]
                    if previous.get("role") and previous["role"] != unit["role"]:
                        unit["role"] = previous["role"]
                    report.kept.append(f"{where} agency for {unit['name']}")
    for gone in old:
        report.dropped.append(f"provision {gone} is no longer in the seed; its editorial fields were not carried over")
    return draft, report


def _merge_text(target: dict, source: dict, key: str, where: str, report: MergeReport) -> None:
    new, old = target.get(key), source.get(key)
    if not isinstance(new, dict) or not isinstance(old, dict):
        return
    for extra_key, value in old.items():
        if extra_key in ("zh",) or value in (None, ""):
            continue
        if old.get("zh") == new.get("zh"):
            new[extra_key] = value
            if extra_key == "en":
                report.kept.append(f"{where} English")
        elif extra_key == "en":
            report.dropped.append(f"{where}: the Chinese changed, so its English was not carried over (was: {value[:60]}…)")
