"""Bad input to the dataset's version, licences and source URLs gets a clear path:line:col error, and the
release workflow (bump the version, record it, changelog regenerated) works on a copy of the project."""

from __future__ import annotations

import re

import yaml


def _edit_measure(project) -> tuple[str, str]:
    """An editor adds a sentence to a measure's English (the Chinese is held to the seed): a data change."""
    from generator.data.yamlio import dump_yaml

    path = sorted(project.documents.glob("*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    measure = next(p for p in data["provisions"] if p["kind"] == "measure" and (p.get("text") or {}).get("en"))
    measure["text"]["en"] += " (Revised.)"
    path.write_text(dump_yaml(data, "../schema/document.schema.json"), encoding="utf-8")
    return data["id"], measure["id"]


def _line_col(path, needle: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_changed_measures_without_a_new_version_are_an_error(cli, fixture_copy):
    assert cli("release", "--check", root=fixture_copy.root).returncode == 0
    doc_id, measure_id = _edit_measure(fixture_copy)
    result = cli("release", "--check", root=fixture_copy.root)
    assert result.returncode == 1
    dataset = fixture_copy.data / "dataset.yaml"
    version = yaml.safe_load(dataset.read_text(encoding="utf-8"))["version"]
    line, col = _line_col(dataset, version)
    assert f"data/dataset.yaml:{line}:{col}: error: the data changed since release {version} (changed {doc_id} {measure_id})" \
        in result.stderr, result.stderr
    assert "did not increase" in result.stderr and "Traceback" not in result.stderr
    # `release` refuses to record other data under a released version
    refused = cli("release", root=fixture_copy.root)
    assert refused.returncode == 1 and f"data/dataset.yaml:{line}:{col}: error: version {version} is already released" in refused.stderr


def test_a_lower_version_is_an_error(cli, fixture_copy):
    dataset = fixture_copy.data / "dataset.yaml"
    dataset.write_text(re.sub(r"(?m)^version: .*$", "version: 0.0.1", dataset.read_text(encoding="utf-8")), encoding="utf-8")
    result = cli("release", "--check", root=fixture_copy.root)
    line, col = _line_col(dataset, "0.0.1")
    assert result.returncode == 1 and f"data/dataset.yaml:{line}:{col}: error: version 0.0.1 is lower than the last release" in result.stderr


def test_a_new_version_records_the_change_and_the_changelog(cli, fixture_copy):
    doc_id, measure_id = _edit_measure(fixture_copy)
    dataset = fixture_copy.data / "dataset.yaml"
    data = yaml.safe_load(dataset.read_text(encoding="utf-8"))
    major, minor, _ = (int(x) for x in data["version"].split("."))
    new = f"{major}.{minor + 1}.0"
    text = re.sub(r"(?m)^version: .*$", f"version: {new}", dataset.read_text(encoding="utf-8"))
    dataset.write_text(re.sub(r"(?m)^released: .*$", "released: '2099-01-01'", text), encoding="utf-8")
    unreleased = cli("release", "--check", root=fixture_copy.root)
    assert unreleased.returncode == 1 and f"version {new} has not been released" in unreleased.stderr
    result = cli("release", root=fixture_copy.root)
    assert result.returncode == 0, result.stderr
    assert cli("release", "--check", root=fixture_copy.root).returncode == 0
    changelog = (fixture_copy.data / "CHANGELOG.md").read_text(encoding="utf-8")
    section = changelog.split(f"## {new} — 2099-01-01", 1)[1].split("\n## ", 1)[0]
    assert f"- `{doc_id}` measure {measure_id}" in section.split("### Changed", 1)[1]
    # a hand edit of the changelog is caught
    (fixture_copy.data / "CHANGELOG.md").write_text(changelog.replace("### Changed", "### Modified"), encoding="utf-8")
    stale = cli("release", "--check", root=fixture_copy.root)
    assert stale.returncode == 1 and re.search(r"data/CHANGELOG.md:\d+:1: error: the data changelog differs", stale.stderr)


def test_a_licence_that_is_not_spdx_is_an_error(cli, fixture_copy):
    dataset = fixture_copy.data / "dataset.yaml"
    dataset.write_text(dataset.read_text(encoding="utf-8").replace("  data: CC-BY-4.0", "  data: Creative Commons BY"), encoding="utf-8")
    result = cli("validate", root=fixture_copy.root)
    line, col = _line_col(dataset, "Creative Commons BY")
    assert result.returncode == 1
    assert f"data/dataset.yaml:{line}:{col}: error: licenses.data: 'Creative Commons BY' is not an SPDX licence identifier" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_version_that_is_not_semantic_is_an_error(cli, fixture_copy):
    dataset = fixture_copy.data / "dataset.yaml"
    dataset.write_text(re.sub(r"(?m)^version: .*$", "version: v2", dataset.read_text(encoding="utf-8")), encoding="utf-8")
    result = cli("validate", root=fixture_copy.root)
    line, col = _line_col(dataset, "version: v2")  # schema errors point at the field
    assert result.returncode == 1 and f"data/dataset.yaml:{line}:{col}: error: version: 'v2' is not valid — use a semantic version" in result.stderr


def test_a_source_url_that_is_not_a_url_is_an_error(cli, fixture_copy):
    path = sorted(fixture_copy.documents.glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    assert "\n  url: null\n" in text
    path.write_text(text.replace("\n  url: null\n", "\n  url: www.gov.cn/some page\n", 1), encoding="utf-8")
    result = cli("validate", root=fixture_copy.root)
    line, col = _line_col(path, "url: www.gov.cn/some page")  # schema errors point at the field
    assert result.returncode == 1
    assert f"{path.relative_to(fixture_copy.root)}:{line}:{col}: error: source.url: 'www.gov.cn/some page' is not valid — use an http(s) URL" \
        in result.stderr, result.stderr
