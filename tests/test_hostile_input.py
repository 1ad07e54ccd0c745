"""Careless or hostile input: a clear `path:line[:col]: error: what — how to fix`, exit status 1,
no traceback, no partial site, nothing dropped silently."""

from __future__ import annotations

import hashlib
import re

import pytest
import yaml

from generator.build import build
from generator.errors import DataError
from tests.conftest import FIXTURE_PROJECT, copy_fixture_project, run_cli

MESSAGE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<level>error|warning): (?P<what>.+) — (?P<fix>.+) \[(?P<code>[EW]-[A-Z-]+)\]$")
HEADER = "# yaml-language-server: $schema=../schema/document.schema.json\n"
GOOD = {"id": "hostile", "region": "tianjin", "title": {"zh": "测试", "en": "Test"}, "doc_number": None,
        "dates": {"issued": None, "published": None}, "source": {"seed": None, "url": None},
        "provisions": [{"id": "1", "label": "一、", "kind": "measure", "text": {"zh": "做好工作。", "en": "Do the work."},
                        "themes": [{"id": "hukou", "why": "test"}], "framework": []}]}


def document(**changes) -> str:
    doc = yaml.safe_load(yaml.safe_dump(GOOD))
    doc.update(changes)
    return HEADER + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def raw(old: str, new: str) -> str:
    """The good document's text with one line rewritten by hand (for what yaml.safe_dump would not write)."""
    text = document()
    assert old in text
    return text.replace(old, new, 1)


# billion laughs: nine levels of nine aliases, under 1 KB, 9**9 strings when expanded
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for n, p in zip("bcdefghi", "abcdefgh"))

# name: (file content, expected in the message, where it points: (line, column), or the text found
# there (the first occurrence in the file), or None)
CASES = {
    "yaml syntax error": (HEADER + "id: hostile\nregion: [tianjin\n", "YAML syntax error", None),
    "duplicate key": (HEADER + "id: hostile\nid: other\n", "duplicate key 'id'", (3, 1)),
    "tab indentation": (HEADER + "id: hostile\nprovisions:\n\t- id: '1'\n", "YAML syntax error", (4, 1)),
    "wrong type": (document(provisions="none"), "provisions: expected array, found text", None),
    "python tag": (HEADER + "id: !!python/object/apply:os.system ['true']\n", "unsupported YAML tag", (2, 5)),
    "other tag": (HEADER + "id: !custom x\n", "unsupported YAML tag", (2, 5)),
    "path traversal id": (document(id="../../etc/passwd"), "id: '../../etc/passwd' is not valid", "id:"),
    "id with spaces": (document(id="my document"), "id: 'my document' is not valid", "id:"),
    "id reserved for list pages": (document(id="page-2"), "id: 'page-2' is not valid", "id:"),
    "unknown region": (document(region="tianjn"), "unknown region 'tianjn'", "region:"),
    "unknown theme": (document(provisions=[{**GOOD["provisions"][0], "themes": [{"id": "hukuo"}]}]), "unknown theme 'hukuo'", None),
    "unknown agency": (document(provisions=[{**GOOD["provisions"][0], "responsibility": {
        "printed": "（市人社局）", "units": [{"name": "市人社局", "role": "responsible", "agency": "tianjin-nobody"}]}}]),
        "unknown agency 'tianjin-nobody'", None),
    "unknown field": (document(regoin="tianjin"), "unknown field 'regoin'", None),
    "huge text field": (document(provisions=[{**GOOD["provisions"][0], "text": {"zh": "字" * 30_000, "en": "x"}}]),
                        "is too long", None),
    # issue 16: line breaks and invisible characters, each named by its code point where it is
    "newline then markdown in a name": (raw("zh: 测试", 'zh: "测试\\n[x](javascript:alert(1)) {: onfocus=alert(1) autofocus }"'),
                                        "title.zh: U+000A LINE FEED in the value", "zh: \"测试"),
    "carriage return in a name": (raw("zh: 测试", 'zh: "测试\\r<img src=x onerror=alert(1)>"'),
                                  "title.zh: U+000D CARRIAGE RETURN in the value", "zh: \"测试"),
    "line separator escaped": (raw("zh: 做好工作。", 'zh: "做好\\u2028# h {: onclick=alert(1) }"'),
                               "provisions[0].text.zh: U+2028 LINE SEPARATOR in the value", "zh: \"做好"),
    "next line escaped": (raw("en: Test", 'en: "Test\\N[x](javascript:alert(1))"'), "U+0085 NEXT LINE", "en: \"Test"),
    "id ending in a newline": (raw("id: hostile", 'id: "hostile\\n"'), "id: U+000A LINE FEED in the value", "id: \"hostile"),
    "bidi override written literally": (raw("en: Test", "en: Te\u202etsil"), "U+202E RIGHT-TO-LEFT OVERRIDE", "\u202e"),
    "zero-width space in a region id": (raw("region: tianjin", "region: tian\u200bjin"), "U+200B ZERO WIDTH SPACE", "\u200b"),
    "bidi override as an escape": (raw("region: tianjin", 'region: "tianjin\\u202e"'), "region: U+202E RIGHT-TO-LEFT OVERRIDE", "region:"),
    "control character": (raw("en: Test", "en: Te\x07st"), "U+0007 BELL", "\x07"),
    "tab inside a value": (raw("en: Test", 'en: "Te\\tst"'), "title.en: U+0009 CHARACTER TABULATION", "en: \"Te"),
    "homoglyph region id": (document(region="t\u0456anjin"), "U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I", "region:"),
    "region: no": (raw("region: tianjin", "region: no"), "region: no is read as false", "region:"),
    "alias bomb": (HEADER + BOMB, "expand the file to over", None),
    "deep block nesting": (HEADER + "".join(" " * i + "a:\n" for i in range(250)) + " " * 250 + "b\n",
                           "nesting deeper than 40 levels", (42, 41)),
    "deep flow nesting, 2 MB": (HEADER + "id: [" + "[" * 1_000_000 + "]" * 1_000_000 + "\n", "nesting deeper than 40 levels", (2, 44)),
}
SPECIAL_FILES = {  # written beside the cases: (name, bytes, expected, position)
    "bytes": (b"id: \xff\xfe bad\n", "not valid UTF-8", (1, 5)),
    "huge": ((document(id="huge") + "# " + "x" * 10_000_000 + "\n").encode(), "over the 5,242,880-byte limit", None),
}


