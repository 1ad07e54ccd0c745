"""The ingest command on every kind of input an editor may hand it: web pages and Word files are
drafted; anything ingest cannot read is refused with one clear line naming the file and what to do
(exit 1, no traceback, no file written)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _broken_docx() -> bytes:
    """A zip that claims to be a Word file but has no document part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/readme.txt", "not a document")
    return buffer.getvalue()


BAD = [
    ("encrypted.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "encrypted or in the old .doc format"),
    ("truncated.docx", (FIXTURES / "word-task-list.docx").read_bytes()[:2000], "damaged or not a Word document"),
    ("no-document-part.docx", _broken_docx(), "not a Word document"),
    ("notice.html", "<html><head><meta charset='utf-8'><title>通知</title></head><body><div class='nav'>首页</div>"
                    "<p>关于做好人才工作的通知</p><p>各单位要高度重视，认真落实。</p></body></html>".encode(),
     "no numbered provisions or task table found in this web page"),
    ("renamed-word.txt", (FIXTURES / "word-task-list.docx").read_bytes(), "zip package (a Word .docx?)"),
    ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file"),
    ("scan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF files are not read"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old binary Word file"),
    ("document.rtf", r"{\rtf1\ansi 一、内容}".encode(), "'.rtf' files are not read"),
]


@pytest.mark.parametrize("name,content,message", BAD, ids=[b[0] for b in BAD])
def test_unreadable_input_one_clear_line(cli, project_copy, name, content, message):
    seed = project_copy.seeds / name
    seed.write_bytes(content)
    result = cli("ingest", str(seed), root=project_copy.root)
    assert result.returncode == 1, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr  # the problem, then the summary line
    assert lines[0].startswith(f"seeds/{name}: error: ") and message in lines[0] and " — " in lines[0]
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not (project_copy.documents / f"{Path(name).stem}.yaml").exists()


@pytest.mark.parametrize("fixture", ["task-table-gbk.html", "word-task-list.docx"])
def test_new_document_from_web_page_and_word_file(cli, project_copy, fixture):
    seed = project_copy.seeds / fixture.replace("task-table-gbk", "demo-tasks").replace("word-task-list", "demo-word")
    shutil.copyfile(FIXTURES / fixture, seed)
    result = cli("new-document", f"seeds/{seed.name}", root=project_copy.root)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"drafted from seeds/{seed.name}" in out
    assert "read as: " + ("web page" if fixture.endswith(".html") else "Word file") in out
    assert "1 task table" in out and "measures with a deadline (完成时限):" in out
    assert "Checklist for data/documents/" in out
    doc = yaml.safe_load((project_copy.documents / f"{seed.stem}.yaml").read_text(encoding="utf-8"))
    assert doc["source"]["seed"] == f"seeds/{seed.name}"
    validate = cli("validate", str(project_copy.documents / f"{seed.stem}.yaml"), root=project_copy.root)
    assert "no longer matches seed" not in validate.stderr and "seed file" not in validate.stderr
    assert "region is empty" in validate.stderr  # what the editor still has to do
