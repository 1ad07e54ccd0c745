"""The model's fixed vocabularies (`Literal` types) are the JSON Schemas' enums: every enum of every
schema has its type, with the same values, so a value added to a schema cannot be unknown to the code."""

from __future__ import annotations

import json
from typing import get_args

from generator.data import model
from generator.data import targetmodel as targets
from generator.paths import Project

# schema file, path of the enum inside it → the type (or table) that the code uses
TYPES = {
    ("regions.schema.json", "items/properties/level"): get_args(model.RegionLevel),
    ("agencies.schema.json", "items/properties/kind"): get_args(model.AgencyKind),
    ("common.schema.json", "$defs/text/properties/en_source"): get_args(model.TranslationSource),
    ("document.schema.json", "properties/translation/properties/source"): get_args(model.TranslationSource),
    ("document.schema.json", "$defs/provision/properties/deadline/properties/en_source"): get_args(model.TranslationSource),
    ("document.schema.json", "properties/front/items/properties/role"): get_args(model.FrontRole),
    ("document.schema.json", "$defs/provision/properties/kind"): get_args(model.ProvisionKind),
    ("document.schema.json", "$defs/provision/properties/responsibility/properties/units/items/properties/role"):
        get_args(model.UnitRole),
    ("document.schema.json", "$defs/provision/properties/targets/items/properties/kind"): get_args(targets.TargetKind),
    ("document.schema.json", "$defs/provision/properties/targets/items/properties/role"): get_args(targets.TargetRole),
    ("document.schema.json", "$defs/provision/properties/targets/items/properties/qualifier"):
        get_args(targets.TargetQualifier),
    # an override may also say "no period"
    ("document.schema.json", "$defs/provision/properties/targets/items/properties/period"):
        (*get_args(targets.TargetPeriod), None),
    ("document.schema.json", "$defs/provision/properties/targets/items/properties/unit"): tuple(targets.UNITS),
}


def _enums(node, path=()):
    if isinstance(node, dict):
        if "enum" in node:
            yield "/".join(map(str, path)), node["enum"]
        for key, value in node.items():
            yield from _enums(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _enums(value, (*path, index))


def test_every_schema_enum_is_a_model_type_with_the_same_values():
    found = {}
    for schema in sorted(Project().schema.glob("*.schema.json")):
        for path, values in _enums(json.loads(schema.read_text(encoding="utf-8"))):
            found[(schema.name, path)] = values
    assert sorted(found) == sorted(TYPES), "an enum without its type in generator/ (or a type without its enum)"
    for key, values in found.items():
        assert sorted(values, key=str) == sorted(TYPES[key], key=str), key
