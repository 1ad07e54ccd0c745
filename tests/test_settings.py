"""What the environment decides (SITE_URL, CORRECTIONS_URL, ENGINE, SOURCE_DATE_EPOCH) is read once, by the
command line, into a `Settings` object that is passed down: a bad value stops `build` before any work
with `NAME: error: … — …`, and no stage reads the environment itself."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from generator.errors import BuildError
from generator.paths import REPO_ROOT
from generator.settings import FIXED_EPOCH, Settings

pytestmark = pytest.mark.unit


def build_with(environ: dict, root) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), NO_MKDOCS_2_WARNING="1", **environ)
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--no-search"],
                          cwd=REPO_ROOT, capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("name, value", [("SITE_URL", "javascript:alert(1)"), ("CORRECTIONS_URL", "ftp://x.org/new"),
                                         ("ENGINE", "hugo"), ("SOURCE_DATE_EPOCH", "yesterday")])
def test_a_bad_setting_stops_the_build_before_any_work(name, value, tmp_path):
    # an empty folder as the project: the setting is refused before anything is read or written
    result = build_with({name: value}, tmp_path)
    assert result.returncode == 1, result.stderr
    assert re.match(rf"{name}: error: .+ — .+", result.stderr), result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / ".build").exists() and not (tmp_path / "site").exists()


def test_settings_from_an_environment(tmp_path):
    settings = Settings.from_environment(tmp_path, {"SITE_URL": "https://example.org/p/", "ENGINE": "properdocs",
                                                    "CORRECTIONS_URL": " https://example.org/issues/new ",
                                                    "SOURCE_DATE_EPOCH": "1700000000"})
    assert (settings.site_base, settings.engine, settings.corrections_url, settings.source_date_epoch) == \
        ("https://example.org/p", "properdocs", "https://example.org/issues/new", "1700000000")
    unset = Settings.from_environment(tmp_path, {})  # tmp_path is no git checkout: the fixed epoch
    assert (unset.site_base, unset.engine, unset.corrections_url, unset.source_date_epoch) == ("", "mkdocs", None, FIXED_EPOCH)


def test_a_bad_tracker_url_names_the_variable(tmp_path):
    with pytest.raises(BuildError) as caught:
        Settings.from_environment(tmp_path, {"CORRECTIONS_URL": "javascript:alert(1)"})
    assert caught.value.problems[0].format().startswith("CORRECTIONS_URL: error: not an http(s) URL")


# MkDocs hooks, loaded by the engine's own process (the generator sets their variables when it starts it)
ENGINE_PROCESS_HOOKS = {"engine/page_cache.py", "engine/build_hooks.py", "engine/serve_hook.py", "engine/language_build.py"}


def test_no_stage_reads_the_environment():
    """Only the command line reads settings from the environment; stages get `Settings`. Passing the
    environment on to a child process (`dict(os.environ, …)`) is not reading it."""
    readers = []
    for path in sorted((REPO_ROOT / "generator").rglob("*.py")):
        rel = path.relative_to(REPO_ROOT / "generator").as_posix()
        if rel in ("cli.py", "serve.py") or rel.startswith("tools/"):  # entry points: the CLI, the preview's child, tools
            continue
        if rel in ENGINE_PROCESS_HOOKS:  # they run inside the engine's process: the environment is their only input
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"os\.environ\b|os\.getenv\(", code) and "dict(os.environ" not in code:
                readers.append(f"generator/{rel}:{number}: {line.strip()}")
    assert not readers, "stages read the environment; pass Settings instead:\n" + "\n".join(readers)
