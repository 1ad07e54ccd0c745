"""Two built sites compared file by file, byte for byte (used by the engine tests)."""

from __future__ import annotations

import re
from pathlib import Path

GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def differences(a: Path, b: Path, normalise=lambda data: data) -> list[str]:
    """Paths that exist in one site only or whose bytes differ (after `normalise`), as readable lines."""
    fa, fb = files(a), files(b)
    out = [f"only in {a.name}: {p}" for p in sorted(fa.keys() - fb.keys())]
    out += [f"only in {b.name}: {p}" for p in sorted(fb.keys() - fa.keys())]
    out += [f"differs: {p}" for p in sorted(fa.keys() & fb.keys()) if normalise(fa[p]) != normalise(fb[p])]
    return out


def without_generator_meta(data: bytes) -> bytes:
    return GENERATOR_META.sub(b"", data)
