"""`python -m generator resolve` (make resolve): fill `agency:` for every responsible unit whose printed
name resolves through the aliases of the document's jurisdiction (its region, then the regions above),
and list the units that do not, with the nearest aliases as suggestions.

The file is edited line by line (only `agency: null` lines change), so comments, key order and the
canonical YAML style stay as they are. Units that already name an agency are left to `validate`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.data.load import load_corpus
from generator.data.model import Corpus, Document
from generator.data.validate import resolve_unit
from generator.errors import Problem
from generator.paths import Project

_AGENCY = re.compile(r"^(?P<indent>\s*)agency:\s*(null|~)?\s*(#.*)?$")
_NEXT_UNIT = re.compile(r"^\s*- ")


@dataclass
class Resolution:
    path: str
    filled: int = 0
    left: list[Problem] = field(default_factory=list)


def suggestions(corpus: Corpus, doc: Document, name: str) -> str:
    """The closest aliases known in the document's jurisdiction, with the agency each one names."""
    known = {}
    for region in corpus.region_chain(doc.region):
        for agency in corpus.agencies.values():
            if agency.jurisdiction == region:
                for alias in agency.aliases:
                    known.setdefault(alias, agency.id)
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
    where = f"an agency of {doc.region}"
    add = f"add '{name}' to the aliases of {where} in data/agencies.yaml (or a new agency there)"
    if close:
        return "did you mean " + " or ".join(f"'{a}' ({known[a]})" for a in close) + f"? If it is printed so, {add}"
    return add


def resolve_document(corpus: Corpus, doc: Document, project: Project) -> Resolution:
    path = project.root / doc.where.path
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    result = Resolution(doc.where.path)
    for p in doc.provisions:
        for unit in p.responsibility.units if p.responsibility else []:
            if unit.agency:
                continue
            found = resolve_unit(corpus, doc, unit.name) if doc.region in corpus.regions else None
            if found is None:
                why = ("the document has no known region yet" if doc.region not in corpus.regions
                       else f"resolves to no agency of {doc.region}")
                fix = ("set region: first (an id of data/regions.yaml), then run make resolve again"
                       if doc.region not in corpus.regions else suggestions(corpus, doc, unit.name))
                result.left.append(Problem(doc.where.path, unit.line, 0, f"measure {p.id}: unit '{unit.name}' {why}", fix,
                                           code="E-UNIT-NOT-ALIAS" if doc.region in corpus.regions else "E-REF-REGION"))
                continue
            # the unit's own block: from its `- name:` line to the next list item
            for i in range(unit.line, len(lines)):
                if i > unit.line and _NEXT_UNIT.match(lines[i]) or i > unit.line + 5:
                    break
                m = _AGENCY.match(lines[i].rstrip("\n"))
                if m:
                    lines[i] = f"{m.group('indent')}agency: {found}\n"
                    result.filled += 1
                    break
            else:
                result.left.append(Problem(doc.where.path, unit.line, 0, f"measure {p.id}: unit '{unit.name}' has no agency: line",
                                           f"add agency: {found} under it", code="E-RESOLVE-NO-AGENCY-LINE"))
    if result.filled:
        path.write_text("".join(lines), encoding="utf-8")
    return result


def resolve(project: Project, only: list[Path] | None = None) -> tuple[list[Resolution], list[Problem]]:
    """Resolve every document (or only the given files). Returns what was done per document, and every
    problem left: units not resolved, and errors that kept a document from loading (fix, run again)."""
    corpus, problems = load_corpus(project, only)
    wanted = {p.resolve() for p in only} if only else None
    results = []
    if {"agencies", "regions"} & corpus.unavailable:  # nothing can resolve: report why, not every unit
        corpus.documents.clear()
    for doc in corpus.documents.values():
        if wanted is None or (project.root / doc.where.path).resolve() in wanted:
            results.append(resolve_document(corpus, doc, project))
    from generator.data.validate import with_columns
    from generator.errors import ProblemList

    located = ProblemList()
    located.problems = [p for p in problems.problems if p.severity == "error"] + [p for r in results for p in r.left]
    return results, with_columns(project, located).problems
