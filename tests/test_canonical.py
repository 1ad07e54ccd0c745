"""Canonical YAML: committed data must round-trip unchanged through `make fmt` (a lint that shows a diff)."""

from __future__ import annotations

from generator.data.fmt import fmt
from generator.paths import Project


def test_committed_data_is_canonical():
    diffs, problems = fmt(Project(), check=True)
    assert problems.errors == [], "\n\n".join(diffs) + "\nrun `make fmt`"


def test_non_canonical_file_fails_with_a_diff(cli, fixture_copy):
    path = fixture_copy.data / "regions.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  level: province\n", "  level:   'province'\n", 1), encoding="utf-8")
    result = cli("fmt", "--check", root=fixture_copy.root)
    assert result.returncode == 1
    assert "data/regions.yaml (canonical)" in result.stdout and "-  level:   'province'" in result.stdout
    assert "data/regions.yaml:1:1: error: not in canonical form — run `make fmt`" in result.stderr
    fixed = cli("fmt", root=fixture_copy.root)
    assert fixed.returncode == 0 and "formatted data/regions.yaml" in fixed.stdout
    assert cli("fmt", "--check", root=fixture_copy.root).returncode == 0


def test_comment_inside_data_is_refused_not_dropped(cli, fixture_copy):
    path = fixture_copy.data / "themes.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    middle = next(i for i, line in enumerate(lines) if i > 10 and line.startswith("- id:"))
    lines.insert(middle, "# a remark an editor wants to keep")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("fmt", root=fixture_copy.root)
    assert result.returncode == 1
    assert f"data/themes.yaml:{middle + 1}:1: error: comment inside the data" in result.stderr
    assert "# a remark an editor wants to keep" in path.read_text(encoding="utf-8")


def test_fmt_of_one_file_leaves_the_others_alone(cli, fixture_copy):
    mine, other = fixture_copy.documents / "liaoning-mobility.yaml", fixture_copy.documents / "jilin-2020-task-division.yaml"
    for path in (mine, other):
        path.write_text(path.read_text(encoding="utf-8").replace("\nid: ", "\nid:   ", 1), encoding="utf-8")
    result = cli("fmt", str(mine), root=fixture_copy.root)
    assert result.returncode == 0 and "formatted data/documents/liaoning-mobility.yaml" in result.stdout, result.stderr
    assert "\nid:   " not in mine.read_text(encoding="utf-8") and "\nid:   " in other.read_text(encoding="utf-8")
    check = cli("fmt", "--check", root=fixture_copy.root)
    assert check.returncode == 1 and "data/documents/jilin-2020-task-division.yaml:1:1: error: not in canonical form" in check.stderr
