"""Cross-file checks no schema can express. Each check appends to one ProblemList, so a single run
reports every problem (congress-legislators style: one `error(where, what, how-to-fix)` route)."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import replace
from pathlib import Path

from generator.data.dataset import load_dataset, site_version
from generator.data.inputs import read_bounded
from generator.data.load import load_corpus
from generator.data.load_cache import MISS, LoadCache
from generator.data.model import Corpus, Document
from generator.data.numbering import match_label
from generator.data.seedcheck import check_seed, seed_paths
from generator.data.targetoverrides import check_overrides as check_target_overrides
from generator.data.themecheck import check_theme_consistency
from generator.data.translation import check_reference_translations, check_translations, chinese_left_in_english
from generator.data.yamlio import MAX_FILE_BYTES
from generator.errors import DataError, ProblemList
from generator.parallel import fork_map
from generator.paths import Project


class _Missing(dict):
    """Stands in for a reference table that failed to load: everything 'exists', so no cascades."""

    def __contains__(self, key) -> bool:
        return True


def _table(corpus: Corpus, name: str) -> dict:
    return _Missing() if name in corpus.unavailable else getattr(corpus, name)


def _suggest(value: str, choices) -> str:
    guess = difflib.get_close_matches(value, list(choices), n=1)
    return f"did you mean '{guess[0]}'?" if guess else "check the id spelling"


def check_reference_data(corpus: Corpus, problems: ProblemList) -> None:
    for region in corpus.regions.values():
        if region.parent and region.parent not in _table(corpus, 'regions'):
            problems.error(region.where.path, region.where.line, f"region '{region.id}': unknown parent '{region.parent}'",
                           _suggest(region.parent, corpus.regions), code="E-REF-REGION")
    seen_alias: dict[tuple[str, str], str] = {}
    for agency in corpus.agencies.values():
        w = agency.where
        if agency.jurisdiction not in _table(corpus, 'regions'):
            problems.error(w.path, w.line, f"agency '{agency.id}': unknown jurisdiction '{agency.jurisdiction}'",
                           _suggest(agency.jurisdiction, corpus.regions), code="E-REF-REGION")
        if agency.function not in _table(corpus, 'functions'):
            problems.error(w.path, w.line, f"agency '{agency.id}': unknown function '{agency.function}'",
                           _suggest(agency.function, corpus.functions), code="E-REF-FUNCTION")
        if agency.parent and agency.parent not in corpus.agencies:
            problems.error(w.path, w.line, f"agency '{agency.id}': unknown parent agency '{agency.parent}'",
                           _suggest(agency.parent, corpus.agencies), code="E-REF-AGENCY")
        if agency.kind == "section" and not agency.parent:
            problems.error(w.path, w.line, f"agency '{agency.id}' is an internal section without a parent agency",
                           "set parent: to the agency it belongs to", code="E-AGENCY-SECTION")
        if not agency.name.en:
            problems.error(w.path, w.line, f"agency '{agency.id}' has no English name", "fill in name.en", code="E-EN-MISSING")
        if agency.note and not (agency.note.zh and agency.note.en):
            problems.error(w.path, w.line, f"agency '{agency.id}': the note needs both zh and en",
                           "write the note in both languages (note: {zh: …, en: …})", code="E-EN-MISSING")
        elif agency.note:
            _check_english_note(problems, w, f"agency '{agency.id}': the English note", agency.note.en)
        for alias in agency.aliases:
            key = (agency.jurisdiction, alias)
            if key in seen_alias and seen_alias[key] != agency.id:
                problems.error(w.path, w.line,
                               f"alias '{alias}' is claimed by both '{seen_alias[key]}' and '{agency.id}' in {agency.jurisdiction}",
                               "an alias must name one agency per jurisdiction: remove it from one of them", code="E-AGENCY-ALIAS-CLASH")
            seen_alias[key] = agency.id
    for term in corpus.glossary:  # the notes are shown to English readers on the glossary page
        _check_english_note(problems, term.where, f"glossary term '{term.zh}': the note", term.note)
    for function in corpus.functions.values():
        if not function.name.en:
            problems.error(function.where.path, function.where.line, f"function '{function.id}' has no English name",
                           "fill in name.en", code="E-EN-MISSING")
    items = {item.id for fw in corpus.frameworks.values() for item in fw.items}
    for theme in corpus.themes.values():
        w = theme.where
        if not theme.name.en or not theme.description.en:
            problems.error(w.path, w.line, f"theme '{theme.id}' lacks English name or description", "fill in the en fields",
                           code="E-EN-MISSING")
        if theme.framework_item and theme.framework_item not in items and 'frameworks' not in corpus.unavailable:
            problems.error(w.path, w.line, f"theme '{theme.id}': unknown framework item '{theme.framework_item}'",
                           f"use one of {', '.join(sorted(items, key=int))}", code="E-REF-FRAMEWORK-ITEM")
    for fw in corpus.frameworks.values():
        for item in fw.items:
            if item.theme and item.theme not in _table(corpus, 'themes'):
                problems.error(fw.where.path, fw.where.line or 1, f"framework item {item.id}: unknown theme '{item.theme}'",
                               _suggest(item.theme, corpus.themes), code="E-REF-THEME")


def _check_english_note(problems: ProblemList, where, subject: str, note: str | None) -> None:
    """English readers see editors' notes: Chinese in them must be a quoted name, nothing else."""
    leftover = chinese_left_in_english(note or "")
    if leftover:
        problems.error(where.path, where.line, f"{subject} still contains Chinese ({leftover[:20]})",
                       "quote names shown on purpose: “市人社局”", code="E-EN-CHINESE-LEFT")


