"""The framework pages over the built site (issue 12): /framework/ and one page per item in both
languages; every measure linked to an item is on that item's page with its anchor; every document is on
every item page, as answering, "not addressed" or "implements another document"; and the counts of
documents answering each item agree on the framework pages, the framework matrix and the themes index.

Expected values come from the built project's YAML, never from the seed corpus's numbers."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

LANG_ROOTS = {"zh": "", "en": "en/"}


def _frameworks(project) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((project.data / "frameworks").glob("*.yaml"))]


def _documents(project) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(project.documents.glob("*.yaml"))]


def _items(fw: dict) -> list[str]:
    return [item["id"] for part in fw["parts"] for item in part["items"]]


def _item_pages(site: Path, lang: str, fw_id: str, item: str) -> list[str]:
    """Every page of an item (long items are paged: …/<item>/page-N/)."""
    base = site / LANG_ROOTS[lang] / "framework" / fw_id / item
    paths = [base / "index.html", *sorted(base.glob("page-*/index.html"))]
    assert paths[0].exists(), f"no page for item {item} ({lang})"
    return [p.read_text(encoding="utf-8") for p in paths]


def _counts(html: str) -> dict[str, set[str]]:
    """The counts a page prints, by framework/item (data-count of every .framework-count)."""
    found: dict[str, set[str]] = defaultdict(set)
    for match in re.finditer(r'class="framework-count[^"]*" data-item="([^"]+)" data-count="(\d+)"', html):
        found[match[1]].add(match[2])
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_framework_index_and_every_item_page_exist(built, lang):
    project, site = built
    index = (site / LANG_ROOTS[lang] / "framework" / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in index
    for fw in _frameworks(project):
        assert fw["number"] is None or fw["number"] in index
        for item in _items(fw):
            pages = _item_pages(site, lang, fw["id"], item)
            # the index links the item page (relatively: national/1/ or ../framework/national/1/)
            assert re.search(rf'href="(?:\.\./)*(?:framework/)?{re.escape(fw["id"])}/{re.escape(item)}/"', index)
            assert all(f'<html lang="{lang}"' in html for html in pages)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_linked_measure_is_on_its_item_page_with_its_anchor(built, lang):
    project, site = built
    fw = _frameworks(project)[0]
    linked = 0
    for doc in _documents(project):
        for p in doc["provisions"]:
            for item in p.get("framework") or []:
                text = "".join(_item_pages(site, lang, fw["id"], item))
                assert f'documents/{doc["id"]}/#m-{p["id"].replace(".", "-")}"' in text, (doc["id"], p["id"], item)
                linked += 1
    assert linked, "the corpus links no measure to a framework item: nothing was checked"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_document_is_on_every_item_page_answering_or_saying_why_not(built, lang):
    project, site = built
    docs = _documents(project)
    not_addressed = {"zh": "本文件未涉及此条目", "en": "Not addressed in this document"}[lang]
    for fw in _frameworks(project):
        for item in _items(fw):
            text = "".join(_item_pages(site, lang, fw["id"], item))
            status = dict(re.findall(r'data-doc="([^"]+)" data-status="([a-z-]+)"', text))
            assert set(status) == {d["id"] for d in docs}, item
            for doc in docs:
                links = {i for p in doc["provisions"] for i in p.get("framework") or []}
                if item in links:
                    assert status[doc["id"]] == "answers"
                elif links:  # implements the framework, leaves this item out
                    assert status[doc["id"]] == "not-addressed"
                if status[doc["id"]] == "other":
                    block = text[text.index(f'data-doc="{doc["id"]}" data-status="other"'):]
                    assert "implements" in block[:2000] or "实施" in block[:2000]
            if "not-addressed" in status.values():
                assert not_addressed in text


def test_document_with_no_framework_says_what_it_implements_instead(built):
    """The fixture's new document implements nothing and links no item: it is listed as such."""
    from .newdoc import DOC_ID

    project, site = built
    fw = _frameworks(project)[0]
    text = "".join(_item_pages(site, "en", fw["id"], _items(fw)[0]))
    assert f'data-doc="{DOC_ID}" data-status="other"' in text
    assert "names no document it implements" in text


def test_counts_agree_on_framework_pages_matrix_and_themes_index(built):
    project, site = built
    fw = _frameworks(project)[0]
    themes = {t["id"]: t for t in yaml.safe_load((project.data / "themes.yaml").read_text(encoding="utf-8"))}
    item_theme = {item["id"]: item.get("theme") for part in fw["parts"] for item in part["items"]}
    # what the data says: documents with at least one measure linked to the item
    expected = defaultdict(set)
    for doc in _documents(project):
        for p in doc["provisions"]:
            for item in p.get("framework") or []:
                expected[item].add(doc["id"])
    for lang, root in LANG_ROOTS.items():
        index = _counts((site / root / "framework" / "index.html").read_text(encoding="utf-8"))
        matrix = _counts("".join(p.read_text(encoding="utf-8") for p in sorted((site / root / "matrices").glob("**/index.html"))
                                 if p.parent.name in ("matrices",) or p.parent.name.startswith("page-")))
        themes_index = _counts("".join(p.read_text(encoding="utf-8") for p in [site / root / "themes" / "index.html",
                                                                                 *sorted((site / root / "themes").glob("page-*/index.html"))]))
        for item in _items(fw):
            key = f"{fw['id']}/{item}"
            pages = "".join(_item_pages(site, lang, fw["id"], item))
            answering = len(set(re.findall(r'data-doc="([^"]+)" data-status="answers"', pages)))
            assert index[key] == {str(len(expected[item]))}, (lang, item)
            assert matrix[key] == {str(len(expected[item]))}, (lang, item)
            assert _counts(pages)[key] == {str(len(expected[item]))}
            assert answering == len(expected[item])
            theme = item_theme[item]
            if theme and themes.get(theme, {}).get("framework_item") == item:
                assert themes_index[key] == {str(len(expected[item]))}, (lang, item)
