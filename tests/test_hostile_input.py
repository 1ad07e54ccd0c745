"""Careless or hostile input: a clear `path:line[:col]: error: what — how to fix`, exit status 1,
no traceback, no partial site, nothing dropped silently."""

from __future__ import annotations

import hashlib
import re

import pytest
import yaml

from generator.build import build
from generator.errors import DataError
from generator.paths import REPO_ROOT

MESSAGE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): error: (?P<what>.+) — (?P<fix>.+)$")
HEADER = "# yaml-language-server: $schema=../schema/document.schema.json\n"
GOOD = {"id": "hostile", "region": "tianjin", "title": {"zh": "测试", "en": "Test"}, "doc_number": None,
        "dates": {"issued": None, "published": None}, "source": {"seed": None, "url": None},
        "provisions": [{"id": "1", "label": "一、", "kind": "measure", "text": {"zh": "做好工作。", "en": "Do the work."},
                        "themes": [{"id": "hukou", "why": "test"}], "framework": []}]}


def document(**changes) -> str:
    doc = yaml.safe_load(yaml.safe_dump(GOOD))
    doc.update(changes)
    return HEADER + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


CASES = {
    "yaml syntax error": (HEADER + "id: hostile\nregion: [tianjin\n", "YAML syntax error"),
    "duplicate key": (HEADER + "id: hostile\nid: other\n", "duplicate key 'id'"),
    "tab indentation": (HEADER + "id: hostile\nprovisions:\n\t- id: '1'\n", "YAML syntax error"),
    "wrong type": (document(provisions="none"), "provisions: expected array, found text"),
    "python tag": (HEADER + "id: !!python/object/apply:os.system ['true']\n", "unsupported YAML tag"),
    "other tag": (HEADER + "id: !custom x\n", "unsupported YAML tag"),
    "path traversal id": (document(id="../../etc/passwd"), "id: '../../etc/passwd' is not valid"),
    "id with spaces": (document(id="my document"), "id: 'my document' is not valid"),
    "id reserved for list pages": (document(id="page-2"), "id: 'page-2' is not valid"),
    "unknown region": (document(region="tianjn"), "unknown region 'tianjn'"),
    "unknown theme": (document(provisions=[{**GOOD["provisions"][0], "themes": [{"id": "hukuo"}]}]), "unknown theme 'hukuo'"),
    "unknown agency": (document(provisions=[{**GOOD["provisions"][0], "responsibility": {
        "printed": "（市人社局）", "units": [{"name": "市人社局", "role": "responsible", "agency": "tianjin-nobody"}]}}]),
        "unknown agency 'tianjin-nobody'"),
    "unknown field": (document(regoin="tianjin"), "unknown field 'regoin'"),
    "huge text field": (document(provisions=[{**GOOD["provisions"][0], "text": {"zh": "字" * 30_000, "en": "x"}}]),
                        "is too long"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_document_gets_a_clear_error(cli, project_copy, case):
    content, expected = CASES[case]
    path = project_copy.documents / "hostile.yaml"
    path.write_text(content, encoding="utf-8")
    result = cli("validate", root=project_copy.root)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    mine = [MESSAGE.match(line) for line in lines if line.startswith("data/documents/hostile.yaml")]
    assert mine and all(mine), lines
    assert any(expected in m.group("what") for m in mine), lines
    assert re.match(r"^\d+ errors?, \d+ warnings? in \d+ files?$", lines[-1])


def test_two_documents_with_the_same_id(cli, project_copy):
    (project_copy.documents / "copy.yaml").write_text(
        (project_copy.documents / "liaoning-mobility.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = cli("validate", root=project_copy.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    duplicate = [m for m in map(MESSAGE.match, result.stderr.splitlines()) if m and "is already used by" in m.group("what")]
    assert len(duplicate) == 1, result.stderr
    m = duplicate[0]
    # whichever file is read second is named, with the line of its id, and the other file in the message
    assert {m.group("path"), m.group("what").rsplit(" ", 1)[-1]} == {"data/documents/liaoning-mobility.yaml", "data/documents/copy.yaml"}
    assert m.group("what").startswith("document id 'liaoning-mobility' is already used by")
    lines = (REPO_ROOT / "data/documents/liaoning-mobility.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[int(m.group("line")) - 1][int(m.group("col")) - 1:].startswith("id:")


def test_ten_megabyte_file_is_refused_cleanly(cli, project_copy):
    (project_copy.documents / "huge.yaml").write_text(document(id="huge") + "# " + "x" * 10_000_000 + "\n", encoding="utf-8")
    result = cli("validate", root=project_copy.root)
    assert result.returncode == 1 and "over the 5,242,880-byte limit" in result.stderr and "Traceback" not in result.stderr


def test_invalid_utf8(cli, project_copy):
    (project_copy.documents / "bytes.yaml").write_bytes(b"id: \xff\xfe bad\n")
    result = cli("validate", root=project_copy.root)
    assert result.returncode == 1
    assert result.stderr.startswith("data/documents/bytes.yaml:1:5: error: not valid UTF-8")  # the bad byte's place


def tree_digest(root) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_failed_build_keeps_the_previous_site(project_copy):
    out = project_copy.root / "site"
    build(project_copy, out=out, search=False)
    before = tree_digest(out)
    (project_copy.documents / "hostile.yaml").write_text(document(region="nowhere"), encoding="utf-8")
    with pytest.raises(DataError):
        build(project_copy, out=out, search=False)
    assert tree_digest(out) == before
    assert not (project_copy.build / "site-tmp").exists()


def test_build_cli_failure_is_one_clear_report(cli, project_copy):
    (project_copy.documents / "hostile.yaml").write_text(document(region="nowhere"), encoding="utf-8")
    result = cli("build", "--no-search", root=project_copy.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    m = re.search(r"data/documents/hostile.yaml:(\d+):\d+: error: unknown region 'nowhere'", result.stderr)
    assert m, result.stderr
    lines = (project_copy.documents / "hostile.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[int(m.group(1)) - 1].startswith("region:")
    assert not (project_copy.root / "site").exists()


def test_two_builds_are_byte_identical(project_copy, tmp_path):
    build(project_copy, out=tmp_path / "a")
    build(project_copy, out=tmp_path / "b")
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")
