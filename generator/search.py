"""Search index: Pagefind's extended build (binary inside the pagefind[extended] wheel) over the
built site. It indexes only elements marked data-pagefind-body (the article), writes one index per
<html lang>, and segments Chinese so 档案 finds 人事档案."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .errors import BuildError, Problem
from .paths import Project


def build_index(project: Project, site_dir: Path) -> None:
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    result = subprocess.run(cmd, cwd=project.root, capture_output=True, text=True)
    if result.returncode != 0 or not (site_dir / "pagefind" / "pagefind-ui.js").exists():
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise BuildError(Problem("pagefind", 0, 0, "search index failed: " + " | ".join(detail),
                                 "check that pagefind[extended] is installed (make build installs it)"))
    _sort_entry(site_dir / "pagefind" / "pagefind-entry.json")


def _sort_entry(path: Path) -> None:
    """Pagefind writes its language map in hash order: sort it so two builds are byte-identical."""
    import json

    entry = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def index_languages(site_dir: Path) -> list[str]:
    """The languages Pagefind wrote an index for (from its entry file)."""
    import json

    entry = json.loads((site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sorted(entry.get("languages", {}))
