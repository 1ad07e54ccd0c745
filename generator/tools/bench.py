"""Benchmark: build synthetic corpora of 1×, 10×, 100× the seed corpus and compare with Hugo.

For each scale the corpus is synthesized (`generator.tools.synth`) into out_dir/work/scale-N, then a
*fresh Python process* (`python -m generator.tools.bench --measure …`) runs the real `build()` on it, so
that peak memory (getrusage of the process itself plus its largest child: mkdocs, pagefind) belongs
to that scale alone. The same process then measures the built site/ and runs Hugo over the very
Markdown our render stage staged (.build/staging/docs), with a minimal layout of the same job
(page shell, section nav, table of contents, content). At the largest scale it also profiles
validate and render with cProfile (a separate run, so timings are not inflated).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from generator.paths import REPO_ROOT, Project
from generator.tools.bench_edit import format_caches, measure_caches, measure_edit_loop, stop_process_group  # noqa: F401 (tests use stop_process_group)
from generator.tools.bench_engine import format_engine
from generator.tools.bench_hugo import ensure_hugo, hugo_version, run_hugo, tree_size

COLUMNS = ["scale", "documents", "measures", "ingest s", "validate s", "render s", "related s (in render)", "mkdocs s", "pagefind s",
           "total build s", "peak RSS MB", "site/ MB", "largest HTML page", "HTML pages", "search index MB",
           "search KB per query: warm / cold (cold gzip)", "Hugo s (+ Pagefind)", "ours ÷ Hugo (÷ Hugo + Pagefind)"]


# ---- measuring one scale (runs in its own process) ------------------------------------------------

def _maxrss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kilobytes


def site_stats(site: Path) -> dict:
    html = [p for p in site.rglob("*.html") if p.is_file()]
    largest = max(html, key=lambda p: p.stat().st_size, default=None)
    return {
        "site_bytes": tree_size(site),
        "html_pages": len(html),
        "largest_html_bytes": largest.stat().st_size if largest else 0,
        "largest_html_path": largest.relative_to(site).as_posix() if largest else None,
        "search_index_bytes": tree_size(site / "pagefind"),
    }


def profile_stages(project: Project, top: int = 5) -> dict:
    """cProfile validate + render (our code's share of the build); the top functions by own time.
    Serial: cProfile sees only its own process, and the point is where the work goes, not how it splits."""
    from generator import parallel
    from generator.data.validate import validate
    from generator.engine.staging import render_site_sources

    parallel.workers = lambda: 1  # this measuring process ends right after

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    corpus, _ = validate(project)
    profiler.disable()
    validate_s = time.perf_counter() - start
    start = time.perf_counter()
    profiler.enable()
    render_site_sources(project, corpus, project.build / "profile-staging")
    profiler.disable()
    render_s = time.perf_counter() - start
    shutil.rmtree(project.build / "profile-staging", ignore_errors=True)
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    for (filename, line, name), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = _short_path(filename)
        rows.append({"function": f"{where}:{line}({name})" if line else name, "calls": ncalls,
                     "own_s": round(tottime, 2), "cumulative_s": round(cumtime, 2), "ours": where.startswith("generator/")})
    by_own = sorted(rows, key=lambda r: -r["own_s"])[:top]
    ours_cum = sorted((r for r in rows if r["ours"]), key=lambda r: -r["cumulative_s"])
    # skip the stage entry points themselves: they cover everything
    ours_cum = [r for r in ours_cum if not r["function"].endswith(("(validate)", "(render_site_sources)"))][:top]
    return {"profiled_validate_s": round(validate_s, 2), "profiled_render_s": round(render_s, 2),
            "top_own": by_own, "top_ours_cumulative": ours_cum}


def _short_path(filename: str) -> str:
    path = filename.replace("\\", "/")
    for marker in ("/site-packages/", "/generator/"):
        if marker in path:
            head = "generator/" if marker == "/generator/" else ""
            return head + path.split(marker, 1)[1]
    return path.rsplit("/", 1)[-1] if "/" in path else path


def measure(root: Path, hugo_bin: str | None, profile: bool, edit_loop: bool = False, samples: int = 1,
            edit_saves: int = 2) -> dict:
    """Build the project at root `samples` times and measure it (call in a fresh process: rusage is per process)."""
    from generator.tools.bench_engine import engine_profile, incremental_build, sampled_builds

    project = Project(root)
    out = project.site
    scale = max(1, round(len(list(project.documents.glob("*.yaml"))) / max(1, len(list(project.seeds.glob("*.txt"))))))
    ingest_s = measure_ingest(project, scale)
    report, sampled = sampled_builds(project, out, samples)
    result: dict = {
        "timings": {k: round(v, 3) for k, v in report.timings.items()},
        "ingest_s": round(ingest_s, 3),
        **sampled,
        "pages_per_language": report.pages,
        "peak_self_mb": round(_maxrss_mb(resource.RUSAGE_SELF), 1),
        "peak_children_mb": round(_maxrss_mb(resource.RUSAGE_CHILDREN), 1),
        "related_s": round(measure_related(project), 3),
    }
    result.update(site_stats(out))
    result.update(measure_search(out))
    if hugo_bin:
        result.update(run_hugo(hugo_bin, project.build / "staging" / "docs", project.build / "hugo"))
    if profile:
        result["profile"] = profile_stages(project)
        result.update(engine_profile(project))
    result.update(incremental_build(project, out))
    result.update(measure_caches(project))  # validate and render, clean against cached; one-file validate
    if edit_loop:
        result.update(measure_edit_loop(project, timeout_s=90 * scale, saves_wanted=edit_saves))  # a 100× preview renders for minutes
    return result


def measure_related(project: Project) -> float:
    """The related-measures stage alone (generator/analyse/related.py; part of render in the build), in seconds."""
    from generator.analyse.related import related_measures
    from generator.data.load import load_corpus

    corpus, _ = load_corpus(project)
    start = time.perf_counter()
    related_measures(corpus)
    return time.perf_counter() - start


def measure_ingest(project: Project, times: int) -> float:
    """Seconds to draft YAML from the five seed texts `times` times over (in memory): ingesting as many
    raw texts as the corpus at this scale holds documents. Synthetic documents have no seed of their own."""
    from generator.ingest import ingest_bytes

    seeds = [(p.read_bytes(), project.relative(p), p.stem) for p in sorted(project.seeds.glob("*.txt"))]
    start = time.perf_counter()
    for _ in range(times):
        for raw, rel, stem in seeds:
            ingest_bytes(raw, rel, stem, [])
    return time.perf_counter() - start


def measure_search(site: Path) -> dict:
    """Bytes a browser downloads for a query (see generator.tools.searchprobe); n/a without Playwright/chromium."""
    try:
        from generator.tools.searchprobe import measure_site

        return measure_site(site)
    except Exception as exc:  # noqa: BLE001 - a missing browser blanks the column, with the reason
        return {"search_error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"}


# ---- the driver ---------------------------------------------------------------------------------

def count_corpus(project: Project) -> tuple[int, int]:
    """(documents, measures) straight from the YAML files."""
    from generator.data.yamlio import load_yaml

    documents = measures = 0
    for path in sorted(project.documents.glob("*.yaml")):
        data = load_yaml(path)
        documents += 1
        measures += sum(1 for p in data["provisions"] if p.get("kind") == "measure")
    return documents, measures


def run_bench(scales=(1, 10, 100), out_dir: Path = Path("bench-results"), hugo: bool = True,
              seed: int = 1, profile: bool = True, source: Project | None = None, keep: bool = False,
              warmup: bool = True, samples: int = 3, edit_saves: int = 2) -> str:
    """Benchmark every scale; write out_dir/bench.md and out_dir/bench.json; return the results table.

    profile: cProfile validate + render at the largest scale (an extra run, not part of the timings).
    keep: keep the synthesized projects and built sites in out_dir/work (deleted by default).
    edit_saves: saves the edit-loop probe times (2: the first after a release and the usual one; 1: the first).
    warmup: build the 1× project once, unmeasured, first (the first build after a while pays seconds
    of cold disk caches and bytecode compilation, which would land on the first scale only).
    """
    from generator.tools.synth import synthesize

    source = source or Project()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    hugo_bin, hugo_reason = ensure_hugo() if hugo else (None, "Hugo comparison switched off")
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    if warmup:
        work = out_dir / "work" / "warmup"
        synthesize(source, work, 1, seed)
        subprocess.run([sys.executable, "-m", "generator.tools.bench", "--measure", str(work.resolve())],
                       capture_output=True, text=True, env=env, check=True)
    results = []
    for scale in scales:
        work = out_dir / "work" / f"scale-{scale}"
        start = time.perf_counter()
        project = synthesize(source, work, scale, seed)
        synth_s = time.perf_counter() - start
        documents, measures = count_corpus(project)
        print(f"bench: scale {scale}: {documents} documents, {measures} measures (synthesized in {synth_s:.1f} s); building…",
              file=sys.stderr, flush=True)
        cmd = [sys.executable, "-m", "generator.tools.bench", "--measure", str(work.resolve())]
        if hugo_bin:
            cmd += ["--hugo", hugo_bin]
        if profile and scale == max(scales):
            cmd += ["--profile"]
        cmd += ["--edit-loop", "--edit-saves", str(edit_saves), "--samples", str(samples)]  # the editor's loop at every scale (issue 19)
        done = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise RuntimeError(f"benchmark of scale {scale} failed:\n{done.stderr[-3000:]}")
        row = json.loads(done.stdout.strip().splitlines()[-1])
        row.update({"scale": scale, "documents": documents, "measures": measures, "synthesize_s": round(synth_s, 2)})
        results.append(row)
        print(f"bench: scale {scale}: built in {row['total_build_s']:.1f} s", file=sys.stderr, flush=True)
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    if not keep:
        shutil.rmtree(out_dir / "work", ignore_errors=True)
    info = machine_info(hugo_bin, hugo_reason)
    table = format_table(results)
    (out_dir / "bench.json").write_text(json.dumps({"machine": info, "results": results}, ensure_ascii=False, indent=2) + "\n",
                                        encoding="utf-8")
    (out_dir / "bench.md").write_text(format_report(table, results, info), encoding="utf-8")
    return table


def machine_info(hugo_bin: str | None, hugo_reason: str) -> dict:
    from importlib.metadata import version

    def v(name: str) -> str:
        try:
            return version(name)
        except Exception:  # noqa: BLE001 - a missing package only blanks its version
            return "?"

    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "mkdocs": v("mkdocs"), "mkdocs-material": v("mkdocs-material"), "mkdocs-static-i18n": v("mkdocs-static-i18n"),
        "pagefind": v("pagefind"), "hugo": hugo_version(hugo_bin) if hugo_bin else f"n/a ({hugo_reason})",
    }


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f}"


def format_table(results: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join(" ---: " if c != "largest HTML page" else " --- " for c in COLUMNS) + "|"]
    for r in results:
        t = r["timings"]
        if "hugo_s" in r:
            with_search = r["hugo_s"] + (r.get("hugo_pagefind_s") or 0)
            hugo = f"{r['hugo_s']:.1f} ({with_search:.1f})"
            ratio = f"{r['total_build_s'] / r['hugo_s']:.1f}× ({r['total_build_s'] / with_search:.1f}×)"
        else:
            hugo, ratio = "n/a", "n/a"
        search = (f"{r['warm_query_bytes'] / 1024:.0f} / {r['cold_query_bytes'] / 1024:.0f} "
                  f"({r['cold_query_gzip_bytes'] / 1024:.0f})" if "warm_query_bytes" in r else "n/a")
        cells = [
            f"{r['scale']}×", f"{r['documents']:,}", f"{r['measures']:,}", f"{r.get('ingest_s', 0):.1f}",
            f"{t.get('validate', 0):.1f}", f"{t.get('render', 0):.1f}", f"{r.get('related_s', 0):.1f}", f"{t.get('mkdocs', 0):.1f}",
            f"{t.get('pagefind', 0):.1f}", f"{r['total_build_s']:.1f}",
            f"{r['peak_self_mb'] + r['peak_children_mb']:.0f} ({r['peak_self_mb']:.0f} + {r['peak_children_mb']:.0f})",
            _mb(r["site_bytes"]), f"{r['largest_html_bytes'] / 1024:.0f} KB `{r['largest_html_path']}`",
            f"{r['html_pages']:,}", _mb(r["search_index_bytes"]), search, hugo, ratio,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def format_report(table: str, results: list[dict], info: dict) -> str:
    parts = [
        "# Benchmark results\n",
        f"{info['date']} · {info['cpus']} CPUs, {info['memory_gb']} GB · Python {info['python']} · "
        f"MkDocs {info['mkdocs']}, Material {info['mkdocs-material']}, i18n {info['mkdocs-static-i18n']}, "
        f"Pagefind {info['pagefind']} · Hugo: {info['hugo']}\n",
        table,
        "Peak RSS = our Python process + its largest child (mkdocs or pagefind), an upper bound of what runs at once. "
        "Hugo builds the same staged Markdown (both languages) with a minimal layout: page shell, section nav, "
        "table of contents, content; no theme. \"+ Pagefind\" adds the same Pagefind indexing over Hugo's pages, "
        "for a like-for-like total. Search KB: what a browser downloads from /pagefind/ for one query on the home page "
        "(cold: the first query, with Pagefind's code and WASM; warm: a later query), as served by a plain "
        "server, and in brackets gzip-compressed as a typical host sends it (index files are already compressed). "
        "Times are wall-clock seconds.\n",
    ]
    growth = [r for r in results if r["scale"] in (10, 100)]
    if len(growth) == 2:
        small, large = growth
        corpus, build = large["measures"] / small["measures"], large["total_build_s"] / small["total_build_s"]
        verdict = "linear or better" if build <= corpus * 1.05 else "faster than linear"
        parts.append(f"Growth from 10× to 100×: the corpus grows {corpus:.1f}×, the build {build:.1f}× ({verdict}).\n")
    editors = []
    for r in results:
        line = f"- {r['scale']}×: `python -m generator validate <one file>` {r['validate_one_document_s']:.2f} s"
        if "edit_loop_s" in r:
            line += f"; `make serve` shows a saved YAML change after {r['edit_loop_s']:.1f} s"
        if "edit_loop_next_s" in r:
            line += f" (the next save: {r['edit_loop_next_s']:.1f} s)"
        for name in ("edit_loop_error", "edit_loop_next_error"):
            if name in r:
                line += f"; edit loop not measured: {r[name]}"
        if "search_error" in r:
            line += f"; search bytes not measured: {r['search_error']}"
        editors.append(line)
    parts.append("## Editors\n\n" + "\n".join(editors) + "\n")
    extra = []
    for r in results:
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in r["timings"].items())
        line = f"- {r['scale']}×: synthesize {r['synthesize_s']:.1f} s (not part of the build); build: {steps}; " \
               f"{r['pages_per_language']:,} pages per language"
        if "hugo_s" in r:
            line += f"; Hugo: {r['hugo_html_pages']:,} HTML pages, {_mb(r['hugo_site_bytes'])} MB, peak {r['hugo_peak_mb']:.0f} MB"
        if "hugo_error" in r:
            line += f"; Hugo failed: {' | '.join(r['hugo_error'])}"
        extra.append(line)
    parts.append("## Stages\n\n" + "\n".join(extra) + "\n")
    parts.append(format_engine(results))
    parts.append(format_caches(results))
    profiled = [r for r in results if r.get("profile")]
    if profiled:
        r = profiled[-1]
        p = r["profile"]
        rows = ["| function | calls | own s | cumulative s |", "| --- | ---: | ---: | ---: |"]
        rows += [f"| `{e['function']}` | {e['calls']:,} | {e['own_s']:.1f} | {e['cumulative_s']:.1f} |" for e in p["top_own"]]
        ours = ["| function | calls | cumulative s |", "| --- | ---: | ---: |"]
        ours += [f"| `{e['function']}` | {e['calls']:,} | {e['cumulative_s']:.1f} |" for e in p["top_ours_cumulative"]]
        parts.append(
            f"## Profile at {r['scale']}× (validate + render under cProfile)\n\n"
            f"Profiled run, on one core: validate {p['profiled_validate_s']:.1f} s, render {p['profiled_render_s']:.1f} s "
            "(cProfile roughly doubles them; the build itself spreads both over the cores).\n\n"
            "Top functions by own time:\n\n" + "\n".join(rows) +
            "\n\nOur functions by cumulative time:\n\n" + "\n".join(ours) + "\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.tools.bench")
    parser.add_argument("--measure", type=Path, help="(internal) build and measure the project at this root; print JSON")
    parser.add_argument("--hugo", help="(with --measure) the hugo binary")
    parser.add_argument("--profile", action="store_true", help="(with --measure) also profile validate + render")
    parser.add_argument("--edit-loop", action="store_true", help="(with --measure) also time make serve's edit loop")
    parser.add_argument("--edit-saves", type=int, default=2, choices=(1, 2),
                        help="(with --edit-loop) saves timed: 2 = the first after a release and the usual one (default); 1 = the first")
    parser.add_argument("--samples", type=int, default=3, help="full builds per scale; the median is reported (default 3)")
    parser.add_argument("--scales", default="1,10,100", help="comma-separated scales (default 1,10,100)")
    parser.add_argument("--out", type=Path, default=Path("bench-results"))
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the synthesized projects and sites")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile run at the largest scale")
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.hugo, args.profile, args.edit_loop, args.samples, args.edit_saves)))
        return 0
    scales = tuple(int(s) for s in args.scales.split(",") if s.strip())
    print(run_bench(scales, args.out, hugo=not args.no_hugo, keep=args.keep, profile=not args.no_profile, samples=args.samples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
