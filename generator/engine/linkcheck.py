"""Check a built site: every internal link and anchor resolves (independently of MkDocs' own checks)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class HtmlPage:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)  # what a first visit downloads: stylesheets, scripts, images


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = HtmlPage()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.page.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.page.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) and tag in ("a", "link", "script", "img", "iframe", "source"):
                self.page.links.append(attrs[key])
        if (tag == "link" and attrs.get("rel") == "stylesheet" and attrs.get("href")) or \
                (tag in ("script", "img") and attrs.get("src")):
            self.page.assets.append(attrs.get("href") or attrs["src"])


def parse(path: Path) -> HtmlPage:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    return collector.page


def target_file(site: Path, page_path: Path, link: str) -> tuple[Path | None, str]:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
        return None, ""
    if not parts.path:
        return page_path, unquote(parts.fragment)
    base = page_path.parent.relative_to(site).as_posix()
    joined = posixpath.normpath(posixpath.join(base, unquote(parts.path))) if not parts.path.startswith("/") \
        else parts.path.lstrip("/")
    target = site / joined
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def explorer_links(site: Path) -> list[tuple[Path, str]]:
    """The measure links inside the explorer's rows-N.json files, as if on the explorer page."""
    import json

    found = []
    for data in sorted(site.rglob("explorer/rows-*.json")):
        for row in json.loads(data.read_text(encoding="utf-8"))["rows"]:
            found.append((data.parent / "index.html", row[6]))
    return found


def broken_links(site: Path) -> list[str]:
    """Every internal href/src (and explorer row link) that points at a missing file or anchor, as readable lines."""
    pages = {p: parse(p) for p in sorted(site.rglob("*.html"))}
    links = [(path, link) for path, page in pages.items() for link in page.links] + explorer_links(site)
    problems = []
    for path, link in links:
        if link.startswith(("http://", "https://", "//")):
            continue
        target, fragment = target_file(site, path, link)
        if target is None:
            if link.startswith("javascript:"):
                problems.append(f"{path.relative_to(site)}: javascript: link {link!r}")
            continue
        try:
            target.relative_to(site)
        except ValueError:
            problems.append(f"{path.relative_to(site)}: link leaves the site: {link}")
            continue
        if not target.exists():
            problems.append(f"{path.relative_to(site)}: broken link {link} (no {target.relative_to(site)})")
            continue
        if fragment and target.suffix == ".html":
            ids = pages[target].ids if target in pages else parse(target).ids
            if fragment not in ids:
                problems.append(f"{path.relative_to(site)}: missing anchor #{fragment} in {target.relative_to(site)}")
    return problems
