"""The ingest command as editors use it: refuse to overwrite, merge without losing editorial work,
and bad input → one clear line, exit 1, no file written."""

from __future__ import annotations

import re

import pytest
import yaml


def test_reingest_refuses_to_overwrite(cli, project_copy):
    target = project_copy.documents / "tianjin-2020-mobility.yaml"
    before = target.read_bytes()
    result = cli("ingest", "seeds/tianjin-2020-mobility.txt", root=project_copy.root, )
    assert result.returncode == 1
    assert "already exists and may hold editorial work — re-run with --merge" in result.stderr
    assert target.read_bytes() == before


def test_merge_keeps_translations_themes_and_agencies(cli, project_copy):
    target = project_copy.documents / "jilin-2020-task-division.yaml"
    before = yaml.safe_load(target.read_text(encoding="utf-8"))
    result = cli("ingest", "--merge", str(project_copy.seeds / "jilin-2020-task-division.txt"), root=project_copy.root)
    assert result.returncode == 0, result.stderr
    assert "merged: kept" in result.stdout
    after = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert after == before


def test_merge_reports_english_it_cannot_carry_over(cli, project_copy):
    seed = project_copy.seeds / "liaoning-mobility.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("完善激励机制。", "完善激励制度。"), encoding="utf-8")
    result = cli("ingest", "--merge", str(seed), root=project_copy.root)
    assert result.returncode == 0, result.stderr
    assert "NOT carried over: provision 3.13 heading: the Chinese changed" in result.stdout
    doc = yaml.safe_load((project_copy.documents / "liaoning-mobility.yaml").read_text(encoding="utf-8"))
    p = next(p for p in doc["provisions"] if p["id"] == "3.13")
    assert p["heading"] == {"zh": "完善激励制度。", "en": None}
    assert p["text"]["en"] and p["themes"]  # untouched fields keep their editorial work


def test_missing_only_skips_existing(cli, project_copy):
    result = cli("ingest", "--missing-only", root=project_copy.root)
    assert result.returncode == 0 and result.stdout == ""


@pytest.mark.parametrize("content,message", [
    (b"", "the file is empty"),
    (b"\x00\x01\x02binary\xff\xfe", "binary file"),
    (b"\xff\xfe\xfd" * 50, "encoding could not be detected"),
    ("没有任何编号的一段文字。".encode(), "no numbered provisions"),
])
def test_bad_seed_one_line_error_no_file(cli, project_copy, content, message):
    seed = project_copy.seeds / "bad-seed.txt"
    seed.write_bytes(content)
    result = cli("ingest", str(seed), root=project_copy.root)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and message in lines[0] and lines[0].startswith(str(seed)) or message in lines[0]
    assert "Traceback" not in result.stderr
    assert not (project_copy.documents / "bad-seed.yaml").exists()
    assert not list(project_copy.documents.glob(".*.tmp"))


def test_new_region_still_ingests_and_says_what_is_missing(cli, project_copy):
    seed = project_copy.seeds / "hebei-2021-mobility.txt"
    seed.write_text("河北省促进人才流动若干措施\n一、总体要求\n（一）加强领导。各地要高度重视，抓好落实。\n（二）完善机制。建立健全工作机制。\n",
                    encoding="gb18030")
    result = cli("ingest", str(seed), root=project_copy.root)
    assert result.returncode == 0, result.stderr
    assert "not stated in the text, left empty for the editor: region" in result.stdout
    doc = yaml.safe_load((project_copy.documents / "hebei-2021-mobility.yaml").read_text(encoding="utf-8"))
    assert doc["region"] is None and doc["source"]["encoding"] == "gb18030"
    assert doc["provisions"][1]["heading"]["zh"] == "加强领导。"
    validate = cli("validate", root=project_copy.root)
    assert validate.returncode == 1
    m = re.search(r"hebei-2021-mobility.yaml:(\d+):\d+: error: region is empty", validate.stderr)
    lines = (project_copy.documents / "hebei-2021-mobility.yaml").read_text(encoding="utf-8").splitlines()
    assert m and lines[int(m.group(1)) - 1].startswith("region:")


def test_internal_errors_never_show_a_traceback(cli, project_copy):
    (project_copy.data / "regions.yaml").write_text("- id: [unterminated\n", encoding="utf-8")
    result = cli("validate", root=project_copy.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("data/regions.yaml:")
