"""Cite, reuse, follow (issue 14), over the built site: responsibility exactly as printed everywhere a
reader or a download meets it, citations that parse, a data package that validates, the data
changelog in step with the release history, sources stated honestly. Every check iterates over the
data, so it holds for any valid corpus."""

from __future__ import annotations

import csv
import html as html_module
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.data.load import load_corpus
from generator.paths import REPO_ROOT

LANG_ROOTS = {"zh": "", "en": "en/"}
STRINGS = yaml.safe_load((REPO_ROOT / "templates" / "strings.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus(built):
    project, _ = built
    corpus, problems = load_corpus(project)
    assert not problems.errors
    return corpus


def page(site: Path, lang: str, url: str) -> str:
    return (site / LANG_ROOTS[lang] / url / "index.html").read_text(encoding="utf-8")


def measure_html(html: str, provision) -> str:
    """The measure's block on its document page: from its heading to the next measure."""
    start = html.index(f'id="{provision.anchor}"')
    end = html.find('<div class="measure ', start)
    return html[start:end if end > 0 else len(html)]


def text_of(fragment: str) -> str:
    return html_module.unescape(re.sub(r"<[^>]+>", "", fragment))


def csv_rows(site: Path, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO((site / "data" / f"{name}.csv").read_text(encoding="utf-8-sig"))))


def explorer_rows(site: Path, lang: str) -> list[list]:
    return [row for chunk in sorted((site / LANG_ROOTS[lang] / "explorer").glob("rows-*.json"))
            for row in json.loads(chunk.read_text(encoding="utf-8"))["rows"]]


# ---- responsibility as printed ------------------------------------------------------------------------
def test_every_printed_unit_is_shown_and_downloaded_as_printed(built, corpus):
    _, site = built
    measures = {(r["document"], r["id"]): r for r in csv_rows(site, "measures")}
    units = {(r["document"], r["measure"], int(r["position"])): r for r in csv_rows(site, "units")}
    explorer = {lang: {(row[10], row[11]): row for row in explorer_rows(site, lang)} for lang in LANG_ROOTS}
    pages, matrices, checked = {}, {}, 0
    for doc, p in corpus.measures():
        if not p.responsibility:
            continue
        for lang in LANG_ROOTS:
            pages.setdefault((doc.id, lang), page(site, lang, f"documents/{doc.id}"))
            matrices.setdefault((doc.id, lang), page(site, lang, f"matrices/{doc.id}"))
        row = measures[(doc.id, p.id)]
        assert row["responsibility_printed"] == p.responsibility.printed
        assert row["agencies_raw"].split(";") == [u.name for u in p.responsibility.units]
        assert row["unit_roles"].split(";") == [u.role for u in p.responsibility.units]
        for position, unit in enumerate(p.responsibility.units, 1):
            printed = html_module.escape(unit.name)
            zh_block = measure_html(pages[(doc.id, "zh")], p)
            en_block = measure_html(pages[(doc.id, "en")], p)
            # zh: the printed name is the link text (to the canonical agency, when resolved)
            assert re.search(rf'<(a|span) class="unit"[^>]*>{re.escape(printed)}</\1>', zh_block), (doc.id, p.id, unit.name)
            # en: the printed name, marked as Chinese, then the agency
            assert f'<span lang="zh-Hans" class="unit">{printed}</span>' in en_block, (doc.id, p.id, unit.name)
            if unit.agency:
                assert f'agencies/{unit.agency}/' in zh_block and f'agencies/{unit.agency}/' in en_block
            for lang in LANG_ROOTS:
                assert printed in matrices[(doc.id, lang)], (lang, doc.id, unit.name)
                assert [unit.name, unit.agency or "", unit.role] in explorer[lang][(doc.id, p.id)][7]
            record = units[(doc.id, p.id, position)]
            assert (record["name_printed"], record["role"], record["agency"]) == (unit.name, unit.role, unit.agency or "")
            checked += 1
    assert checked == sum(len(p.responsibility.units) for _, p in corpus.measures() if p.responsibility)
    assert len(units) == checked  # units.csv has exactly the printed units


def test_open_lists_say_so_in_both_languages_and_downloads(built, corpus):
    _, site = built
    measures = {(r["document"], r["id"]): r for r in csv_rows(site, "measures")}
    units = csv_rows(site, "units")
    explorer = {lang: {(row[10], row[11]): row for row in explorer_rows(site, lang)} for lang in LANG_ROOTS}
    for doc, p in corpus.measures():
        resp = p.responsibility
        open_ended = bool(resp and re.search(r"等(有关|相关|其他|各)?(部门|单位|处室|科室|机构)", resp.printed + (resp.note or "")))
        assert measures[(doc.id, p.id)]["responsibility_open_ended"] == ("true" if open_ended else "false")
        assert all(u["list_open_ended"] == ("true" if open_ended else "false") for u in units
                   if (u["document"], u["measure"]) == (doc.id, p.id))
        for lang in LANG_ROOTS:
            block = text_of(measure_html(page(site, lang, f"documents/{doc.id}"), p))
            assert (STRINGS["open_list"][lang] in block) == open_ended, (lang, doc.id, p.id)
            assert explorer[lang][(doc.id, p.id)][12] is open_ended
            if resp and resp.note:
                assert resp.note in block  # the printed note, quoted as printed
            if resp and resp.label:
                assert resp.label in block  # the printed list label, on the page and the matrix
                assert resp.label in text_of(page(site, lang, f"matrices/{doc.id}"))
        if open_ended:
            for lang in LANG_ROOTS:
                assert STRINGS["open_list"][lang] in text_of(page(site, lang, f"matrices/{doc.id}"))


# ---- citations -----------------------------------------------------------------------------------------
def test_citation_files_parse_and_carry_number_and_date(built, corpus):
    import bibtexparser
    import rispy

    _, site = built
    for doc in corpus.documents.values():
        base = site / "data" / "cite" / doc.id
        library = bibtexparser.parse_string((base.parent / f"{doc.id}.bib").read_text(encoding="utf-8"))
        assert not library.failed_blocks and len(library.entries) == 1
        bib = {f.key: f.value for f in library.entries[0].fields}
        entries = rispy.loads((base.parent / f"{doc.id}.ris").read_text(encoding="utf-8"))
        assert len(entries) == 1
        ris = entries[0]
        csl = json.loads((base.parent / f"{doc.id}.csl.json").read_text(encoding="utf-8"))
        assert isinstance(csl, list) and len(csl) == 1 and csl[0]["id"] == doc.id and csl[0]["type"]
        item = csl[0]
        for record_title in (bib.get("title"), ris.get("title"), item.get("title")):
            assert record_title == (doc.title.zh if doc.title and doc.title.zh else None)
        if doc.doc_number:
            assert bib["number"] == doc.doc_number and ris["number"] == doc.doc_number and item["number"] == doc.doc_number
        else:
            assert "number" not in bib and "number" not in ris and "number" not in item  # never invented
        if doc.issued:
            assert bib["date"] == doc.issued and ris["date"] == doc.issued.replace("-", "/")
            assert item["issued"]["date-parts"][0] == [int(x) for x in doc.issued.split("-")]
        else:
            assert "date" not in bib and "date" not in ris and "issued" not in item
        assert item["URL"].endswith(f"/documents/{doc.id}/")


def test_pages_give_a_full_citation_and_link_the_files(built, corpus):
    _, site = built
    for doc in corpus.documents.values():
        for lang in LANG_ROOTS:
            html = page(site, lang, f"documents/{doc.id}")
            citation = text_of(re.search(r'<span class="citation" id="cite-document">(.*?)</span> <button', html).group(1))
            assert doc.title.zh in citation if doc.title and doc.title.zh else True
            if doc.issuer and doc.issuer.zh:
                assert doc.issuer.zh in citation
            if doc.doc_number:
                assert doc.doc_number in citation
            assert f"/{LANG_ROOTS[lang]}documents/{doc.id}/" in citation
            if lang == "en" and doc.translation_source:
                assert "English:" in citation and "Chinese original prevails" in citation
            for ext in ("bib", "ris", "csl.json"):
                assert f'data/cite/{doc.id}.{ext}"' in html
            assert '<button type="button" class="cite-copy"' in html
            for p in doc.measures:
                block = measure_html(html, p)
                assert f'id="cite-{p.anchor}"' in block and f"#{p.anchor}" in text_of(block)


# ---- data package, version, changelog, licences ----------------------------------------------------------
def test_data_package_validates_and_describes_every_csv(built):
    from frictionless import Package, validate

    _, site = built
    report = validate(str(site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} == {p.name for p in (site / "data").glob("*.csv")}
    dataset = yaml.safe_load((REPO_ROOT / "data" / "dataset.yaml").read_text(encoding="utf-8"))
    assert package["version"].split("+")[0] == dataset["version"]
    assert package["licenses"][0]["name"] == dataset["licenses"]["data"]
    from generator.site.codebook import CODEBOOK

    for resource in Package(str(site / "data" / "datapackage.json")).resources:
        fields = {f.name: f for f in resource.schema.fields}
        for name, _zh, en in CODEBOOK.get(resource.name, []):
            assert en in fields[name].description
    described = {r["name"]: r["schema"] for r in package["resources"]}
    assert described["measures"]["primaryKey"] == ["document", "id"]
    assert {"fields": ["document"], "reference": {"resource": "documents", "fields": ["id"]}} in described["measures"]["foreignKeys"]


def test_data_package_check_fails_on_a_broken_reference(built, tmp_path):
    """The validation can fail: a unit row pointing at a document that does not exist breaks a foreign key."""
    from frictionless import validate

    _, site = built
    copy = tmp_path / "data"
    shutil.copytree(site / "data", copy)
    text = (copy / "units.csv").read_text(encoding="utf-8-sig").splitlines()
    text[1] = "no-such-document" + text[1][text[1].index(","):]
    (copy / "units.csv").write_text("\ufeff" + "\n".join(text) + "\n", encoding="utf-8")
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert any(e.type == "foreign-key" for task in report.tasks for e in task.errors)


def test_committed_changelog_is_the_generated_one(cli):
    result = cli("release", "--check")
    assert result.returncode == 0, result.stderr
    from generator.data.dataset import changelog, load_dataset
    from generator.errors import ProblemList
    from generator.paths import Project

    dataset = load_dataset(Project(), ProblemList())
    assert (REPO_ROOT / "data" / "CHANGELOG.md").read_text(encoding="utf-8") == changelog(dataset.releases)


def test_data_page_states_version_licences_and_links(built):
    _, site = built
    dataset = yaml.safe_load((REPO_ROOT / "data" / "dataset.yaml").read_text(encoding="utf-8"))
    for lang in LANG_ROOTS:
        html = page(site, lang, "data")
        assert dataset["version"] in html and dataset["licenses"]["data"] in html and dataset["licenses"]["code"] in html
        for target in ("datapackage.json", "CHANGELOG.md", "LICENSE-DATA.md", "LICENSE.txt"):
            assert f'{target}"' in html and (site / "data" / target).exists()


# ---- sources -------------------------------------------------------------------------------------------
def test_sources_are_shown_or_said_to_be_unrecorded(built, corpus):
    _, site = built
    documents = {r["id"]: r for r in csv_rows(site, "documents")}
    for doc in corpus.documents.values():
        for lang in LANG_ROOTS:
            html = page(site, lang, f"documents/{doc.id}")
            for cls, url in (("source-url", doc.url), ("archive-url", doc.archive_url)):
                cell = re.search(rf'<dd class="{cls}">(.*?)</dd>', html).group(1)
                if url:
                    assert f'href="{html_module.escape(url)}"' in cell
                else:
                    assert STRINGS["not_recorded"][lang] in cell and "href" not in cell
            cell = text_of(re.search(r'<dd class="transcribed-from">(.*?)</dd>', html).group(1))
            expected = doc.transcribed_from.get(lang) if doc.transcribed_from else STRINGS["not_recorded"][lang]
            assert expected in cell
        assert documents[doc.id]["url"] == (doc.url or "") and documents[doc.id]["archive_url"] == (doc.archive_url or "")


# ---- feeds ---------------------------------------------------------------------------------------------
ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(path: Path):
    from xml.etree import ElementTree as ET

    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):  # RFC 4287 §4.1.1
        assert root.find(f"{ATOM}{required}") is not None, (path, required)
    assert root.find(f"{ATOM}author/{ATOM}name").text
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert (entry.find(f"{ATOM}{required}").text or "").strip(), (path, required)
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", entry.find(f"{ATOM}updated").text)
    return root, entries


def test_feeds_are_atom_with_one_entry_per_change_from_the_release_history(built, corpus):
    from generator.data.dataset import FEED_CAP, changes, load_dataset
    from generator.errors import ProblemList

    project, site = built
    dataset = load_dataset(project, ProblemList())
    history = list(reversed(changes(dataset.releases)))
    released = {r.version: r.released for r in dataset.releases}
    for lang in LANG_ROOTS:
        _, entries = _feed(site / LANG_ROOTS[lang] / "feeds" / "all.xml")
        assert len(entries) == min(FEED_CAP, len(history))
        # dated by the release that made each change (never by file dates)
        assert [e.find(f"{ATOM}updated").text[:10] for e in entries] == [released[c.version] for c in history[:FEED_CAP]]
        ids = [e.find(f"{ATOM}id").text for e in entries]
        assert len(set(ids)) == len(ids)
        for path in (site / LANG_ROOTS[lang] / "feeds").glob("*.xml"):
            _feed(path)
        for region in {d.region for d in corpus.documents.values()}:
            _, regional = _feed(site / LANG_ROOTS[lang] / "feeds" / f"region-{region}.xml")
            assert len(regional) == min(FEED_CAP, sum(1 for c in history if corpus.documents[c.document].region == region
                                                      if c.document in corpus.documents))
            html = page(site, lang, f"regions/{region}")
            assert re.search(rf'<link rel="alternate feed" type="application/atom\+xml" href="[./]*(en/)?feeds/region-{region}\.xml"', html)
        for theme in corpus.themes:
            assert (site / LANG_ROOTS[lang] / "feeds" / f"theme-{theme}.xml").exists()
        home = page(site, lang, "")
        assert 'rel="alternate feed" type="application/atom+xml"' in home  # feed readers match the "alternate" token
        if history:
            assert 'class="recent-changes"' in home


def test_feed_entries_follow_a_new_release(project_copy, tmp_path):
    """Two releases: the feed lists the new version's changes first, dated by that release."""
    import re as _re

    from generator.data.dataset import load_dataset, release
    from generator.data.validate import validate
    from generator.data.yamlio import dump_yaml
    from generator.errors import ProblemList
    from generator.site.feeds import write_feeds

    path = sorted(project_copy.documents.glob("*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    measure = next(p for p in data["provisions"] if p["kind"] == "measure" and (p.get("text") or {}).get("en"))
    measure["text"]["en"] += " (Revised.)"
    path.write_text(dump_yaml(data, "../schema/document.schema.json"), encoding="utf-8")
    dataset_file = project_copy.data / "dataset.yaml"
    text = _re.sub(r"(?m)^version: (\d+)\.(\d+)\.(\d+)$", lambda m: f"version: {m[1]}.{int(m[2]) + 1}.0",
                   dataset_file.read_text(encoding="utf-8"))
    dataset_file.write_text(_re.sub(r"(?m)^released: .*$", "released: '2099-01-01'", text), encoding="utf-8")
    release(project_copy, load_dataset(project_copy, ProblemList()))
    corpus, problems = validate(project_copy)
    assert not problems.errors
    write_feeds(corpus, tmp_path)
    _, entries = _feed(tmp_path / "feeds" / "all.xml")
    first = entries[0]
    assert first.find(f"{ATOM}updated").text == "2099-01-01T00:00:00Z"
    assert first.find(f"{ATOM}title").text.startswith("修改")
    assert first.find(f"{ATOM}link").get("href").endswith(f"documents/{data['id']}/#m-{measure['id'].replace('.', '-')}")
    assert sum(1 for e in entries if e.find(f"{ATOM}updated").text.startswith("2099")) == 1
