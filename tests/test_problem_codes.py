"""Stable problem codes: every problem the generator reports carries one (shown at the end of its
message, like a compiler's [-Wflag]), every code is registered in `errors.CODES` and explained in the
editing guide in both languages, and tools and tests match on codes, not on the wording."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from generator.errors import CODES, GeneratorError, Problem, ProblemList
from generator.paths import REPO_ROOT

# the project's own exceptions (a ValueError is a bug and reported as one, not a problem)
ERRORS = {cls.__name__ for cls in (GeneratorError, *GeneratorError.__subclasses__())}
SOURCES = sorted((REPO_ROOT / "generator").rglob("*.py"))
CODE_LITERAL = re.compile(r"""["']([EW]-[A-Z][A-Z0-9-]*[A-Z0-9])["']""")
LINE = re.compile(r"^(?P<where>\S+): (?P<sev>error|warning): (?P<what>.+) — (?P<fix>.+) \[(?P<code>[EW]-[A-Z0-9-]+)\]$")


def _uncoded_calls(path: Path) -> list[str]:
    """Calls that make a problem without a code= keyword: Problem(...), x.error/x.warning(path, line,
    message, ...) and SomethingError("message", ...)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or any(k.arg == "code" for k in node.keywords):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        makes_problem = (
            name == "Problem" and len(node.args) < 7
            or name in ("error", "warning") and len(node.args) >= 3
            or name in ERRORS and node.args and isinstance(node.args[0], (ast.Constant, ast.JoinedStr))
            and isinstance(getattr(node.args[0], "value", ""), str)
        )
        if makes_problem:
            found.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}: {name}(…) without code=")
    return found


def test_every_problem_the_generator_makes_has_a_code():
    assert [call for path in SOURCES for call in _uncoded_calls(path)] == []


def test_codes_in_the_source_are_registered_and_every_registered_code_is_used():
    used: set[str] = set()
    for path in SOURCES:
        if path.name != "errors.py":
            used |= set(CODE_LITERAL.findall(path.read_text(encoding="utf-8")))
    assert sorted(used - set(CODES)) == [], "codes used but not in errors.CODES"
    assert sorted(set(CODES) - used) == [], "codes registered but never reported"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_editing_guide_explains_every_code(lang):
    guide = (REPO_ROOT / "docs" / lang / "editing.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([EW]-[A-Z0-9-]+)` \|(.+)\|$", guide, re.M)
    assert sorted(code for code, _ in rows) == sorted(CODES), f"docs/{lang}/editing.md lists other codes"
    assert all(text.strip(" |") for _, text in rows), "a code without an explanation"


def test_a_code_is_registered_and_matches_the_severity():
    assert Problem("x.yaml", 1, 1, "m", "f", "error", "E-YAML-SYNTAX").format() == \
        "x.yaml:1:1: error: m — f [E-YAML-SYNTAX]"
    with pytest.raises(ValueError):
        Problem("x.yaml", 1, 1, "m", "f", "error", "E-NO-SUCH-CODE")
    with pytest.raises(ValueError):
        Problem("x.yaml", 1, 1, "m", "f", "error", "W-UNIT-ALIAS-MISMATCH")
    with pytest.raises(TypeError):  # a stage cannot report a problem without a code
        ProblemList().error("x.yaml", 1, "m", "f")
    assert GeneratorError("m", path="x", code="E-ARGUMENT").problems[0].code == "E-ARGUMENT"


def _lines(stderr: str) -> list[re.Match]:
    return [m for m in map(LINE.match, stderr.splitlines()) if m]


def test_validate_shows_each_problem_with_its_code(cli, project_copy):
    doc = next(iter(sorted(project_copy.documents.glob("*.yaml"))))
    text = doc.read_text(encoding="utf-8")
    text = text.replace("\nregion: ", "\nregoin: ", 1)  # an unknown field (and region then missing)
    doc.write_text(text, encoding="utf-8")
    broken = project_copy.documents / "broken.yaml"
    broken.write_text("id: broken\nprovisions: [\n", encoding="utf-8")
    result = cli("validate", root=project_copy.root)
    assert result.returncode == 1
    found = {(m["where"].split(":")[0], m["code"]) for m in _lines(result.stderr)}
    rel = doc.relative_to(project_copy.root).as_posix()
    assert (rel, "E-SCHEMA-UNKNOWN-FIELD") in found, result.stderr
    assert (rel, "E-SCHEMA-REQUIRED") in found, result.stderr
    assert ("data/documents/broken.yaml", "E-YAML-SYNTAX") in found, result.stderr
    # every problem line carries a code; only the summary line is left over
    assert len(result.stderr.strip().splitlines()) == len(_lines(result.stderr)) + 1


def test_synth_with_scale_zero_is_a_clear_error(cli, tmp_path):
    result = cli("synth", "--scale", "0", "--out", str(tmp_path / "synth"))
    assert result.returncode == 1 and "internal error" not in result.stderr
    assert [m["code"] for m in _lines(result.stderr)] == ["E-ARGUMENT"], result.stderr
