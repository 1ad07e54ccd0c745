"""Ingest: a raw seed text → a draft `data/documents/<id>.yaml`.

decode (encodings, line endings) → lines → chrome and front matter → numbered structure →
responsibility → draft dict. From then on people edit the YAML; re-ingesting refuses to
overwrite editorial work unless asked to merge, and then reports what it kept and dropped.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from generator.data.model import ChromeLine
from generator.errors import IngestError, Problem
from generator.ingest.draft import MergeReport, document_dict, merge
from generator.ingest.front import find_chrome, first_body_index, pop_trailing_front, read_metadata, split_closing, split_front
from generator.ingest.lines import is_title_like, split_lines, squeeze
from generator.ingest.report import ingest_report
from generator.ingest.sources import Extracted, extract
from generator.ingest.structure import Node, build_tree, is_sectioned, resolve, table_provisions

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

__all__ = ["IngestResult", "ingest_text", "ingest_bytes", "MergeReport", "merge", "squeeze", "ID_PATTERN"]


@dataclass
class IngestResult:
    document: dict
    report: list[str] = field(default_factory=list)
    text: str = ""


def ingest_bytes(raw: bytes, seed_path: str, doc_id: str, regions: list[dict] | None = None) -> IngestResult:
    source = extract(raw, seed_path)
    return ingest_text(source.text, seed_path, doc_id, regions or [], encoding=source.encoding,
                       sha256=hashlib.sha256(raw).hexdigest(), source=source)


def ingest_text(text: str, seed_path: str, doc_id: str, regions: list[dict], encoding: str = "utf-8",
                sha256: str = "", source: Extracted | None = None) -> IngestResult:
    if not ID_PATTERN.match(doc_id):
        raise IngestError(
            Problem(seed_path, 0, 0, f"'{doc_id}' is not a valid document id",
                    "name the seed file (or pass --id) with lowercase ASCII words joined by hyphens, e.g. tianjin-2020-mobility",
                    code="E-ARGUMENT")
        )
    source = source or Extracted(text, encoding)
    all_lines = split_lines(text)
    table_lines = set().union(*(t.lines for t in source.tables))
    lines = [line for line in all_lines if line.number not in table_lines]
    chrome, table_mode = find_chrome(lines)
    for number, reason in source.chrome.items():  # furniture the page's markup names (nav, footer …)
        chrome[number] = ChromeLine(number, reason, next(x.text for x in all_lines if x.number == number))
    after: list = []
    if source.tables:
        # Lines after the last task table close the document (印发 line, annexes): never measures.
        last = max(max(t.lines) for t in source.tables)
        lines, after = [x for x in lines if x.number < last], [x for x in lines if x.number > last]
    start = first_body_index(lines, chrome)
    if start is None and not source.tables:
        where = "" if source.kind == "text" else f" in this {source.kind}"
        raise IngestError(
            Problem(seed_path, 0, 0, f"no numbered provisions{' or task table' if where else ''} found{where} "
                    "(一、 （一） 1. （1） ① 第X条 …)",
                    "ingest works on texts whose provisions are numbered; number them, or write the YAML by hand",
                    code="E-INGEST-NO-PROVISIONS")
        )
    if start is None:
        start = len(lines)
    head = lines[:start]
    body = [line for line in lines[start:] if line.number not in chrome]
    sectioned = is_sectioned(body)
    front = split_front(head, chrome, sectioned)
    front.table_mode = table_mode
    closing = split_closing(after, chrome, front)
    body = pop_trailing_front(body, front)
    all_chrome = sorted(list(chrome.values()) + front.chrome, key=lambda c: c.line)
    body_text = "\n".join(line.text for line in body)
    # Read metadata while the preamble is still in place: a sectioned document's introduction
    # (where it names what it implements) moves into its first section below.
    meta = read_metadata(front, all_chrome, body_text)
    first_section = (front.heading_block + front.preamble) if sectioned and front.heading_block else None
    if first_section is not None:
        front.preamble = []
    provisions = []
    if body:
        tree = build_tree(body, table_mode, sectioned, first_section, seed_path)
        provisions = resolve(tree, seed_path)
    offset = sum(1 for p in provisions if "." not in p.id)
    for i, table in enumerate(source.tables):
        heading = _heading_over_table(provisions) if i == 0 else None
        if heading is not None:  # 二、重点任务 followed by the table: the table's tasks are its items
            provisions += table_provisions(table, 0, seed_path, prefix=heading.id)
            continue
        nodes = table_provisions(table, offset, seed_path)
        offset += sum(1 for n in nodes if "." not in n.id)
        provisions += nodes
    region = detect_region(meta, front, body_text, regions)
    document = document_dict(doc_id, region, meta, front, all_chrome, provisions, seed_path, sha256, encoding,
                             closing)
    report = ingest_report(document, all_chrome, region, provisions, source.kind, encoding, len(source.tables))
    return IngestResult(document, report, text)


def _heading_over_table(provisions: list[Node]) -> Node | None:
    """The last numbered item of the text, when it is only a title (二、重点任务) and a task table
    follows: it becomes the part holding the table's tasks."""
    if not provisions:
        return None
    last = provisions[-1]
    if last.children or last.responsibility or last.heading or not is_title_like(last.text, 60):
        return None
    last.heading, last.text = last.text, ""
    last.kind = "part" if last.depth == 0 else "group"
    return last


def detect_region(meta, front, body_text: str, regions: list[dict]) -> str | None:
    """The most specific known region named in the title, issuer or preamble (never guessed)."""
    where = " ".join(filter(None, [meta.title, meta.issuer, "".join(line.text for line in front.preamble),
                                   body_text[:600]]))
    level_rank = {"national": 0, "province": 1, "prefecture": 2, "county": 3}
    best = None
    for region in regions:
        names = [region.get("name", {}).get("zh")] + list(region.get("aliases") or [])
        hits = sum(where.count(n) for n in names if n)
        if hits:
            key = (level_rank.get(region.get("level"), 0), hits)
            if best is None or key > best[0]:
                best = (key, region["id"])
    if best and best[0][0] == 0:
        return None  # only the national level is named: the region is for the editor to say
    return best[1] if best else None

