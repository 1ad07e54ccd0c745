"""The house of rooms (ARCHITECTURE.md): generator/ is one room per pipeline stage, in the order
ingest < data < analyse < site < engine, and a room imports only from itself, the rooms before it and the
shared top level (errors, paths, parallel, settings, files, jinjacache). `tools/` (benchmark, synth, probes, stats)
and the top level's entry points (cli, build, serve, __main__) may import any room: they drive the
pipeline. Every import is read, also those inside functions (deferred imports are imports too).

One allowance, by design: ingest writes the data format, so it uses the data room's definition of that
format — the model's types, YAML reading and writing, input limits and printed numbering
(`FORMAT_FOR_INGEST`) — but nothing that loads or checks data (the seed check in data/ uses ingest,
the room before it, to re-read a seed)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from generator.paths import REPO_ROOT

pytestmark = pytest.mark.unit

ROOMS = ["ingest", "data", "analyse", "site", "engine"]
SHARED = {"errors", "paths", "parallel", "settings", "files", "jinjacache"}  # what every room may use
FREE = {"tools", "cli", "build", "serve", "__main__"}  # may import anything
FORMAT_FOR_INGEST = {("data", "model"), ("data", "yamlio"), ("data", "inputs"), ("data", "numbering")}


def _imported(tree: ast.AST, package: list[str]) -> list[tuple[int, list[str]]]:
    """(line, module path under generator/) of every import of generator code; `from generator import x`
    names x, and relative imports are resolved against the module's package."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[1:]) for alias in node.names
                      if alias.name.split(".")[0] == "generator"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "generator":
                base = node.module.split(".")[1:]
            else:
                continue
            if base:
                found.append((node.lineno, base))
            else:  # from generator import x, y
                found += [(node.lineno, [alias.name]) for alias in node.names]
    return found


def violations(modules: dict[str, str]) -> list[str]:
    """Imports that reach a later room, or a room importing a free module; modules: path under
    generator/ (e.g. 'data/validate.py') → source."""
    found = []
    for path, source in sorted(modules.items()):
        parts = path.removesuffix(".py").split("/")
        here = parts[0]  # the room, or a top-level module's name
        if here in FREE or here in SHARED or here == "__init__":
            continue
        package = parts[:-1]  # what a relative import starts from (for __init__ too: its own package)
        for line, target in _imported(ast.parse(source, path), package):
            there = target[0]  # the room, or a top-level module's name
            if there in ROOMS and ROOMS.index(there) <= ROOMS.index(here):
                continue
            if there in SHARED or (here == "ingest" and tuple(target[:2]) in FORMAT_FOR_INGEST):
                continue
            if there in ROOMS:
                found.append(f"generator/{path}:{line}: room '{here}' imports from the later room '{there}' "
                             f"({'.'.join(['generator', *target])})")
            else:
                found.append(f"generator/{path}:{line}: room '{here}' imports '{'.'.join(['generator', *target])}', "
                             "which is not a room before it or a shared module")
    return found


def _generator_modules() -> dict[str, str]:
    root = REPO_ROOT / "generator"
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.py"))}


def test_every_module_is_in_a_room_or_the_top_level():
    modules = _generator_modules()
    rooms = {path.split("/")[0] for path in modules if "/" in path}
    assert rooms == set(ROOMS) | {"tools"}, rooms
    top = {Path(path).stem for path in modules if "/" not in path}
    assert top <= SHARED | FREE | {"__init__"}, top - SHARED - FREE  # a new top-level module: decide which it is


def test_no_room_imports_from_a_later_room():
    assert violations(_generator_modules()) == []


def test_the_room_check_finds_forward_imports():
    """The check itself, on imports the house forbids and allows (including deferred and relative ones)."""
    found = violations({
        "data/validate.py": "from generator.analyse.targets import check_overrides\n",
        "site/render.py": "def f():\n    from generator.engine.files import write_if_changed\n",
        "ingest/draft.py": "import generator.data.validate\nfrom generator import build\nfrom generator.data.model import Text\n",
        "analyse/x.py": "from ..site import view\nfrom .coverage import Coverage\nfrom generator.data.model import Corpus\n",
        "engine/staging.py": "from generator.site.render import Renderer\nfrom generator import errors, files\n",
        "tools/bench.py": "from generator.engine.runner import run\n",
        "build.py": "from generator.engine.staging import render_site_sources\n",
    })
    assert [f.split(":")[0] + ":" + f.split(":")[1] for f in found] == [
        "generator/analyse/x.py:1", "generator/data/validate.py:1", "generator/ingest/draft.py:1",
        "generator/ingest/draft.py:2", "generator/site/render.py:2"], found
    assert "later room 'engine'" in found[-1] and "not a room before it" in found[3]
