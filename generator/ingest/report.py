"""The ingest report: what was recognised in a seed and how sure it is, so an editor knows where to
look first. Counts come from the draft itself; every "found" names the seed line it was read from."""

from __future__ import annotations

from collections import Counter

# front roles that carry metadata, and the name the report gives them
_META_ROLES = (("title", "title"), ("notice_title", "notice title"), ("red_header", "red header"),
               ("doc_number", "文号"), ("issuer", "issuer"), ("date", "date of issue"),
               ("adoption", "adopted at"), ("print_line", "印发 line"))


def ingest_report(document: dict, chrome, region, provisions, kind: str, encoding: str,
                  tables: int = 0) -> list[str]:
    kinds = Counter(node.kind for node in provisions)
    measures = [n for n in provisions if n.kind == "measure"]
    lines = [f"read as: {kind} ({encoding})" + (f", {tables} task table{'s' if tables != 1 else ''}" if tables else ""),
             "provisions: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))]
    with_duty = [n for n in measures if n.responsibility]
    roles = Counter(u.role for n in with_duty for u in n.responsibility.units)
    lines.append(f"measures with printed responsibility: {len(with_duty)} of {len(measures)}; units: "
                 f"{roles['lead']} lead, {roles['supporting']} supporting, {roles['responsible']} without a stated role")
    deadlines = sum(1 for n in measures if n.deadline)
    if deadlines:
        lines.append(f"measures with a deadline (完成时限): {deadlines}")
    enumerating = [n.id for n in measures if "\n" in n.text and n.text.split("\n", 1)[0].rstrip().endswith(("：", ":"))]
    if enumerating:
        lines.append(f"sub-item lists kept inside their measure: {_ids(enumerating)}")
    # Where to look first: what the reader did not recognise is kept as text, never dropped.
    if with_duty and len(with_duty) < len(measures):
        lines.append(f"look first: measures without printed responsibility: {_ids([n.id for n in measures if not n.responsibility])}")
    preamble = (document.get("preamble") or {}).get("zh")
    if preamble:
        lines.append(f"look first: kept as preamble text ({preamble.count(chr(10)) + 1} line(s)): {_clip(preamble)}")
    closing = (document.get("closing") or {}).get("zh")
    if closing:
        lines.append(f"look first: kept as closing text ({closing.count(chr(10)) + 1} line(s)): {_clip(closing)}")
    if chrome:
        reasons = Counter(c.reason for c in chrome)
        lines.append(f"page chrome set aside (kept in chrome:): {len(chrome)} lines — "
                     + ", ".join(f"{n} {reason}" for reason, n in reasons.most_common()))
    found = []
    for role, name in _META_ROLES:
        at = [f["line"] for f in document["front"] if f["role"] == role]
        if at:
            found.append(f"{name} (line{'s' if len(at) > 1 else ''} {', '.join(map(str, at))})")
    dates = document["dates"]
    found += [f"{key} {value}" for key, value in dates.items() if value]
    if found:
        lines.append("metadata found: " + "; ".join(found))
    missing = [name for name, value in (
        ("region", region), ("title", document["title"]), ("issuer", document["issuer"]),
        ("doc_number (文号)", document["doc_number"]), ("dates.issued", dates["issued"]),
    ) if not value]
    for name in missing:
        lines.append(f"not stated in the text, left empty for the editor: {name}")
    return lines


def _ids(ids: list[str], limit: int = 12) -> str:
    return ", ".join(ids[:limit]) + (f" … ({len(ids)} in all)" if len(ids) > limit else "")


def _clip(text: str, limit: int = 40) -> str:
    flat = text.replace("\n", " / ")
    return flat if len(flat) <= limit else flat[:limit] + "…"
