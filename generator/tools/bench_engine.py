"""The benchmark's engine-side measurements (used by tools/bench.py): full builds sampled several times
(median, with the machine's load noted, since the machine is shared), the engine's own time against
Hugo's, a profile of the engine process (where MkDocs spends its time), and the incremental rebuild.
"""

from __future__ import annotations

import os
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from generator.paths import Project

# where a profiled function's file lives → the part of the engine it belongs to (first match wins)
PROFILE_BUCKETS = [
    ("/material/", "Material (templates, plugins)"),
    ("/jinja2/", "Jinja (Material's templates)"),
    ("<template>", "Jinja (Material's templates)"),
    ("/markdown/", "Python-Markdown"),
    ("/pymdownx/", "Python-Markdown"),
    ("/mkdocs_static_i18n/", "i18n plugin"),
    ("/generator/engine/", "our hooks"),
    ("/mkdocs/", "MkDocs core"),
    ("/properdocs/", "MkDocs core"),
    ("/yaml/", "YAML (config)"),
]


def loadavg() -> float:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return -1.0


def sampled_builds(project: Project, out: Path, samples: int) -> tuple[object, dict]:
    """`samples` clean full builds of the project; the report of the last, and the median total with every
    sample and the 1-minute load average before each.

    Clean as on a fresh clone: .build/ is deleted first (every cache, the compiled templates) and the
    build runs as `make build` does, filling the caches as it goes. So the caches are warm afterwards,
    as an editor has them after `make build` (incremental_build starts from there)."""
    from generator.build import build

    totals, loads, engine_s, report = [], [], [], None
    for _ in range(max(1, samples)):
        shutil.rmtree(project.build, ignore_errors=True)
        loads.append(loadavg())
        start = time.perf_counter()
        report = build(project, out=out, search=True)
        totals.append(round(time.perf_counter() - start, 3))
        engine_s.append(round(report.timings.get("mkdocs", 0.0), 3))
    return report, {"total_build_s": statistics.median(totals), "build_samples_s": totals,
                    "engine_s": statistics.median(engine_s), "engine_samples_s": engine_s, "load_before_samples": loads}


def incremental_build(project: Project, out: Path) -> dict:
    """A build with the caches warm after one measure's English changed: what `make build` costs
    after an edit (the engine rebuilds only the pages that show it). The caches are those the last
    build left (sampled_builds'); without them, a build fills them first."""
    from generator.build import build
    from generator.data.load_cache import FOLDER as LOAD_CACHE
    from generator.site.render_cache import FOLDER as RENDER_CACHE
    from generator.tools.bench_edit import probe_edit

    if not all((project.build / folder).is_dir() for folder in (LOAD_CACHE, RENDER_CACHE, "engine-cache")):
        build(project, out=out, search=True)
    probe = probe_edit(project, "Revised")
    if probe is None:
        return {"incremental_error": "no measure with English written as-is to edit"}
    doc, original, edited = probe
    try:
        doc.write_text(edited, encoding="utf-8")
        start = time.perf_counter()
        report = build(project, out=out, search=True, cache=True)
        return {"incremental_build_s": round(time.perf_counter() - start, 3),
                "incremental_engine_s": round(report.timings.get("mkdocs", 0.0), 3)}
    finally:
        doc.write_text(original, encoding="utf-8")


def engine_profile(project: Project, top: int = 8) -> dict:
    """cProfile the engine alone (no page cache) over the staged project: own time per part."""
    from generator.engine.runner import engine_env
    from generator.settings import Settings

    staged = project.build / "staging" / "mkdocs.yml"
    profile_out, site = project.build / "engine.prof", project.build / "profile-site"
    shutil.rmtree(site, ignore_errors=True)
    env = engine_env({"SOURCE_DATE_EPOCH": Settings.defaults(project.root).source_date_epoch, "PYTHONHASHSEED": "0"})
    cmd = [sys.executable, "-m", "cProfile", "-o", str(profile_out), "-m", "mkdocs", "build", "-q", "-f", str(staged),
           "-d", str(site)]
    done = subprocess.run(cmd, cwd=project.root, env=env, capture_output=True, text=True)
    shutil.rmtree(site, ignore_errors=True)
    if done.returncode != 0:
        return {"engine_profile_error": (done.stderr or done.stdout).strip().splitlines()[-3:]}
    stats = pstats.Stats(str(profile_out))
    buckets: dict[str, float] = {}
    total = 0.0
    for (filename, _, _), (_, _, own, _, _) in stats.stats.items():
        total += own
        part = next((name for needle, name in PROFILE_BUCKETS if needle in filename), "other (stdlib, I/O)")
        buckets[part] = buckets.get(part, 0.0) + own
    ranked = sorted(buckets.items(), key=lambda kv: -kv[1])[:top]
    return {"engine_profile": {"total_s": round(total, 2),
                               "parts": [{"part": k, "own_s": round(v, 2), "share": round(v / total, 3) if total else 0}
                                         for k, v in ranked]}}


def format_engine(results: list[dict]) -> str:
    """The report's section on the engine: samples and load, engine ÷ Hugo, incremental, profile."""
    lines = []
    for r in results:
        line = (f"- {r['scale']}×: full build median {r['total_build_s']:.1f} s of {len(r.get('build_samples_s', [1]))} "
                f"samples {r.get('build_samples_s', [])} (load average before each: {r.get('load_before_samples', [])})")
        if "hugo_s" in r and r["hugo_s"]:
            engine = r.get("engine_s", 0)
            line += f"; engine alone {engine:.1f} s ÷ Hugo alone {r['hugo_s']:.1f} s = {engine / r['hugo_s']:.1f}×"
        if "incremental_build_s" in r:
            line += (f"; after one measure's edit, a cached `make build` {r['incremental_build_s']:.1f} s "
                     f"(engine {r['incremental_engine_s']:.1f} s)")
        lines.append(line)
    parts = ["## Engine\n\n" + "\n".join(lines) + "\n"]
    for r in results:
        p = r.get("engine_profile")
        if p:
            rows = ["| part | own s | share |", "| --- | ---: | ---: |"]
            rows += [f"| {e['part']} | {e['own_s']:.1f} | {e['share'] * 100:.0f} % |" for e in p["parts"]]
            parts.append(f"### MkDocs profile at {r['scale']}× (the engine alone, cProfile, {p['total_s']:.1f} s)\n\n"
                         + "\n".join(rows) + "\n")
    return "\n".join(parts)
