"""`make resolve` on a freshly drafted document: every unit whose printed name is an alias of the
document's jurisdiction gets its agency; the rest are listed with file:line and a suggestion."""

from __future__ import annotations

import re

import yaml

from .conftest import copy_project

DOC = "tianjin-2020-mobility"


def units(path) -> list[tuple[str, str, str | None]]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(p["id"], u["name"], u["agency"]) for p in doc["provisions"] if p.get("responsibility")
            for u in p["responsibility"]["units"]]


def test_resolve_fills_every_resolvable_unit_of_a_draft_and_reports_the_rest(tmp_path, cli):
    project = copy_project(tmp_path / "project", documents=[DOC])
    target = project.documents / f"{DOC}.yaml"
    editors = units(target)  # the committed, hand-checked resolutions
    target.unlink()
    # one alias the register does not know yet: 市科协 must be reported, not guessed
    agencies = project.data / "agencies.yaml"
    text = agencies.read_text(encoding="utf-8")
    assert text.count("  - 市科协\n") == 1
    agencies.write_text(text.replace("  - 市科协\n", "  - 天津市科协（测试用别名）\n", 1), encoding="utf-8")

    drafted = cli("ingest", f"seeds/{DOC}.txt", root=project.root)
    assert drafted.returncode == 0, drafted.stderr
    assert all(agency is None for _, _, agency in units(target))  # a draft resolves nothing

    result = cli("resolve", root=project.root)
    assert result.returncode == 1, result.stdout + result.stderr  # units are left
    after = units(target)
    unknown = [(pid, name) for pid, name, agency in after if agency is None]
    assert unknown and all(name == "市科协" for _, name in unknown), result.stdout + result.stderr
    # everything else is resolved exactly as the editors resolved it by hand
    assert [u for u in after if u[1] != "市科协"] == [u for u in editors if u[1] != "市科协"]
    filled = len(after) - len(unknown)
    assert f"data/documents/{DOC}.yaml: filled agency: for {filled} units, {len(unknown)} left" in result.stdout
    reported = [line for line in result.stderr.splitlines() if "市科协" in line]
    assert len(reported) == len(unknown)
    lines = target.read_text(encoding="utf-8").splitlines()
    for line in reported:
        m = re.match(rf"^data/documents/{DOC}\.yaml:(\d+):(\d+): error: measure [\d.]+: unit '市科协' resolves to no agency of tianjin — (.+) \[E-UNIT-NOT-ALIAS\]$", line)
        assert m, line
        assert "市科协" in lines[int(m.group(1)) - 1]
        assert "add '市科协' to the aliases of an agency of tianjin in data/agencies.yaml" in m.group(3)

    # run again: nothing more to fill, the same units reported; validate names them too
    again = cli("resolve", root=project.root)
    assert f"filled agency: for 0 units, {len(unknown)} left" in again.stdout
    checked = cli("validate", root=project.root)
    assert checked.returncode == 1 and re.search(r"'市科协' is not resolved to an agency — .* \[E-UNIT-UNRESOLVED\]$",
                                                  checked.stderr, re.M)
