"""What the build may read: regular files inside the repository, of bounded size.

Everything under docs/, data/, seeds/ and templates/ (and mkdocs.yml) is controlled by whoever can
commit or open a pull request that CI builds. A symbolic link there could publish `/proc/self/environ`
(CI secrets) or a file from outside the checkout, and a device (`/dev/zero`) or a pipe could hang or
exhaust memory. So:

- `input_tree_problems` walks the input folders without following links and reports every link and
  every entry that is not a plain file or folder; stages refuse to read anything while one exists;
- `read_bounded` opens a file without following a link (O_NOFOLLOW), without blocking on a pipe
  (O_NONBLOCK), checks on the *open* file that it is a regular file and under the size limit, and
  reads at most limit + 1 bytes (a file that grows meanwhile is still refused).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from generator.errors import DataError, Problem
from generator.paths import Project

INPUT_DIRS = ("data", "seeds", "templates", "docs")
INPUT_FILES = ("mkdocs.yml",)
MAX_SEED_BYTES = 5 * 1024 * 1024  # a seed is one policy document's text: a few hundred KB at most
LINK_FIX = "replace the link with the file itself: the build reads only regular files inside the repository"


def input_tree_problems(project: Project) -> list[Problem]:
    """Every symbolic link, device, pipe or socket among the inputs (the folders themselves included)."""
    problems: list[Problem] = []

    def check(path: Path) -> bool:
        """True when path is a plain folder to descend into."""
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return False
        except OSError as exc:
            problems.append(Problem(_rel(project, path), 0, 0, f"cannot read: {exc.strerror}", "check the permissions",
                                    code="E-INPUT-UNREADABLE"))
            return False
        if stat.S_ISLNK(mode):
            problems.append(Problem(_rel(project, path), 0, 0, "is a symbolic link", LINK_FIX, code="E-INPUT-LINK"))
        elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            problems.append(Problem(_rel(project, path), 0, 0, "is not a regular file (a device, pipe or socket)",
                                    "delete it: the build reads only regular files", code="E-INPUT-NOT-FILE"))
        return stat.S_ISDIR(mode)

    for name in INPUT_FILES:
        check(project.root / name)
    for name in INPUT_DIRS:
        top = project.root / name
        if not check(top):
            continue
        for folder, dirs, files in os.walk(top, followlinks=False):
            for entry in sorted(dirs + files):
                if not check(Path(folder) / entry) and entry in dirs:
                    dirs.remove(entry)  # a linked folder: reported, never entered
    return problems


def require_regular_inputs(project: Project) -> None:
    """Raise (before anything is read) when an input is a link or not a regular file."""
    problems = input_tree_problems(project)
    if problems:
        raise DataError(problems)


def read_bounded(path: Path, limit: int, display: str | None = None) -> bytes:
    """The bytes of a regular file, refusing links, devices, pipes and files over limit bytes."""
    where = display or str(path)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DataError(Problem(where, 0, 0, "is a symbolic link", LINK_FIX, code="E-INPUT-LINK")) from None
        raise DataError(Problem(where, 0, 0, f"cannot read file: {exc.strerror}", "check the path and permissions",
                                code="E-INPUT-UNREADABLE")) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DataError(Problem(where, 0, 0, "is not a regular file (a device, pipe or folder)",
                                    "the build reads only regular files: replace it with a file", code="E-INPUT-NOT-FILE"))
        if info.st_size > limit:
            raise DataError(_too_big(where, info.st_size, limit))
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise DataError(_too_big(where, len(raw), limit))
    return raw


def _too_big(where: str, size: int, limit: int) -> Problem:
    return Problem(where, 0, 0, f"file is {size:,} bytes, over the {limit:,}-byte limit",
                   "split the document or remove the pasted material", code="E-INPUT-TOO-BIG")


def _rel(project: Project, path: Path) -> str:
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return str(path)
