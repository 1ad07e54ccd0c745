"""Command line: `python -m generator <command>`. Thin: parse arguments, call a stage, report.

Every error the project raises on purpose is a GeneratorError; it is printed as
`path:line:column: error: what — how to fix` lines and the exit status is 1. Anything else
is a bug and is reported as one (still without a traceback unless GENERATOR_DEBUG is set).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.errors import GeneratorError, Problem
from generator.paths import Project


def _print_problems(problems: list[Problem], stream=sys.stderr) -> None:
    by_file: dict[str, list[Problem]] = {}
    for p in sorted(problems):
        by_file.setdefault(p.path, []).append(p)
    for items in by_file.values():
        for p in items:
            print(p.format(), file=stream)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    print(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''} "
          f"in {len(by_file)} file{'s' if len(by_file) != 1 else ''}", file=stream)


def cmd_ingest(args, project: Project) -> int:
    from generator.data.seedcheck import seed_paths
    from generator.ingest.cli import ingest_seed

    seeds = [Path(s) for s in args.seeds] or seed_paths(project)
    mode = "merge" if args.merge else ("missing-only" if args.missing_only else "refuse")
    if args.id and len(seeds) != 1:
        raise GeneratorError("--id names one document: give exactly one seed with it", path="-", code="E-ARGUMENT")
    problems: list[Problem] = []
    for seed in seeds:
        try:
            for line in ingest_seed(project, seed, args.id, mode):
                print(line)
        except GeneratorError as exc:
            problems += exc.problems
    if problems:
        raise GeneratorError(problems)
    return 0


def _validated(project: Project, args=None):
    """Validate everything (or only the named files); report all problems; raise on errors."""
    from generator.data.validate import validate

    only = [Path(f).resolve() for f in getattr(args, "files", None) or []] or None
    corpus, problems = validate(project, only_documents=only)
    if problems.errors:
        from generator.errors import DataError

        raise DataError(problems.problems)
    return corpus, problems


def cmd_validate(args, project: Project) -> int:
    import time

    started = time.perf_counter()
    corpus, problems = _validated(project, args)
    if problems.warnings:
        _print_problems(problems.warnings)
    elapsed = time.perf_counter() - started
    measures = sum(len(d.measures) for d in corpus.documents.values())
    print(f"ok: {len(corpus.documents)} documents, {measures} measures, {len(corpus.agencies)} agencies, "
          f"{len(corpus.themes)} themes valid ({elapsed:.2f} s)")
    return 0


def cmd_stats(args, project: Project) -> int:
    from generator.data.load import load_corpus
    from generator.tools.stats import format_table

    corpus, problems = load_corpus(project)
    print(format_table(corpus))
    if problems.errors:
        print(f"(note: {len(problems.errors)} data errors; run `make validate` for details)")
    return 0


def cmd_build(args, project: Project) -> int:
    from generator.build import build
    from generator.settings import Settings

    report = build(project, search=not args.no_search, settings=Settings.from_environment(project.root, os.environ))
    for line in report.messages:
        print(line)
    print(report.format())
    return 0


def cmd_release(args, project: Project) -> int:
    """Record the data as the version data/dataset.yaml names (or, with --check, verify that it is)."""
    from generator.data.dataset import load_dataset, release, release_problems
    from generator.errors import DataError, ProblemList

    _validated(project)  # only valid data is released
    problems = ProblemList()
    dataset = load_dataset(project, problems)
    problems.raise_if_errors()
    if dataset is None:
        raise DataError(Problem("data/dataset.yaml", 0, 0, "file is missing", "create it (see data/schema/dataset.schema.json)",
                                code="E-FILE-MISSING"))
    if args.check:
        release_problems(project, dataset, problems)
        problems.raise_if_errors()
        print(f"ok: the data is release {dataset.version} ({dataset.released}); data/CHANGELOG.md is current")
        return 0
    print(release(project, dataset))
    return 0


def cmd_serve(args, project: Project) -> int:
    from generator.serve import serve
    from generator.settings import Settings

    return serve(project, args.address, Settings.from_environment(project.root, os.environ))


def cmd_fmt(args, project: Project) -> int:
    from generator.data.fmt import fmt

    lines, problems = fmt(project, check=args.check, only=args.files or None)
    for line in lines:
        print(line)
    if problems.errors:
        raise GeneratorError(problems.problems)
    if not args.check:
        print(f"{len(lines)} file{'s' if len(lines) != 1 else ''} reformatted")
    return 0


# new-document's checklist: which step a problem belongs to, by its code (English: every E-EN- code)
_CHECKLIST_STEP = {
    "E-DOC-REGION-EMPTY": "region", "E-REF-REGION": "region",
    "E-MEASURE-NO-THEME": "themes", "E-REF-THEME": "themes", "E-REF-FRAMEWORK-ITEM": "themes",
    "W-THEME-SHARED-EVIDENCE": "themes",
    "E-UNIT-UNRESOLVED": "agencies", "E-UNIT-NOT-ALIAS": "agencies", "E-UNIT-OTHER-REGION": "agencies",
    "E-REF-AGENCY": "agencies", "W-UNIT-ALIAS-MISMATCH": "agencies",
}


def cmd_new_document(args, project: Project) -> int:
    """Ingest one seed, then turn the validator's findings on the new file into an editor's checklist."""
    from collections import Counter

    from generator.data.validate import validate
    from generator.ingest.cli import ingest_seed

    seed = Path(args.seed)
    for line in ingest_seed(project, seed, args.id):
        print(line)
    target = project.documents / f"{args.id or seed.stem}.yaml"
    _, problems = validate(project, only_documents=[target])
    mine = [p for p in problems.problems if p.path == project.relative(target)]
    kinds = Counter(_CHECKLIST_STEP.get(p.code, "English" if p.code.startswith("E-EN-") else "other") for p in mine)
    rel = project.relative(target)
    print(f"\nChecklist for {rel} (details: make validate):")
    steps = [
        ("region", "set region: to an id of data/regions.yaml (add the region there if it is new)"),
        ("agencies", "resolve each printed unit: add it to the aliases of an agency of the region in data/agencies.yaml, "
                     "then set agency: on the unit"),
        ("themes", "give every measure 1–3 themes (id + why) from data/themes.yaml; framework items if it implements 厅字〔2019〕56号"),
        ("English", "translate every zh field (title, front lines, headings, texts) following data/glossary.yaml, "
                    "then set translation: {source: editorial, reviewed: false}"),
        ("other", "fix the remaining problems `make validate` lists"),
    ]
    for key, step in steps:
        if kinds[key]:
            print(f"  [ ] {step}  ({kinds[key]} open)")
    print("  [ ] check the metadata the text does not state is left empty, not guessed (dates, issuer, 文号)")
    print("  [ ] preview with `make serve`, then have a second editor review the English and set reviewed: true")
    return 0


def cmd_resolve(args, project: Project) -> int:
    """Fill agency: where the printed name resolves; list the rest (exit 1 while any is left)."""
    from generator.data.resolve import resolve

    only = [Path(f).resolve() for f in args.files] or None
    results, left = resolve(project, only)
    for r in results:
        if r.filled or r.left:
            print(f"{r.path}: filled agency: for {r.filled} unit{'s' if r.filled != 1 else ''}, {len(r.left)} left")
    if left:
        raise GeneratorError(left)
    print("every unit is resolved")
    return 0


def cmd_new_region(args, project: Project) -> int:
    from generator.data.newregion import new_region

    for line in new_region(project, args.id, args.zh, args.en, args.parent, args.level, args.code, args.alias):
        print(line)
    return 0


def cmd_weight(args, project: Project) -> int:
    from generator.tools.weight import weight_table

    site = Path(args.site) if args.site else project.site
    if not (site / "index.html").exists():
        raise GeneratorError("no built site here: run `make build` first", path=str(site), code="E-BUILD-NO-SITE")
    for lang in ("zh", "en"):
        print(f"\nFirst-visit bytes per page type ({lang}), heaviest page of each type:\n")
        print(weight_table(site, lang))
    return 0


def cmd_synth(args, project: Project) -> int:
    from generator.data.validate import validate
    from generator.tools.synth import synthesize

    target = synthesize(project, Path(args.out).resolve(), args.scale, args.seed)
    corpus, problems = validate(target)
    if problems.errors:
        raise GeneratorError(problems.problems)
    measures = sum(len(d.measures) for d in corpus.documents.values())
    print(f"synthesized {len(corpus.documents)} documents, {measures} measures at scale {args.scale} into {target.root} "
          f"(valid; build it with: python -m generator --root {target.root} build)")
    return 0


def cmd_bench(args, project: Project) -> int:
    from generator.tools.bench import run_bench

    scales = tuple(int(s) for s in args.scales.split(","))
    print(run_bench(scales=scales, out_dir=Path(args.out), hugo=not args.no_hugo))
    return 0


COMMANDS = {"synth": cmd_synth, "bench": cmd_bench, "weight": cmd_weight,
    "ingest": cmd_ingest, "new-document": cmd_new_document, "validate": cmd_validate, "fmt": cmd_fmt,
    "stats": cmd_stats, "build": cmd_build, "serve": cmd_serve, "release": cmd_release, "resolve": cmd_resolve,
    "new-region": cmd_new_region,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None, help="project checkout to work on (default: this one)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="draft data/documents/<id>.yaml from seed texts")
    p.add_argument("seeds", nargs="*", help="seed files: .txt, .html/.htm, .docx (default: every one in seeds/)")
    p.add_argument("--id", help="document id (default: the seed file name without its extension)")
    p.add_argument("--merge", action="store_true", help="re-ingest into an existing YAML, keeping editorial fields")
    p.add_argument("--missing-only", action="store_true", help="only seeds that have no YAML yet")
    p = sub.add_parser("validate", help="check all data (or only the given document files); every problem in one run")
    p.add_argument("files", nargs="*", help="document YAML files to check (default: everything)")
    p = sub.add_parser("build", help="validate, render and build the site into site/ (all or nothing)")
    p.add_argument("--no-search", action="store_true", help="skip the search index (faster previews)")
    p = sub.add_parser("serve", help="live preview: re-validates and re-renders when data, templates or docs change")
    p.add_argument("--address", default="127.0.0.1:8000")
    p = sub.add_parser("fmt", help="rewrite data files in the canonical YAML style (--check: list differences, exit 1)")
    p.add_argument("--check", action="store_true")
    p.add_argument("files", nargs="*", type=Path, help="only these data files (default: all of data/)")
    p = sub.add_parser("new-document", help="ingest one seed and print the checklist of what an editor must fill in")
    p.add_argument("seed", help="the document as a .txt, saved web page (.html/.htm) or Word file (.docx)")
    p.add_argument("--id", help="document id (default: the seed file name without its extension)")
    p = sub.add_parser("resolve", help="fill agency: for every unit whose printed name is an alias of the document's "
                       "jurisdiction; list the rest with suggestions")
    p.add_argument("files", nargs="*", help="document YAML files (default: every document)")
    p = sub.add_parser("new-region", help="add a region to data/regions.yaml and list the next steps")
    p.add_argument("id", help="lowercase ASCII words joined by hyphens, e.g. shijiazhuang")
    p.add_argument("--zh", required=True, help="full Chinese name, e.g. 石家庄市")
    p.add_argument("--en", required=True, help="English name, e.g. Shijiazhuang")
    p.add_argument("--parent", required=True, help="id of the region above it (china for a province)")
    p.add_argument("--level", required=True, help="province, prefecture or county")
    p.add_argument("--code", default=None, help="GB/T 2260 code, if known")
    p.add_argument("--alias", action="append", default=[], help="a short name documents print (repeatable)")
    p = sub.add_parser("weight", help="first-visit bytes per page type of the built site (HTML, CSS, JS, images)")
    p.add_argument("--site", help="built site directory (default: site/)")
    p = sub.add_parser("synth", help="write a project copy with N× the seed corpus (deterministic) for benchmarks")
    p.add_argument("--scale", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", default=".build/synth", help="where to write the synthetic project")
    p = sub.add_parser("bench", help="benchmark the build at several scales against Hugo; writes bench-results/")
    p.add_argument("--scales", default="1,10,100")
    p.add_argument("--out", default="bench-results")
    p.add_argument("--no-hugo", action="store_true")
    sub.add_parser("stats", help="per-document counts: measures, responsibility, agencies, themes, English")
    p = sub.add_parser("release", help="record the data as data/dataset.yaml's version; writes data/releases.json and data/CHANGELOG.md")
    p.add_argument("--check", action="store_true", help="only check: the data is that release and the changelog is current")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    project = Project(args.root.resolve()) if args.root else Project()
    try:
        return COMMANDS[args.command](args, project)
    except GeneratorError as exc:
        _print_problems(exc.problems)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug: say so plainly, keep the trace for developers only
        if os.environ.get("GENERATOR_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} — this is a bug in the generator; "
              "re-run with GENERATOR_DEBUG=1 for the traceback and report it", file=sys.stderr)
        return 2
