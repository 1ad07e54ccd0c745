"""What the environment decides about a build, read once by the command line and passed down.

Stages never read the environment: the CLI makes one `Settings` (`Settings.from_environment`) and hands it to
`build`, which hands it to the renderer and the exports. A bad value is refused here, before any work,
as `NAME: error: what — how to fix`. Tests and tools that do not care build with `Settings.defaults(root)`:
no public URL, no corrections tracker.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.engine.runner import DEFAULT_ENGINE, check_engine
from generator.errors import BuildError, Problem, visible

FIXED_EPOCH = "1577836800"  # 2020-01-01, for a checkout outside git
_SITE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?")
_CORRECTIONS_URL = re.compile(r"https?://[^\s\"'<>]+")


@dataclass(frozen=True)
class Settings:
    root: Path
    site_url: str = ""  # the public address as given (SITE_URL), '' when the site is not published yet
    corrections_url: str | None = None  # an issue tracker's "new issue" URL (CORRECTIONS_URL); no link when None
    engine: str = DEFAULT_ENGINE  # the static-site engine that publishes the pages (ENGINE)
    source_date_epoch: str = FIXED_EPOCH  # every timestamp the build writes (SOURCE_DATE_EPOCH, else the last commit)

    @property
    def site_base(self) -> str:
        """SITE_URL without its trailing slash, to put before an absolute path ('' when unset)."""
        return self.site_url.strip().rstrip("/")

    @classmethod
    def defaults(cls, root: Path) -> Settings:
        return cls(root=root, source_date_epoch=_last_commit_time(root))

    @classmethod
    def from_environment(cls, root: Path, environ: Mapping[str, str]) -> Settings:
        site_url = environ.get("SITE_URL", "")
        if site_url and not _SITE_URL.fullmatch(site_url):
            raise BuildError(Problem("SITE_URL", 0, 0, f"not an http(s) URL: {visible(site_url[:80])!r}",
                                     "set it to the site's public address, e.g. https://example.org/policies/", code="E-SETTING"))
        corrections = environ.get("CORRECTIONS_URL", "").strip() or None
        if corrections and not _CORRECTIONS_URL.fullmatch(corrections):
            raise BuildError(Problem("CORRECTIONS_URL", 0, 0, f"not an http(s) URL: {visible(corrections[:80])!r}",
                                     "set it to the issue tracker's new-issue page, e.g. https://…/issues/new", code="E-SETTING"))
        engine = check_engine(environ.get("ENGINE", "").strip() or DEFAULT_ENGINE)
        epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch and not epoch.isdigit():
            raise BuildError(Problem("SOURCE_DATE_EPOCH", 0, 0, f"not a number of seconds: {visible(epoch[:40])!r}",
                                     "set it to a Unix time, e.g. $(git log -1 --format=%ct), or leave it unset",
                                     code="E-SETTING"))
        return cls(root=root, site_url=site_url, corrections_url=corrections, engine=engine,
                   source_date_epoch=epoch or _last_commit_time(root))


def _last_commit_time(root: Path) -> str:
    """Reproducible timestamps: the last commit's time (or a fixed epoch outside git)."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return FIXED_EPOCH
