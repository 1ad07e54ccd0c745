"""`python -m generator build`: the whole pipeline, all-or-nothing.

ingest missing seeds → validate (incl. seed check) → render Markdown → mkdocs build (strict) into a
temporary directory → exports → search index → swap into site/. Any failure leaves the previous
site/ untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .analyse import analyse
from .errors import BuildError, DataError, Problem
from .export import write_exports
from .ingest_cli import ingest_seed
from .paths import Project, with_generator_importable
from .render import render_site_sources
from .validate import validate


@dataclass
class BuildReport:
    timings: dict[str, float] = field(default_factory=dict)
    pages: int = 0
    exports: dict[str, int] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    def format(self) -> str:
        steps = ", ".join(f"{k} {v:.2f} s" for k, v in self.timings.items())
        total = sum(self.timings.values())
        return f"built site/ in {total:.1f} s ({steps}); {self.pages} pages per language; exports: " + \
            ", ".join(f"{k} {v}" for k, v in self.exports.items())


def source_date_epoch(project: Project) -> str:
    """Reproducible timestamps: the last commit's time (or a fixed epoch outside git)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project.root, capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return "1577836800"


def build(project: Project, out: Path | None = None, search: bool = True) -> BuildReport:
    report = BuildReport()
    out = out or project.site
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.timings[name] = now - clock
        clock = now

    for seed in sorted(project.seeds.glob("*.txt")):
        report.messages += ingest_seed(project, seed, mode="missing-only")
    lap("ingest")
    corpus, problems = validate(project)
    if problems.errors:
        raise DataError(problems.problems)
    report.messages += [p.format() for p in problems.warnings]
    lap("validate")
    staging = project.build / "staging"
    pages = render_site_sources(project, corpus, staging)
    report.pages = len(pages)
    lap("render")
    tmp_site = project.build / "site-tmp"
    if tmp_site.exists():
        shutil.rmtree(tmp_site)
    try:
        run_mkdocs(project, staging / "mkdocs.yml", tmp_site)
        if not os.environ.get("SITE_URL"):
            # without a public URL MkDocs writes <loc>None…</loc>: publish no sitemap rather than a wrong one
            for sitemap in [*tmp_site.glob("sitemap.xml*"), *tmp_site.glob("en/sitemap.xml*")]:
                sitemap.unlink()
        lap("mkdocs")
        report.exports = write_exports(corpus, analyse(corpus), tmp_site / "data")
        lap("export")
        if search:
            from .search import build_index

            build_index(project, tmp_site)
            lap("pagefind")
    except BaseException:
        shutil.rmtree(tmp_site, ignore_errors=True)  # never leave a half-built site behind
        raise
    swap_into_place(tmp_site, out)
    return report


def run_mkdocs(project: Project, config: Path, site_dir: Path) -> None:
    env = with_generator_importable(dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=source_date_epoch(project),
                                         PYTHONHASHSEED="0"))
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "-d", str(site_dir)]
    result = subprocess.run(cmd, cwd=project.root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        lines = [line for line in (result.stderr + result.stdout).splitlines() if line.strip()]
        problems = [Problem("mkdocs", 0, 0, line.strip(), "fix the page or template it names") for line in lines[-30:]
                    if "WARNING" in line or "ERROR" in line or "Error" in line] or \
                   [Problem("mkdocs", 0, 0, "mkdocs build failed: " + " | ".join(lines[-5:]), "see the output above")]
        raise BuildError(problems)


def swap_into_place(new: Path, target: Path) -> None:
    """Replace target with new in two renames, so readers never see a half-written site."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)
