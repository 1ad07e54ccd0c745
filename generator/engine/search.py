"""Search index: Pagefind's extended build (binary inside the pagefind[extended] wheel) over the
built site. It indexes only elements marked data-pagefind-body (the article), writes one index per
<html lang>, and segments Chinese so 档案 finds 人事档案.

Pagefind's fragment files are stable between runs, but its filter files list their values in Rust
hash-map order (Pagefind issue #638), which changes the filter files, the per-language meta file that
names them, and the entry file that names the meta. `canonicalise_index` sorts them and renames the
files by content, so two builds of one commit are byte-identical.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import cbor2

from generator.errors import BuildError, Problem
from generator.files import move_tree
from generator.paths import Project, die_with_parent

ENTRY = "pagefind-entry.json"
PAGEFIND_MAGIC = b"pagefind_dcd"  # every binary Pagefind file starts with this, before the CBOR


def build_index(project: Project, site_dir: Path) -> None:
    start_index(project, site_dir).finish()


def start_index(project: Project, site_dir: Path, language: str | None = None, output: Path | None = None) -> Indexing:
    """Start Pagefind over site_dir (only its `language/` folder with `language`; its index into `output`,
    default site_dir/pagefind). The languages' indexes are independent: one run per language, merged
    (`merge_index`), gives the bytes of one run over both (tests/test_engine_languages.py)."""
    if output is None:  # in the site (the preview re-indexes its served site: the old index serves meanwhile)
        output = site_dir / "pagefind"
    else:
        shutil.rmtree(output, ignore_errors=True)  # a folder of its own: what a killed build left there goes
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-path", str(output), "--silent"]
    if language:
        cmd += ["--glob", f"{language}/**/*.{{html}}"]
    return Indexing(subprocess.Popen(cmd, cwd=project.root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     preexec_fn=die_with_parent), output)


class Indexing:
    """A Pagefind run: `finish()` waits for it and makes its index reproducible; `stop()` ends it."""

    def __init__(self, process: subprocess.Popen, output: Path):
        self.process, self.output = process, output

    def finish(self) -> Path:
        try:
            _, stderr = self.process.communicate()  # --silent: only errors, a few lines
        finally:
            self.stop()
        if self.process.returncode != 0 or not (self.output / "pagefind-ui.js").exists():
            detail = stderr.decode("utf-8", errors="replace").strip().splitlines()[-3:]
            raise BuildError(Problem("pagefind", 0, 0, "search index failed: " + " | ".join(detail),
                                     "check that pagefind[extended] is installed (make build installs it)", code="E-BUILD-SEARCH"))
        canonicalise_index(self.output)
        return self.output

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def merge_index(source: Path, target: Path) -> None:
    """One language's index (source) into another's (target): the files of both (the shared ones are the
    same bytes), and one entry file naming every language."""
    entry = json.loads((target / ENTRY).read_text(encoding="utf-8"))
    more = json.loads((source / ENTRY).read_text(encoding="utf-8"))
    if {k: v for k, v in entry.items() if k != "languages"} != {k: v for k, v in more.items() if k != "languages"}:
        raise BuildError(Problem("pagefind", 0, 0, "the languages' search indexes disagree on their settings",
                                 "build again; if it persists, report it", code="E-BUILD-SEARCH"))
    entry["languages"].update(more["languages"])
    (source / ENTRY).unlink()
    move_tree(source, target)
    _write_entry(target / ENTRY, entry)


def _write_entry(path: Path, entry: dict) -> None:
    path.write_text(json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read_pagefind(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(PAGEFIND_MAGIC):
        raise BuildError(Problem(str(path), 0, 0, "unexpected Pagefind file format",
                                 "the pinned Pagefind version changed its format: update generator/engine/search.py",
                                 code="E-BUILD-SEARCH"))
    return cbor2.loads(raw[len(PAGEFIND_MAGIC):])


def _write_pagefind(directory: Path, filename: str, language: str, digits: int, value) -> str:
    """Write value as a Pagefind file named by its content (filename has a {stem} slot); return the
    stem, which is how other index files cite it."""
    payload = PAGEFIND_MAGIC + cbor2.dumps(value)
    stem = f"{language}_{hashlib.sha256(payload).hexdigest()[:digits]}"
    (directory / filename.format(stem=stem)).write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    return stem


def canonicalise_index(index_dir: Path) -> None:
    entry_path = index_dir / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry.get("languages", {}).items():
        meta_path = index_dir / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_pagefind(meta_path)
        # meta = [version, pages, index chunks, [[filter name, filter file stem], …], sorts …]
        filters = []
        for name, stem in meta[3]:
            filter_path = index_dir / "filter" / f"{stem}.pf_filter"
            filter_name, values = _read_pagefind(filter_path)
            values = sorted(([value, sorted(pages)] for value, pages in values), key=lambda v: v[0])
            filter_path.unlink()
            filters.append([name, _write_pagefind(index_dir / "filter", "{stem}.pf_filter", language, 7,
                                                  [filter_name, values])])
        meta[3] = sorted(filters, key=lambda f: f[0])
        meta_path.unlink()
        info["hash"] = _write_pagefind(index_dir, "pagefind.{stem}.pf_meta", language, 10, meta)
    _write_entry(entry_path, entry)
