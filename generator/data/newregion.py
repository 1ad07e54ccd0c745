"""`python -m generator new-region` (make new-region): add a region to data/regions.yaml from what the
editor knows (id, names, parent, level, optional code and printed short names), refuse what would be
invalid, and print the remaining steps (its agencies, then `make resolve`). Agencies are not scaffolded:
their official names must come from a source, and a generated guess would look like a fact."""

from __future__ import annotations

import re

import yaml

from generator.data.fmt import fmt
from generator.data.load import load_corpus
from generator.errors import GeneratorError, Problem
from generator.paths import Project

ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
LEVELS = ("province", "prefecture", "county")


def new_region(project: Project, region_id: str, zh: str, en: str, parent: str, level: str,
               code: str | None = None, aliases: list[str] | None = None) -> list[str]:
    path = project.data / "regions.yaml"
    rel = project.relative(path)
    corpus, problems = load_corpus(project)
    if "regions" in corpus.unavailable:
        raise GeneratorError(problems.errors or [Problem(rel, 1, 1, "regions.yaml does not load", "run make validate",
                                                         code="E-FILE-MISSING")])
    wrong = []
    if not ID.match(region_id):
        wrong.append(("the id must be lowercase ASCII words joined by hyphens", "e.g. shijiazhuang or hebei"))
    existing = corpus.regions.get(region_id)
    if parent not in corpus.regions:
        wrong.append((f"unknown parent region '{parent}'", "use the id of its province (or china for a province)"))
    if level not in LEVELS:
        wrong.append((f"level '{level}' is not one of {', '.join(LEVELS)}", "province, prefecture or county"))
    if code is not None and not re.fullmatch(r"[0-9]{6}", code):
        wrong.append((f"code '{code}' is not a six-digit GB/T 2260 code", "leave it out if you do not have it"))
    if not zh or not en:
        wrong.append(("both names are needed", "give --zh and --en"))
    found = [Problem("-", 0, 0, what, fix, code="E-ARGUMENT") for what, fix in wrong]  # command-line arguments: no file position
    if existing:
        found.append(Problem(rel, existing.where.line, 1, f"region '{region_id}' already exists",
                             "choose another id, or edit the existing entry", code="E-REGION-EXISTS"))
    if found:
        raise GeneratorError(found)
    entry = {"id": region_id, "name": {"zh": zh, "en": en}, "level": level, "parent": parent, "code": code,
             "aliases": list(aliases or [])}
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n" + yaml.safe_dump([entry], allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    _, fmt_problems = fmt(project, check=False, only=[path])
    if fmt_problems.errors:
        raise GeneratorError(fmt_problems.problems)
    return [
        f"added region '{region_id}' ({zh} / {en}) under '{parent}' to {rel}",
        "next:",
        f"  [ ] add its agencies to data/agencies.yaml: id {region_id}-<function>, name {{zh, en}} (official names, from a source), "
        f"jurisdiction: {region_id}, function, kind, parent: null, aliases: every name as the document prints it",
        f"  [ ] set region: {region_id} in the document, then run make resolve and make validate",
    ]
