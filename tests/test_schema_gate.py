"""The compiled schema check (generator/data/schemagate.py) may only say "valid" when jsonschema finds no
problem: checked on every data file of the fixture project and on thousands of broken copies of them
(fields deleted, added, given the wrong type, too long, not matching their pattern), and the problems a
user sees for a broken file are jsonschema's, as before."""

from __future__ import annotations

import copy
import random

import jsonschema
import pytest

from generator.data.load import DOCUMENT_SCHEMA, REFERENCE_FILES, STRINGS_SCHEMA
from generator.data.schemacheck import _gate, _schema_registry, schema_problems
from generator.data.schemagate import compile_gate
from generator.data.yamlio import load_yaml
from generator.errors import ProblemList
from tests.conftest import copy_fixture_project

# values a broken file may hold where something else belongs
ODD_VALUES = [None, True, False, 0, 1, 2.0, -1, 1.5, float("nan"), "", "x", "Bad Id!", "2020-13-45", "x" * 50_001,
              [], ["x"], {}, {"zh": "中文"}, {"unknown": 1}]


def _files(project):
    """(schema name, parsed data) of every data file the loader checks."""
    found = [(schema, project.data / name) for name, schema in REFERENCE_FILES.items()]
    found += [("framework.schema.json", p) for p in sorted((project.data / "frameworks").glob("*.yaml"))]
    found += [(DOCUMENT_SCHEMA, p) for p in sorted(project.documents.glob("*.yaml"))]
    found += [(STRINGS_SCHEMA, project.templates / "strings.yaml"), ("dataset.schema.json", project.data / "dataset.yaml")]
    return [(schema, load_yaml(path)) for schema, path in found]


def _nodes(data, route=()):
    """(route, node) of every mapping and list in data."""
    if isinstance(data, dict | list):
        yield route, data
        for key, value in (data.items() if isinstance(data, dict) else enumerate(data)):
            yield from _nodes(value, (*route, key))


def _mutate(data, rng: random.Random):
    data = copy.deepcopy(data)
    route, node = rng.choice(list(_nodes(data)))
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    kind = rng.randrange(4)
    if kind == 0 and keys:
        del node[rng.choice(keys)]
    elif kind == 1 and isinstance(node, dict):
        node[rng.choice(["bogus", "tittle", "en", "zh", "id", 7])] = rng.choice(ODD_VALUES)
    elif kind == 1:
        node.append(rng.choice(ODD_VALUES))
    elif keys:
        node[rng.choice(keys)] = copy.deepcopy(rng.choice(ODD_VALUES))
    return data


def test_every_schema_of_the_project_compiles(tmp_path):
    folder = str(copy_fixture_project(tmp_path / "project").schema)
    schemas = _schema_registry(folder)[1]
    assert schemas and all(_gate(folder, name) is not None for name in schemas)


def test_the_gate_says_valid_only_when_jsonschema_does(tmp_path):
    project = copy_fixture_project(tmp_path / "project")
    registry, schemas = _schema_registry(str(project.schema))
    rng = random.Random(19)
    said_valid = said_unsure = 0
    for schema_name, data in _files(project):
        gate = compile_gate(schemas[schema_name])
        validator = jsonschema.Draft202012Validator(schemas[schema_name], registry=registry)
        assert gate(data) and validator.is_valid(data), schema_name  # the fixture's files are valid
        for _ in range(25 if schema_name == DOCUMENT_SCHEMA else 80):
            broken = _mutate(data, rng)
            if gate(broken):
                assert validator.is_valid(broken), (schema_name, list(validator.iter_errors(broken))[:1])
                said_valid += 1
            else:
                said_unsure += 1
    assert said_valid > 50 and said_unsure > 500  # both answers were tested, many times


@pytest.mark.parametrize("edit", [
    ("title:", "tittle:"),            # an unknown field
    ("kind: measure", "kind: measur"),  # not an allowed value
])
def test_a_broken_file_gets_jsonschemas_problems(tmp_path, edit):
    project = copy_fixture_project(tmp_path / "project")
    path = sorted(project.documents.glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    data = load_yaml(path, text.replace(edit[0], edit[1], 1))
    problems = ProblemList()
    assert not schema_problems(data, DOCUMENT_SCHEMA, "doc.yaml", project, problems)
    assert problems.problems and all(p.code.startswith("E-SCHEMA") and p.line > 0 for p in problems.problems)
