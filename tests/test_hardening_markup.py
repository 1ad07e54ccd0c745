"""Data never becomes markup: every text of the corpus (and every interface string) carries a payload
of line breaks followed by Markdown and HTML that would run script if parsed, and the built site
shows it as literal text — checked in every built HTML file, and in Chromium.

The payload goes into the model after loading, so validation (which refuses most of these
characters) does not hide what the renderer would do with them: this tests the second line of
defence, the escaping, on its own."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import pytest

import generator.site.render as render_module
from generator.data.model import Text
from generator.data.validate import validate
from generator.engine.runner import run_build
from generator.engine.staging import render_site_sources
from generator.files import GENERATED_MARK
from generator.settings import FIXED_EPOCH
from tests.conftest import copy_fixture_project

pytestmark = pytest.mark.site

# Every line break Python-Markdown, Python or YAML may split on, each followed by something that is
# markup if it ever reaches a Markdown or HTML parser.
PAYLOAD = ("\n[lnk](javascript:window.__pwned=1) {: onfocus=window.__pwned=2 autofocus }"
           "\r<img src=x onerror=window.__pwned=3>"
           "\u2028# hdr {: onclick=window.__pwned=4 }"
           "\u2029<script>window.__pwned=5</script>"
           "\x85**bold** `code` <a href=javascript:window.__pwned=6>x</a>"
           "\r\n---\n    indented\n> quote\n| a | b |\n\v\f\x1c\x1d\x1e end")
# Fields that are names of things (ids, enum values, paths) stay as they are: the schema pins them.
TEXT_FIELDS = {"label", "printed", "note", "name", "doc_number", "title", "number", "en", "zh", "text", "why",
               "notes", "aliases", "accept"}


def _poison(obj, seen: set[int]) -> None:
    """Append the payload to every text of a model object graph, in place."""
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, list):
        for item in obj:
            _poison(item, seen)
        return
    if isinstance(obj, dict):
        for item in obj.values():
            _poison(item, seen)
        return
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return
    for field in dataclasses.fields(obj):
        value = getattr(obj, field.name)
        if isinstance(obj, Text) and field.name in ("zh", "en") and value:
            setattr(obj, field.name, value + PAYLOAD)
        elif isinstance(value, str) and field.name in TEXT_FIELDS and not isinstance(obj, Text):
            setattr(obj, field.name, value + PAYLOAD)
        elif isinstance(value, list) and field.name in TEXT_FIELDS and all(isinstance(v, str) for v in value):
            setattr(obj, field.name, [v + PAYLOAD for v in value])
        else:
            _poison(value, seen)


@pytest.fixture(scope="session")
def payload_site(tmp_path_factory):
    """The fixture project with the payload in every text and interface string, built by MkDocs."""
    project = copy_fixture_project(tmp_path_factory.mktemp("payload") / "project")
    corpus, problems = validate(project, check_seeds=False)
    assert not problems.errors
    _poison(corpus, set())
    real_load_strings = render_module.load_strings

    def poisoned_strings(project):
        return {key: {lang: value + PAYLOAD for lang, value in entry.items()}
                for key, entry in real_load_strings(project).items()}

    render_module.load_strings = poisoned_strings
    try:
        staging = project.build / "staging"
        render_site_sources(project, corpus, staging)
    finally:
        render_module.load_strings = real_load_strings
    site = project.root / "site"
    run_build(project, staging / "mkdocs.yml", site, "mkdocs", FIXED_EPOCH)
    doc = next(iter(corpus.documents.values()))
    return project, site, doc.id


class _Audit(HTMLParser):
    """Collects every element and attribute that the payload could have created."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name == "autofocus":
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and value.startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if tag == "img" and name == "src" and value == "x":
                self.found.append("<img src=x>")
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script and "__pwned" in data:
            self.found.append(f"<script>{data[:60]}")
        self.text.append(data)


def test_payload_is_literal_text_in_every_built_page(payload_site):
    _, site, doc_id = payload_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        audit = _Audit()
        audit.feed(page.read_text(encoding="utf-8"))
        assert audit.found == [], f"{page.relative_to(site)}: {audit.found}"
    # ... and the payload is there, shown as the text it is (not dropped)
    for lang_dir in (site, site / "en"):
        audit = _Audit()
        audit.feed((lang_dir / "documents" / doc_id / "index.html").read_text(encoding="utf-8"))
        text = "".join(audit.text)
        for literal in ("[lnk](javascript:window.__pwned=1)", "{: onfocus=window.__pwned=2 autofocus }",
                        "<img src=x onerror=window.__pwned=3>", "<script>window.__pwned=5</script>"):
            assert literal in text, (lang_dir, literal)


def test_no_data_character_starts_a_line_of_a_generated_page(payload_site):
    """The design rule itself: a generated page handed to the engine is HTML only, and data never starts
    one of its lines, so even a parser that read it line by line would find no heading, list or table."""
    project, _, _ = payload_site
    staging = project.build / "staging" / "docs"
    for page in sorted(staging.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if GENERATED_MARK not in text:
            continue
        body = text.split(GENERATED_MARK, 1)[1]
        for line in body.split("\n"):
            assert re.fullmatch(r"|\s*<.*", line), f"{page}: {line[:80]!r}"
        assert not any(c in body.replace("\n", "") for c in "\r\u2028\u2029\x85\v\f\x1c\x1d\x1e"), page


@pytest.mark.browser
def test_payload_page_runs_no_script_in_chromium(payload_site, browser):
    from generator.tools.searchprobe import serve_site

    _, site, doc_id = payload_site
    with serve_site(site) as base:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        try:
            for path in (f"documents/{doc_id}/", f"en/documents/{doc_id}/", "", "en/glossary/", "en/agencies/"):
                page.goto(f"{base}/{path}", wait_until="load")
                page.wait_for_timeout(300)  # give autofocus/onerror handlers the chance to fire
                injected = page.evaluate("""() => {
                    const bad = [];
                    for (const el of document.querySelectorAll('*')) {
                        for (const a of el.attributes) {
                            if (a.name.startsWith('on') || a.name === 'autofocus') bad.push(el.tagName + ' ' + a.name);
                            if (/^\\s*javascript:/i.test(a.value) && ['href', 'src'].includes(a.name)) bad.push(el.tagName + ' ' + a.name);
                        }
                    }
                    for (const s of document.scripts) if (s.textContent.includes('__pwned')) bad.push('script');
                    return {pwned: window.__pwned ?? null, bad};
                }""")
                assert injected == {"pwned": None, "bad": []}, (path, injected)
                assert "[lnk](javascript:window.__pwned=1)" in page.inner_text("body") or path in ("en/glossary/", "en/agencies/", "")
        finally:
            page.close()
    assert dialogs == []