def _slug(case: str) -> str:
    return "case-" + re.sub(r"[^a-z0-9]+", "-", case.lower()).strip("-")


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """One project holding every hostile document at once, validated by one CLI run: each case's file
    gets its own messages, so one run (seconds) replaces one run per case (minutes)."""
    project = copy_fixture_project(tmp_path_factory.mktemp("hostile") / "project")
    for case, (content, _, _) in CASES.items():
        # each its own id, so cross-file checks run on every one (not "id already used")
        content = re.sub(r"^id: hostile$", f"id: {_slug(case)}", content, count=1, flags=re.M)
        (project.documents / f"{_slug(case)}.yaml").write_text(content, encoding="utf-8")
    for name, (content, _, _) in SPECIAL_FILES.items():
        (project.documents / f"{name}.yaml").write_bytes(content)
    (project.documents / "copy.yaml").write_text(
        (project.documents / "liaoning-mobility.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("validate", root=project.root, timeout=300)
    return project, result


def _messages(result, rel: str) -> list[re.Match]:
    lines = [line for line in result.stderr.splitlines() if line.startswith(rel + ":")]
    matches = [MESSAGE.match(line) for line in lines]
    assert lines and all(matches), lines  # every message about the file has the full shape
    return matches


def test_hostile_run_fails_cleanly(hostile_run):
    _, result = hostile_run
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert re.match(r"^\d+ errors?, \d+ warnings? in \d+ files?$", result.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_document_gets_a_clear_error(hostile_run, case):
    project, result = hostile_run
    _, expected, position = CASES[case]
    mine = _messages(result, f"data/documents/{_slug(case)}.yaml")
    hits = [m for m in mine if m.group("level") == "error" and expected in m.group("what")]
    assert hits, [m.group(0) for m in mine]
    if isinstance(position, str):
        content = CASES[case][0]
        before = content[: content.index(position)]
        position = (before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
    if position:
        assert (int(hits[0].group("line")), int(hits[0].group("col"))) == position, hits[0].group(0)
    if case == "tab indentation":
        assert "not tabs" in hits[0].group("fix")


@pytest.mark.parametrize("name", sorted(SPECIAL_FILES))
def test_unreadable_document_gets_a_clear_error(hostile_run, name):
    _, result = hostile_run
    _, expected, position = SPECIAL_FILES[name]
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"data/documents/{name}.yaml:")]
    assert any(expected in line for line in lines), lines
    if position:
        assert lines[0].startswith(f"data/documents/{name}.yaml:{position[0]}:{position[1]}: error: "), lines


def test_two_documents_with_the_same_id(hostile_run):
    _, result = hostile_run
    duplicate = [m for m in map(MESSAGE.match, result.stderr.splitlines())
                 if m and "document id 'liaoning-mobility' is already used by" in m.group("what")]
    assert len(duplicate) == 1, result.stderr
    m = duplicate[0]
    # whichever file is read second is named, with the line of its id, and the other file in the message
    assert {m.group("path"), m.group("what").rsplit(" ", 1)[-1]} == {"data/documents/liaoning-mobility.yaml", "data/documents/copy.yaml"}
    lines = (FIXTURE_PROJECT / "data/documents/liaoning-mobility.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[int(m.group("line")) - 1][int(m.group("col")) - 1:].startswith("id:")


def tree_digest(root) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_failed_build_keeps_the_previous_site(fixture_copy):
    out = fixture_copy.root / "site"
    build(fixture_copy, out=out, search=False)
    before = tree_digest(out)
    (fixture_copy.documents / "hostile.yaml").write_text(document(region="nowhere"), encoding="utf-8")
    with pytest.raises(DataError):
        build(fixture_copy, out=out, search=False)
    assert tree_digest(out) == before
    assert not (fixture_copy.build / "site-tmp").exists()


def test_build_cli_failure_is_one_clear_report(cli, fixture_copy):
    (fixture_copy.documents / "hostile.yaml").write_text(document(region="nowhere"), encoding="utf-8")
    result = cli("build", "--no-search", root=fixture_copy.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    m = re.search(r"data/documents/hostile.yaml:(\d+):\d+: error: unknown region 'nowhere'", result.stderr)
    assert m, result.stderr
    lines = (fixture_copy.documents / "hostile.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[int(m.group(1)) - 1].startswith("region:")
    assert not (fixture_copy.root / "site").exists()


def test_two_builds_are_byte_identical(fixture_copy, tmp_path):
    build(fixture_copy, out=tmp_path / "a")
    build(fixture_copy, out=tmp_path / "b")
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
