"""Atom feeds (RFC 4287) of documents and measures added, changed or removed (issue 14): one site-wide,
one per region and one per theme, in each language. Built from the data's release history
(`data/releases.json`, see generator.data.dataset), never from file dates: an entry's date is the release
that made the change. The newest FEED_CAP changes per feed; the changelog keeps them all.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from generator.data.dataset import FEED_CAP, Change, changes
from generator.data.model import Corpus
from generator.site import cite
from generator.site.labels import label_path_text

ATOM = "http://www.w3.org/2005/Atom"
KIND = {"zh": {"added": "新增", "changed": "修改", "removed": "删除"},
        "en": {"added": "Added", "changed": "Changed", "removed": "Removed"}}
FEED_TITLE = {"zh": "最近更新", "en": "Recent changes"}


@dataclass
class FeedSpec:
    path: str  # inside the language root, e.g. feeds/region-tianjin.xml
    title: str
    page: str  # the page the feed belongs to, e.g. regions/tianjin/
    entries: list[Change]


def newest_first(corpus: Corpus) -> list[Change]:
    dataset = corpus.dataset
    return list(reversed(changes(dataset.releases))) if dataset else []


def change_title(corpus: Corpus, change: Change, lang: str) -> str:
    doc = corpus.documents.get(change.document)
    title = (doc.title.get(lang) or doc.title.zh) if doc and doc.title else change.title
    what = ""
    if change.measure:
        provision = doc.provision(change.measure) if doc else None
        labels = label_path_text(doc, provision, lang) if provision else change.measure
        what = f" 第 {labels} 项" if lang == "zh" else f", item {labels}"
    return f"{KIND[lang][change.kind]}{'：' if lang == 'zh' else ': '}{title}{what}"


def change_target(corpus: Corpus, change: Change) -> str | None:
    """The page (inside a language root) a change points at; None when the document is gone."""
    doc = corpus.documents.get(change.document)
    if doc is None:
        return None
    provision = doc.provision(change.measure) if change.measure else None
    return f"documents/{doc.id}/" + (f"#{provision.anchor}" if provision else "")


def feed_specs(corpus: Corpus, lang: str) -> list[FeedSpec]:
    everything = newest_first(corpus)
    specs = [FeedSpec("feeds/all.xml", FEED_TITLE[lang], "", everything)]
    regions_of = {d.id: set(corpus.region_chain(d.region)) for d in corpus.documents.values()}
    # regions that have a page: every region with documents in or below it, except the national level
    for region in sorted({r for chain in regions_of.values() for r in chain if corpus.regions[r].level != "national"}):
        name = corpus.regions[region].name.get(lang) or corpus.regions[region].name.zh
        specs.append(FeedSpec(f"feeds/region-{region}.xml", f"{FEED_TITLE[lang]} — {name}", f"regions/{region}/",
                              [c for c in everything if region in regions_of.get(c.document, set())]))
    for theme in corpus.themes.values():
        def has_theme(c: Change, theme_id=theme.id) -> bool:
            doc = corpus.documents.get(c.document)
            if doc is None:
                return False
            provisions = [doc.provision(c.measure)] if c.measure else doc.measures
            return any(p and any(t.id == theme_id for t in p.themes) for p in provisions)

        name = theme.name.get(lang) or theme.name.zh
        specs.append(FeedSpec(f"feeds/theme-{theme.id}.xml", f"{FEED_TITLE[lang]} — {name}", f"themes/{theme.id}/",
                              [c for c in everything if has_theme(c)]))
    return specs


def _href(lang: str, feed_path: str, target: str, site_base: str) -> str:
    """Absolute with SITE_URL; otherwise relative to the feed file (resolved against the feed's URL)."""
    prefix = "en/" if lang == "en" else ""
    if site_base:
        return f"{site_base}/{prefix}{target}"
    depth = feed_path.count("/")
    return "../" * depth + target if target else "../" * depth


def atom(corpus: Corpus, spec: FeedSpec, lang: str, site_base: str = "") -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-Hans" if lang == "zh" else "en"})

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    releases = corpus.dataset.releases if corpus.dataset else []
    updated = max((r.released for r in releases), default="1970-01-01")
    sub(feed, "id", "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"policy-mobility/{lang}/{spec.path}")))
    sub(feed, "title", f"{cite.SITE_NAME[lang]} — {spec.title}")
    sub(feed, "updated", f"{updated}T00:00:00Z")
    author = sub(feed, "author")
    sub(author, "name", "编辑部" if lang == "zh" else "The editors")
    sub(feed, "link", rel="self", type="application/atom+xml", href=_href(lang, spec.path, spec.path, site_base))
    sub(feed, "link", rel="alternate", type="text/html", href=_href(lang, spec.path, spec.page, site_base))
    for change in spec.entries[:FEED_CAP]:
        entry = sub(feed, "entry")
        key = f"{change.version}/{change.kind}/{change.document}/{change.measure or ''}"
        sub(entry, "id", "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"policy-mobility/{lang}/{key}")))
        sub(entry, "title", change_title(corpus, change, lang))
        sub(entry, "updated", f"{change.released}T00:00:00Z")
        target = change_target(corpus, change)
        sub(entry, "link", rel="alternate", type="text/html", href=_href(lang, spec.path, target or "data/", site_base))
        summary = (f"数据集版本 {change.version}（{change.released}）" if lang == "zh"
                   else f"Dataset version {change.version} ({change.released})")
        sub(entry, "summary", summary)
    ET.indent(feed)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n").encode("utf-8")


def write_feeds(corpus: Corpus, site_dir: Path, site_base: str = "") -> int:
    """Every feed in both languages under <site>/feeds and <site>/en/feeds; returns how many."""
    if corpus.dataset is None:
        return 0
    count = 0
    for lang in ("zh", "en"):
        root = site_dir / ("en" if lang == "en" else "")
        for spec in feed_specs(corpus, lang):
            target = root / spec.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(atom(corpus, spec, lang, site_base))
            count += 1
    return count
