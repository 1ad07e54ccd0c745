"""The build reads only what it should: regular files inside the repository (no links, devices or
pipes), of bounded size; templates/strings.yaml and mkdocs.yml checked like data before use; the
YAML limits hold in every kind of file. Each case: a clear `path[:line:col]: error: … — …` message,
no traceback, nothing read from outside, nothing run."""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from generator.build import build
from generator.data.inputs import read_bounded
from generator.data.load import load_strings
from generator.data.yamlio import load_yaml
from generator.engine.siteconfig import check_site_config
from generator.errors import DataError
from generator.paths import REPO_ROOT, Project
from tests.conftest import copy_fixture_project, run_cli

pytestmark = pytest.mark.unit

SECRET = "not-for-the-site-" + "7f3a"


# ---- links, devices, pipes ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def linked_project(tmp_path_factory):
    """One project with every kind of link and special file among its inputs."""
    base = tmp_path_factory.mktemp("links")
    project = copy_fixture_project(base / "project")
    outside = base / "outside.yaml"
    outside.write_text(f"id: {SECRET}\n", encoding="utf-8")
    (base / "outside-dir").mkdir()
    os.symlink("/proc/self/environ", project.docs / "zh" / "environ.md")
    os.symlink(outside, project.documents / "outside.yaml")
    os.symlink(project.documents / "liaoning-mobility.yaml", project.documents / "inside.yaml")
    os.symlink("/dev/zero", project.seeds / "zero.txt")
    os.symlink(base / "outside-dir", project.templates / "pages" / "linked-folder")
    os.mkfifo(project.documents / "pipe.yaml")
    return project


EXPECTED_LINKS = {
    "docs/zh/environ.md": "is a symbolic link",
    "data/documents/outside.yaml": "is a symbolic link",
    "data/documents/inside.yaml": "is a symbolic link",
    "seeds/zero.txt": "is a symbolic link",
    "templates/pages/linked-folder": "is a symbolic link",
    "data/documents/pipe.yaml": "is not a regular file",
}


