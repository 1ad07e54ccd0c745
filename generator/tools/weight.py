"""`python -m generator weight`: what a first visit to each page type downloads (HTML, CSS, JS, images),
raw and gzip-compressed, measured on the built site. Search data is not counted: Pagefind loads its
index only when a reader searches (the browser test measures bytes per query)."""

from __future__ import annotations

import gzip
from pathlib import Path

from generator.engine.linkcheck import parse, target_file

PAGE_TYPES = {
    "home": "index.html", "regions index": "regions/index.html", "region": "regions/*/index.html",
    "documents index": "documents/index.html", "document": "documents/*/index.html", "themes index": "themes/index.html",
    "theme": "themes/*/index.html", "agencies index": "agencies/index.html", "agency": "agencies/*/index.html",
    "function": "functions/*/index.html", "matrices index": "matrices/index.html", "matrix": "matrices/*/index.html",
    "targets": "targets/index.html", "explorer": "explorer/index.html", "data": "data/index.html",
    "glossary": "glossary/index.html",
    "about": "about/index.html",
}


def _size(path: Path) -> tuple[int, int]:
    raw = path.read_bytes()
    return len(raw), len(gzip.compress(raw, mtime=0))


def page_weight(site: Path, page: Path) -> dict[str, tuple[int, int]]:
    """Bytes by kind (html, css, js, img) for one page's first visit."""
    kinds = {"html": _size(page), "css": (0, 0), "js": (0, 0), "img": (0, 0)}
    for asset in dict.fromkeys(parse(page).assets):
        target, _ = target_file(site, page, asset)
        if target is None or not target.exists():
            continue
        kind = "css" if target.suffix == ".css" else "js" if target.suffix == ".js" else "img"
        raw, packed = _size(target)
        kinds[kind] = (kinds[kind][0] + raw, kinds[kind][1] + packed)
    return kinds


def weight_table(site: Path, lang: str = "zh") -> str:
    root = site / "en" if lang == "en" else site
    rows = ["| page type | heaviest page | HTML | CSS | JS | images | total | total gzip |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for kind, pattern in PAGE_TYPES.items():
        pages = sorted(root.glob(pattern), key=lambda p: p.stat().st_size)
        if not pages:
            continue
        page = pages[-1]  # the heaviest page of the type
        w = page_weight(site, page)
        total, total_gz = sum(v[0] for v in w.values()), sum(v[1] for v in w.values())
        kb = lambda n: f"{n / 1024:.0f} KB"  # noqa: E731
        rows.append(f"| {kind} | `{page.relative_to(site).parent.as_posix()}/` | {kb(w['html'][0])} | {kb(w['css'][0])} | "
                    f"{kb(w['js'][0])} | {kb(w['img'][0])} | {kb(total)} | {kb(total_gz)} |")
    return "\n".join(rows)