def resolve_unit(corpus: Corpus, doc: Document, name: str) -> str | None:
    """The agency a printed unit name means in this document's jurisdiction (nearest region first)."""
    for region in corpus.region_chain(doc.region):
        found = corpus.agency_by_alias(region, name)
        if found:
            return found
    return None


def check_document(corpus: Corpus, doc: Document, project: Project, problems: ProblemList,
                   today: dt.date | None = None) -> None:
    path = doc.where.path
    stem = Path(path).stem
    if stem != doc.id:
        problems.error(path, doc.line_of("id"), f"document id '{doc.id}' differs from the file name '{stem}'",
                       f"rename the file to {doc.id}.yaml or set id: {stem}", code="E-DOC-ID")
    if doc.region is None:
        problems.error(path, doc.line_of("region"), "region is empty",
                       "set region: to an id from data/regions.yaml (add the region there if new)", code="E-DOC-REGION-EMPTY")
    elif doc.region not in _table(corpus, 'regions'):
        problems.error(path, doc.line_of("region"), f"unknown region '{doc.region}'", _suggest(doc.region, corpus.regions),
                       code="E-REF-REGION")
    _check_dates(doc, problems, today or dt.date.today())
    ids = set()
    known_items = {item.id for fw in corpus.frameworks.values() for item in fw.items}
    for p in doc.provisions:
        if p.id in ids:
            problems.error(path, p.line, f"provision id '{p.id}' appears twice", "give each provision its own id",
                           code="E-PROVISION-DUPLICATE")
        ids.add(p.id)
        if p.parent and p.parent not in ids:
            problems.error(path, p.line, f"provision '{p.id}' comes before (or without) its parent '{p.parent}'",
                           "keep provisions in reading order, parents first", code="E-PROVISION-ORDER")
        label = match_label(p.label) if p.label else None
        if label and str(label.value) != p.id.rsplit(".", 1)[-1]:
            problems.error(path, p.line, f"provision id '{p.id}' does not follow its printed label '{p.label}' "
                           f"(= {label.value})", f"the last part of the id must be {label.value}", code="E-PROVISION-LABEL")
        if p.is_measure and not p.themes:
            problems.error(path, p.line, f"measure {p.id} has no theme", "add at least one entry under themes: (id from data/themes.yaml)",
                           code="E-MEASURE-NO-THEME")
        for t in p.themes:
            if t.id not in _table(corpus, 'themes'):
                problems.error(path, t.line or p.line, f"unknown theme '{t.id}'", _suggest(t.id, corpus.themes), code="E-REF-THEME")
        for item in p.framework:
            if item not in known_items and 'frameworks' not in corpus.unavailable:
                problems.error(path, p.line, f"measure {p.id}: unknown framework item '{item}'",
                               f"use an item id of data/frameworks/*.yaml (1–{len(known_items)})", code="E-REF-FRAMEWORK-ITEM")
        if p.responsibility:
            for unit in p.responsibility.units:
                _check_unit(corpus, doc, p.id, unit, problems)
    if doc.unordered_units_from and doc.unordered_units_from not in ids:
        problems.error(path, doc.line_of("unordered_units_from"),
                       f"unordered_units_from names unknown provision '{doc.unordered_units_from}'",
                       "use the id of the provision whose note says 排序不分先后，下同", code="E-DOC-UNORDERED-FROM")
    if not doc.measures:
        problems.error(path, doc.line_of("provisions"), "the document has no measures", "mark its action provisions kind: measure",
                       code="E-DOC-NO-MEASURES")


