"""Search index: Pagefind (extended build, from the pagefind[extended] wheel) over the built site."""

from __future__ import annotations

from pathlib import Path

from .paths import Project


def build_index(project: Project, site_dir: Path) -> None:
    """Placeholder until the search issue: Material's own search is used for now."""
    return None
