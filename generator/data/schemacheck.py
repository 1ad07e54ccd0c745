"""JSON Schema checks of loaded YAML: the schemas of data/schema/ (the ones editors get in their
editor) compiled once, and every violation turned into a problem at the line and column of the value,
with a code and a fix ("did you mean …" for unknown fields and values)."""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import referencing

from generator.data.schemagate import Check, compile_gate
from generator.data.yamlio import LineDict, LineList
from generator.errors import ProblemList, lookalikes
from generator.paths import Project


@cache
def _schema_registry(schema_dir: str) -> tuple[referencing.Registry, dict]:
    schemas = {}
    for path in sorted(Path(schema_dir).glob("*.schema.json")):
        schemas[path.name] = json.loads(path.read_text(encoding="utf-8"))
    registry = referencing.Registry().with_resources(
        (name, referencing.Resource.from_contents(schema)) for name, schema in schemas.items()
    )
    # Refs inlined once: resolving them per value was a third of validation time at scale.
    return registry, {name: _python_patterns(_inline_refs(schema, name, schemas)) for name, schema in schemas.items()}


@cache
def _gate(schema_dir: str, schema_name: str) -> Check | None:
    return compile_gate(_schema_registry(schema_dir)[1][schema_name])


def _python_patterns(node: Any) -> Any:
    """The schemas' patterns are ECMA regexes (for editors), where `$` is the end of the text; in
    Python `$` also matches before a final newline, so `id: "x\\n"` would pass. Use \\Z here."""
    if isinstance(node, list):
        return [_python_patterns(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {k: (re.sub(r"(?<!\\)\$", r"\\Z", v) if k == "pattern" and isinstance(v, str) else _python_patterns(v))
            for k, v in node.items()}


def _inline_refs(node: Any, current: str, schemas: dict, depth: int = 0) -> Any:
    """A copy of a schema with every local or cross-file `$ref` replaced by its target (our schemas
    are not recursive; depth guards against a future one)."""
    if depth > 20:
        raise ValueError(f"schema references nest too deep in {current}")
    if isinstance(node, list):
        return [_inline_refs(item, current, schemas, depth) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        file, _, pointer = node["$ref"].partition("#")
        file = file or current
        target = schemas[file]
        for step in [s for s in pointer.split("/") if s]:
            target = target[step]
        resolved = _inline_refs(target, file, schemas, depth + 1)
        siblings = {k: _inline_refs(v, current, schemas, depth) for k, v in node.items() if k != "$ref"}
        return {**siblings, "allOf": [resolved]} if siblings else resolved
    return {k: (v if k == "$defs" else _inline_refs(v, current, schemas, depth)) for k, v in node.items()}


def schema_problems(data: Any, schema_name: str, path: str, project: Project, problems: ProblemList) -> bool:
    """Check data against a schema; report each violation at its line. Returns True when valid."""
    gate = _gate(str(project.schema), schema_name)
    if gate is not None and gate(data):  # valid: jsonschema would find nothing (schemagate.py)
        return True
    registry, schemas = _schema_registry(str(project.schema))
    validator = jsonschema.Draft202012Validator(schemas[schema_name], registry=registry)
    ok = True
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        ok = False
        line, column = _locate(data, list(error.absolute_path))
        message, fix, code = _explain(error, data)
        problems.error(path, line, message, fix, column, code=code)
    return ok


def _locate(data: Any, route: list) -> tuple[int, int]:
    line, column, node = getattr(data, "line", 0), 0, data
    for step in route:
        if isinstance(node, LineDict) and step in node:
            line, column = node.line_of(step), node.column_of(step)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and step < len(node):
            line, column = node.line_of(step), node.column_of(step)
            node = node[step]
        else:
            break
    return line, column


def _field_path(error: jsonschema.ValidationError) -> str:
    parts = []
    for step in error.absolute_path:
        parts.append(f"[{step}]" if isinstance(step, int) else (("." if parts else "") + str(step)))
    return "".join(parts) or "(top level)"


def _written_bool(data: Any, route: list) -> str | None:
    """How the editor wrote a value YAML read as true/false (`no`, `off` …), if it was one."""
    if not route or not isinstance(_value_at(data, route), bool):
        return None
    parent = _value_at(data, route[:-1])
    return getattr(parent, "written", {}).get(route[-1])


def _value_at(data: Any, route: list) -> Any:
    node = data
    for step in route:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _explain(error: jsonschema.ValidationError, data: Any = None) -> tuple[str, str, str]:
    """(message, fix, problem code) for one schema violation."""
    where = _field_path(error)
    written = _written_bool(data, list(error.absolute_path))
    if written is not None and error.validator in ("type", "anyOf", "pattern", "enum"):
        return (f"{where}: {written} is read as {str(error.instance).lower()} (YAML reads yes/no/on/off as true/false)",
                f"quote it if you mean the text: '{written}'", "E-SCHEMA-YES-NO")
    validator = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []
        name = extra[0] if extra else "?"
        guess = difflib.get_close_matches(str(name), allowed, n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"allowed fields: {', '.join(allowed)}"
        return f"{where}: unknown field '{name}'", hint, "E-SCHEMA-UNKNOWN-FIELD"
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return (f"{where}: missing required field '{missing}'", f"add '{missing}:' (use null when the source does not say)",
                "E-SCHEMA-REQUIRED")
    if validator == "enum":
        choices = ", ".join(repr(c) for c in error.validator_value)
        guess = difflib.get_close_matches(str(error.instance), [str(c) for c in error.validator_value], n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"use one of {choices}"
        return f"{where}: '{error.instance}' is not an allowed value", hint, "E-SCHEMA-ENUM"
    if validator == "type":
        expected = error.validator_value if isinstance(error.validator_value, str) else " or ".join(error.validator_value)
        got = type(error.instance).__name__.replace("str", "text").replace("dict", "mapping").replace("NoneType", "null")
        got = got.replace("LineDict", "mapping").replace("LineList", "list")
        article = "an" if expected[:1] in "aeiou" else "a"
        return f"{where}: expected {expected}, found {got}", f"write {article} {expected} here", "E-SCHEMA-TYPE"
    if validator == "pattern":
        description = schema.get("description", f"the pattern {error.validator_value}")
        return f"{where}: '{error.instance}' is not valid{lookalikes(str(error.instance))}", f"use {description}", "E-SCHEMA-PATTERN"
    if validator in ("maxLength", "minLength", "minItems", "maxItems", "minimum"):
        return f"{where}: {error.message}", "shorten or complete this value", "E-SCHEMA-SIZE"
    if validator == "anyOf":
        return (f"{where}: '{error.instance}' is not valid here{lookalikes(str(error.instance))}",
                "check the allowed form in data/schema", "E-SCHEMA-INVALID")
    return f"{where}: {error.message}", "see data/schema for the expected form", "E-SCHEMA-INVALID"