def _check_unit(corpus: Corpus, doc: Document, pid: str, unit, problems: ProblemList) -> None:
    path = doc.where.path
    if {"agencies", "regions"} & corpus.unavailable:
        return
    expected = resolve_unit(corpus, doc, unit.name)
    if unit.agency is None:
        fix = (f"set agency: {expected}" if expected else
               f"add '{unit.name}' to the aliases of an agency of {doc.region or 'this region'} in data/agencies.yaml")
        problems.error(path, unit.line, f"measure {pid}: unit '{unit.name}' is not resolved to an agency", fix, code="E-UNIT-UNRESOLVED")
        return
    agency = corpus.agencies.get(unit.agency)
    if agency is None:
        problems.error(path, unit.line, f"measure {pid}: unknown agency '{unit.agency}'", _suggest(unit.agency, corpus.agencies),
                       code="E-REF-AGENCY")
        return
    chain = corpus.region_chain(doc.region)
    if expected is None and chain:
        # the printed name is evidence: a name no alias knows is a typo or an alias not yet added, and
        # would otherwise reach the downloads as agencies_raw next to an agency it never named
        problems.error(path, unit.line, f"measure {pid}: unit '{unit.name}' resolves to no agency of {doc.region} "
                       f"(it is set to '{unit.agency}')",
                       f"correct the name to the printed one, or add '{unit.name}' to the aliases of '{unit.agency}' in data/agencies.yaml",
                       code="E-UNIT-NOT-ALIAS")
    elif chain and agency.jurisdiction not in chain:
        problems.error(path, unit.line,
                       f"measure {pid}: '{unit.name}' resolves to '{agency.id}' of {agency.jurisdiction}, "
                       f"not of this document's region {doc.region}",
                       f"use an agency of {doc.region}" + (f" (the alias says {expected})" if expected else ""), code="E-UNIT-OTHER-REGION")
    elif expected and expected != unit.agency:
        problems.warning(path, unit.line, f"measure {pid}: '{unit.name}' is an alias of '{expected}' but is resolved to '{unit.agency}'",
                         "check which agency is meant", code="W-UNIT-ALIAS-MISMATCH")


def _check_dates(doc: Document, problems: ProblemList, today: dt.date) -> None:
    parsed = {}
    for name, value in (("issued", doc.issued), ("published", doc.published)):
        if not value:
            continue
        try:
            parts = [int(x) for x in value.split("-")]
            date = dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
        except ValueError:
            problems.error(doc.where.path, doc.line_of("dates"), f"dates.{name} '{value}' is not a real date", "use YYYY-MM-DD",
                           code="E-DATE-INVALID")
            continue
        if not (dt.date(1949, 10, 1) <= date <= today):
            problems.error(doc.where.path, doc.line_of("dates"), f"dates.{name} {value} is implausible (before 1949 or in the future)",
                           "check the date against the source", code="E-DATE-IMPLAUSIBLE")
        parsed[name] = date
    if "issued" in parsed and "published" in parsed and parsed["published"] < parsed["issued"]:
        problems.error(doc.where.path, doc.line_of("dates"), f"dates.published {doc.published} is before dates.issued {doc.issued}",
                       "check both dates against the source", code="E-DATE-ORDER")


