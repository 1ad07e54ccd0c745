"""`build` never writes into data/: a seed that no document uses yet is refused with a clear error
(E-SEED-NO-DOCUMENT) naming the command that drafts it, and data/ is left exactly as it was."""

from __future__ import annotations

import hashlib
import shutil

from generator.paths import REPO_ROOT
from tests.conftest import copy_project


def _digest(folder) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_build_refuses_an_undrafted_seed_and_writes_nothing_into_data(cli, tmp_path):
    documents = sorted(p.stem for p in (REPO_ROOT / "data" / "documents").glob("*.yaml"))
    project = copy_project(tmp_path / "project", documents=documents[:1])
    kept_seed = next(project.seeds.glob("*.txt"))
    shutil.copyfile(kept_seed, project.seeds / "newly-added.txt")  # an editor drops in a new seed
    before = _digest(project.data)

    result = cli("build", "--no-search", root=project.root)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    refused = [line for line in result.stderr.splitlines() if line.endswith("[E-SEED-NO-DOCUMENT]")]
    assert len(refused) == 1 and refused[0].startswith("seeds/newly-added.txt:1:1: error: ")
    assert "make ingest" in refused[0]
    assert _digest(project.data) == before  # no draft, nothing else touched
    assert not (project.site / "index.html").exists()

    # validate alone only warns: the editor may still be working on other files
    checked = cli("validate", root=project.root)
    assert checked.returncode == 0, checked.stderr
    assert any(line.endswith("[W-SEED-NO-DOCUMENT]") for line in checked.stderr.splitlines())