def test_validate_refuses_links_and_special_files(linked_project):
    result = run_cli("validate", root=linked_project.root, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for path, what in EXPECTED_LINKS.items():
        assert any(line.startswith(f"{path}: error: {what}") and " — " in line
                   for line in result.stderr.splitlines()), (path, result.stderr)
    assert SECRET not in result.stderr + result.stdout
    assert "PATH=" not in result.stderr + result.stdout


def test_build_refuses_links_before_reading_anything(linked_project):
    with pytest.raises(DataError) as caught:
        build(linked_project, out=linked_project.root / "site", search=False)
    assert {p.path for p in caught.value.problems} == set(EXPECTED_LINKS)
    assert not (linked_project.root / "site").exists()
    assert not (linked_project.build / "staging").exists()


def test_read_bounded_refuses_devices_pipes_links_and_size(tmp_path):
    with pytest.raises(DataError, match="is not a regular file"):
        read_bounded(Path("/dev/zero"), 1000)
    os.mkfifo(tmp_path / "pipe")
    started = time.monotonic()
    with pytest.raises(DataError, match="is not a regular file"):  # O_NONBLOCK: no writer, no hang
        read_bounded(tmp_path / "pipe", 1000)
    assert time.monotonic() - started < 5
    (tmp_path / "big").write_bytes(b"x" * 1001)
    with pytest.raises(DataError, match="1,001 bytes, over the 1,000-byte limit"):
        read_bounded(tmp_path / "big", 1000)
    os.symlink(tmp_path / "big", tmp_path / "link")
    with pytest.raises(DataError, match="is a symbolic link"):
        read_bounded(tmp_path / "link", 10_000)
    assert read_bounded(tmp_path / "big", 1001) == b"x" * 1001


def test_other_files_in_the_documents_folder_are_reported(tmp_path):
    project = copy_fixture_project(tmp_path / "project")
    (project.documents / "draft.yml").write_text("id: draft\n", encoding="utf-8")
    (project.documents / "old").mkdir()
    (project.documents / "notes.txt").write_text("x", encoding="utf-8")
    result = run_cli("validate", root=project.root, timeout=120)
    assert result.returncode == 1
    assert "data/documents/draft.yml: error: not read: document files end in .yaml — rename it to draft.yaml" in result.stderr
    assert "data/documents/old: error: a folder inside data/documents/ is not read" in result.stderr
    assert "data/documents/notes.txt: error: not a document file" in result.stderr


# ---- templates/strings.yaml ---------------------------------------------------------------------

GOOD_STRINGS = (REPO_ROOT / "templates" / "strings.yaml").read_text(encoding="utf-8")
STRINGS_CASES = {
    "float value": (GOOD_STRINGS.replace("home: {zh: 首页, en: Home}", "home: {zh: 首页, en: 1.5}"),
                    "home.en: expected string, found float", "en: 1.5"),
    "missing key": (GOOD_STRINGS.replace("home: {zh: 首页, en: Home}\n", ""), "missing required field 'home'", None),
    "missing language": (GOOD_STRINGS.replace("home: {zh: 首页, en: Home}", "home: {zh: 首页}"),
                         "home: missing required field 'en'", "home: {"),
    "top-level list": ("- {zh: 首页, en: Home}\n", "expected object, found list", None),
    "duplicate key": (GOOD_STRINGS + "home: {zh: 主页, en: Start}\n", "duplicate key 'home'", "home: {zh: 主页"),
    "alias bomb": ("a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for n, p in zip("bcdefghi", "abcdefgh")), "expand the file", None),
    "newline in a nav label": (GOOD_STRINGS.replace("home: {zh: 首页, en: Home}", 'home: {zh: "首页\\n<script>x</script>", en: Home}'),
                               "home.zh: U+000A LINE FEED", "zh: \"首页"),
    "python tag": (GOOD_STRINGS.replace("home: {zh: 首页, en: Home}", "home: !!python/name:os.system"),
                   "unsupported YAML tag", "!!python"),
}


def _tiny_project(tmp_path: Path, strings: str | None = None, mkdocs: str | None = None) -> Project:
    """Just enough of a project for one file's check (in-process, milliseconds)."""
    root = tmp_path / "tiny"
    shutil.copytree(REPO_ROOT / "data" / "schema", root / "data" / "schema")
    (root / "templates").mkdir()
    if strings is not None:
        (root / "templates" / "strings.yaml").write_text(strings, encoding="utf-8")
    if mkdocs is not None:
        (root / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    return Project(root)


def _position(content: str, needle: str) -> tuple[int, int]:
    before = content[: content.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


@pytest.mark.parametrize("case", sorted(STRINGS_CASES))
def test_bad_strings_file_gets_a_clear_error(tmp_path, case):
    content, expected, needle = STRINGS_CASES[case]
    project = _tiny_project(tmp_path, strings=content)
    with pytest.raises(DataError) as caught:
        load_strings(project)
    problems = [p for p in caught.value.problems if expected in p.message]
    assert problems, [p.format() for p in caught.value.problems]
    assert all(p.path == "templates/strings.yaml" and p.fix for p in caught.value.problems)
    if needle:
        assert (problems[0].line, problems[0].column) == _position(content, needle), problems[0].format()


def test_the_real_strings_file_is_valid():
    strings = load_strings(Project())
    assert strings["home"] == {"zh": "首页", "en": "Home"}


# ---- mkdocs.yml -----------------------------------------------------------------------------------

GOOD_MKDOCS = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
MKDOCS_CASES = {
    "python object": (GOOD_MKDOCS + "extra_x: !!python/object/apply:os.system ['touch /tmp/pwned']\n", "unsupported YAML tag"),
    "environment variable": (GOOD_MKDOCS.replace("site_name: ", "site_name: !ENV [CI_SECRET, ") .replace(
        "劳动力和人才社会性流动政策比较\n", "劳动力和人才社会性流动政策比较]\n", 1), "unsupported YAML tag '!ENV'"),
    "hooks": (GOOD_MKDOCS + "hooks:\n  - evil.py\n", "'hooks' is not allowed here"),
    "inherit": ("INHERIT: other.yml\n" + GOOD_MKDOCS, "'INHERIT' is not allowed here"),
    "alias bomb": (GOOD_MKDOCS + "extra_y: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"extra_{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for n, p in zip("bcdefghi", "abcdefgh")), "expand the file"),
}


@pytest.mark.parametrize("case", sorted(MKDOCS_CASES))
def test_bad_mkdocs_config_is_refused_before_mkdocs(tmp_path, case):
    content, expected = MKDOCS_CASES[case]
    project = _tiny_project(tmp_path, mkdocs=content)
    with pytest.raises(DataError) as caught:
        check_site_config(project)
    problem = caught.value.problems[0]
    assert problem.path == "mkdocs.yml" and problem.line > 0 and problem.column > 0 and expected in problem.message, problem.format()
    if "tag" in expected:
        assert "!ENV" in problem.fix


def test_the_real_mkdocs_config_passes():
    check_site_config(Project())


def test_build_with_a_python_tag_runs_nothing(tmp_path):
    project = copy_fixture_project(tmp_path / "project")
    marker = tmp_path / "pwned"
    (project.root / "mkdocs.yml").write_text(
        GOOD_MKDOCS + f"extra_x: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    result = run_cli("build", "--no-search", root=project.root, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"^mkdocs\.yml:\d+:\d+: error: unsupported YAML tag .* — mkdocs\.yml allows no tags", result.stderr, re.M)
    assert not marker.exists() and not (project.root / "site").exists()


# ---- YAML limits in every kind of file --------------------------------------------------------------

@pytest.mark.parametrize("name", ["data/regions.yaml", "data/glossary.yaml", "data/frameworks/x.yaml",
                                  "data/documents/x.yaml", "templates/strings.yaml", "mkdocs.yml"])
def test_yaml_limits_hold_in_every_kind_of_file(tmp_path, name):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    for content, expected in (("a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for n, p in zip("bcdefghi", "abcdefgh")), "expand the file"),
            ("a: " + "[" * 300 + "]" * 300 + "\n", "nesting deeper than 40 levels")):
        path.write_text(content, encoding="utf-8")
        with pytest.raises(DataError, match=expected):
            load_yaml(path)


# ---- environment and output folder ------------------------------------------------------------------

@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://example.org/\n<script>", "https://exa mple.org/",
                                 "https://example.org/\"onload=\"x", "ftp://example.org/"])
def test_bad_site_url_is_refused(url, tmp_path):
    from generator.errors import BuildError
    from generator.settings import Settings

    with pytest.raises(BuildError) as caught:
        Settings.from_environment(tmp_path, {"SITE_URL": url})
    message = caught.value.problems[0].format()
    assert message.startswith("SITE_URL: error: not an http(s) URL") and "\n" not in message


def test_good_site_url_passes(tmp_path):
    from generator.settings import Settings

    settings = Settings.from_environment(tmp_path, {"SITE_URL": "https://example.org/policies/"})
    assert settings.site_base == "https://example.org/policies"


def test_symlinked_site_folder_is_refused_clearly(tmp_path):
    project = copy_fixture_project(tmp_path / "project")
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", project.root / "site")
    result = run_cli("build", "--no-search", root=project.root, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "error: the output folder is a symbolic link — make it a real folder" in result.stderr
    assert (project.root / "site").is_symlink()


def test_second_build_exits_clearly_while_one_runs(tmp_path):
    """The lock is taken here as a running build holds it; a build started meanwhile says so."""
    from generator.build import build_lock

    project = copy_fixture_project(tmp_path / "project")
    with build_lock(project):
        result = run_cli("build", "--no-search", root=project.root, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(rf"^\.build/lock: error: another build is running in this checkout \(process {os.getpid()}\) — wait",
                     result.stderr, re.M), result.stderr
    assert not (project.root / "site").exists()


def test_lock_is_released_when_the_holder_ends(tmp_path):
    from generator.build import build_lock

    project = copy_fixture_project(tmp_path / "project")
    done = threading.Event()

    def hold():
        with build_lock(project):
            done.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.2)
    done.set()
    holder.join()
    with build_lock(project):  # free again
        pass


def test_schema_patterns_match_the_whole_value():
    """JSON Schema patterns are ECMA regexes, where `$` ends the text; in Python it also matches
    before a final newline, so an id could end in one. The loader's copies use \\Z."""
    from generator.data.schemacheck import schema_problems
    from generator.errors import ProblemList

    problems = ProblemList()
    data = {"id": "hostile\n", "region": "tianjin\n", "title": {"zh": "测试"}, "provisions": []}
    schema_problems(data, "document.schema.json", "x.yaml", Project(), problems)
    messages = [p.message for p in problems.errors]
    assert any(m.startswith("id: 'hostile\n' is not valid") for m in messages), messages
    assert any(m.startswith("region: 'tianjin\n' is not valid") for m in messages), messages