def validate(project: Project, only_documents: list[Path] | None = None, check_seeds: bool = True,
             undrafted_seeds_fail: bool = False, cache: bool = True) -> tuple[Corpus, ProblemList]:
    """Every problem of the data in one run. A seed without a document is a warning for `validate`
    and an error for `build` (undrafted_seeds_fail): a build never drafts into data/ — ingest does.
    `cache`: reuse what .build/load-cache holds for unchanged files (load_cache.py); the problems are
    the same, in the same order, either way."""
    store = LoadCache(project, enabled=cache)
    corpus, problems = load_corpus(project, only_documents, store)
    check_reference_data(corpus, problems)
    if "glossary" not in corpus.unavailable:
        check_reference_translations(corpus, problems)
    regions = [{"id": r.id, "name": {"zh": r.name.zh}, "level": r.level, "aliases": r.aliases}
               for r in corpus.regions.values()]
    def check_one(doc: Document) -> list:
        found = ProblemList()
        check_document(corpus, doc, project, found)
        if "glossary" not in corpus.unavailable:
            check_translations(corpus, doc, found)
        check_target_overrides(doc, found)
        if check_seeds:
            check_seed(doc, project, found, regions)
        return found.problems

    # documents are checked against the reference data only, so they can be checked side by side;
    # a document whose file, reference data and seed are as in an earlier run keeps that run's problems
    docs = list(corpus.documents.values())
    keys = [store.check_key(doc.where.path, corpus.unavailable, check_seeds, doc.seed) for doc in docs]
    results = [store.get("checks", doc.where.path, key) for doc, key in zip(docs, keys, strict=True)]
    todo = [i for i, found in enumerate(results) if found is MISS]

    def check_and_store(i: int) -> list:
        found = check_one(docs[i])
        store.put("checks", docs[i].where.path, keys[i], found)  # by the worker: the parent would pickle it again
        return found

    for i, found in zip(todo, fork_map(check_and_store, todo), strict=True):
        store.remember("checks", docs[i].where.path, keys[i], found)
        results[i] = found
    for found in results:
        problems.extend(found)
    if "themes" not in corpus.unavailable:
        check_theme_consistency(corpus, problems)
    if only_documents is None and "documents" not in corpus.unavailable:
        seeds_with_docs = {d.seed for d in corpus.documents.values() if d.seed}
        for seed in seed_paths(project):
            rel = project.relative(seed)
            # a document that failed to load still exists: don't also call its seed orphaned
            if rel not in seeds_with_docs and not (project.documents / f"{seed.stem}.yaml").exists():
                if undrafted_seeds_fail:
                    problems.error(rel, 1, "seed has no document YAML yet, and a build does not draft into data/",
                                   f"run `make ingest` (or python -m generator ingest {rel}), complete the draft, then build",
                                   code="E-SEED-NO-DOCUMENT")
                else:
                    problems.warning(rel, 1, "seed has no document YAML yet",
                                     f"run `make ingest` (or python -m generator ingest {rel})", code="W-SEED-NO-DOCUMENT")
        # data/dataset.yaml: schema, SPDX licence ids; the version the site states (issue 14)
        corpus.dataset = load_dataset(project, problems)
        corpus.site_version = site_version(project, corpus.dataset, store)
    return corpus, with_columns(project, problems)


def with_columns(project: Project, problems: ProblemList) -> ProblemList:
    """Cross-file checks know the line of the entry at fault but not its column: point at the entry's
    first character on that line, so every message reads path:line:column."""
    lines: dict[str, list[str]] = {}
    located = ProblemList()
    for p in problems.problems:
        if p.line and not p.column:
            if p.path not in lines:
                try:  # bounded, regular files only: a problem may name a link to a device
                    raw = read_bounded(project.root / p.path, MAX_FILE_BYTES)
                    lines[p.path] = raw.decode("utf-8", errors="replace").splitlines()
                except DataError:
                    lines[p.path] = []
            text = lines[p.path][p.line - 1] if p.line <= len(lines[p.path]) else ""
            p = replace(p, column=len(text) - len(text.lstrip()) + 1)
        located.problems.append(p)
    return located
