"""Where things live in a checkout. Every stage takes a `Project` so tests can point it at a copy."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def with_generator_importable(env: dict) -> dict:
    """An environment in which a child process (mkdocs) can import this package, whatever its cwd:
    mkdocs.yml names the generator.engine.rawhtml Markdown extension."""
    paths = [str(REPO_ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    return dict(env, PYTHONPATH=os.pathsep.join(dict.fromkeys(paths)))


@dataclass(frozen=True)
class Project:
    root: Path = REPO_ROOT

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def documents(self) -> Path:
        return self.data / "documents"

    @property
    def schema(self) -> Path:
        return self.data / "schema"

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def build(self) -> Path:
        """Scratch space for generated Markdown and exports (never committed)."""
        return self.root / ".build"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def relative(self, path: Path) -> str:
        """The path as the editor sees it in the checkout (a link is named, not where it points)."""
        path = Path(path)
        if not path.is_absolute():
            path = Path.cwd() / path
        try:
            return str(Path(os.path.normpath(path)).relative_to(os.path.normpath(self.root.resolve())))
        except ValueError:
            pass
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


def die_with_parent() -> None:
    """preexec_fn for child processes (mkdocs, Pagefind): the kernel kills the child when the build
    that started it dies, however it dies (SIGKILL included), so no orphan keeps writing into .build/."""
    if sys.platform != "linux":
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)
