"""pyproject.toml names the direct dependencies with exact pins; the requirement files are the full
locks the Makefile installs. They must agree, or a fresh clone installs something else."""

from __future__ import annotations

import re
import tomllib

from generator.paths import REPO_ROOT


def locked(name: str) -> dict[str, str]:
    pins = {}
    for line in (REPO_ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            pins.update(locked(line[3:].strip()))
        elif line:
            package, version = line.split("==")
            pins[package.lower().replace("_", "-")] = version
    return pins


def test_every_direct_dependency_is_pinned_exactly_and_locked():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lock = locked("requirements-dev.txt")
    direct = project["dependencies"] + project["optional-dependencies"]["dev"]
    assert direct
    for requirement in direct:
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)==([0-9][0-9A-Za-z.]*)", requirement)
        assert m, f"{requirement}: pin an exact version (name==x.y.z)"
        assert lock.get(m.group(1).lower().replace("_", "-")) == m.group(2), f"{requirement} differs from the lock files"
