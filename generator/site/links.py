"""Relative links from one page: two prefixes computed once per page (up to the language root, up to the
site root) instead of a `posixpath.relpath` per link — link building was 14–17% of rendering.

Pages are directory URLs (`documents/x/`, MkDocs' use_directory_urls), English under `en/`. A link is the
prefix plus the target's URL from its root, so `documents/a/` links to `documents/b/` as
`../../documents/b/`: longer than the shortest path, the same page, and never wrong."""

from __future__ import annotations


class Links:
    def __init__(self, lang: str, page_url: str):
        depth = page_url.count("/")  # '' (home) → 0, 'explorer/' → 1, 'documents/x/' → 2
        self.to_language_root = "../" * depth
        self.to_site_root = "../" * (depth + (1 if lang == "en" else 0))
        self.page_url = page_url

    def page(self, target: str) -> str:
        """A page of the same language by its URL (`regions/x/`, `documents/y/#m-1`, '' for home)."""
        return self.to_language_root + target or "./"

    def root_file(self, path: str) -> str:
        """A file at the site root, shared by both languages (`data/measures.csv`)."""
        return self.to_site_root + path

    def chinese_original(self) -> str:
        """From an English page to the same page in Chinese."""
        return self.to_site_root + self.page_url or "./"
