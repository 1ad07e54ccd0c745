"""A fast yes for valid data: our JSON Schemas compiled once into plain Python checks.

`jsonschema` walks a schema for every value it checks (a validator object per step): at 100× that was
a third of validate. Almost every file a build reads is valid, so the compiled check answers first:
True means the data is valid and jsonschema is not asked; False means "not sure", and jsonschema
checks the file as before and says what is wrong, at which line. So messages never depend on this
module, and a wrong answer could only be a True for invalid data, which the rules below rule out:

- only the keywords our schemas use are compiled (type, properties, additionalProperties, required,
  items, min/maxItems, min/maxLength, pattern, enum of texts or null, minimum, anyOf, allOf,
  propertyNames); a schema with any other keyword gets no gate (None) and is always checked by
  jsonschema;
- every keyword is checked the way jsonschema does it (a bool is not a number, `pattern` is
  `re.search`, lengths in code points), and where that is subtle (floats as integers, numbers that
  are not int or float) the answer is False, "ask jsonschema";
- the checks only combine with "and" and "any of", so a False for "not sure" never turns into a True.

tests/test_schema_gate.py holds the gate to jsonschema on the fixture's files and on many broken ones.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

# keywords that describe and never constrain; $defs only hold what `$ref`s pointed to (inlined by now)
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default"})


class _Unsupported(Exception):
    """A keyword or form this module does not compile: the schema is left to jsonschema."""


def compile_gate(schema: Any) -> Check | None:
    """A check that returns True only for data valid under `schema` (with `$ref`s inlined); None when
    the schema uses anything not compiled here."""
    try:
        return _compile(schema)
    except _Unsupported:
        return None


def _compile(schema: Any) -> Check:
    if schema is True:
        return _always
    if not isinstance(schema, dict) or schema is False:
        raise _Unsupported(repr(schema)[:40])
    unknown = set(schema) - _ANNOTATIONS - _COMPILERS.keys() - {"properties", "additionalProperties", "required", "propertyNames"}
    if unknown:
        raise _Unsupported(", ".join(sorted(unknown)))
    checks = [_COMPILERS[key](value) for key, value in schema.items() if key in _COMPILERS]
    if schema.keys() & {"properties", "additionalProperties", "required", "propertyNames"}:
        checks.append(_object(schema))
    return _all(checks)


def _always(_value: Any) -> bool:
    return True


def _all(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]
    bound = tuple(checks)

    def every(value: Any) -> bool:
        for check in bound:
            if not check(value):
                return False
        return True
    return every


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# type name → check; "integer" takes ints only (jsonschema also takes 2.0: False here means "ask it")
_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "number": _is_number,
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
}


def _type(names: Any) -> Check:
    names = [names] if isinstance(names, str) else names
    if not isinstance(names, list) or not names or any(name not in _TYPES for name in names):
        raise _Unsupported(f"type {names!r}")
    checks = tuple(_TYPES[name] for name in names)
    return checks[0] if len(checks) == 1 else (lambda v: any(check(v) for check in checks))


def _enum(values: Any) -> Check:
    # texts (and null) only: jsonschema's equality is plain == for texts and `is` for None
    if not isinstance(values, list) or any(not (v is None or isinstance(v, str)) for v in values):
        raise _Unsupported("enum")
    texts, null = frozenset(v for v in values if v is not None), None in values
    return lambda v: (v is None and null) or (isinstance(v, str) and v in texts)


def _pattern(pattern: Any) -> Check:
    if not isinstance(pattern, str):
        raise _Unsupported("pattern")
    search = re.compile(pattern).search
    return lambda v: not isinstance(v, str) or search(v) is not None


def _size(limit: Any, kind: type, at_most: bool) -> Check:
    if not isinstance(limit, int) or isinstance(limit, bool):
        raise _Unsupported("size")
    if at_most:
        return lambda v: not isinstance(v, kind) or len(v) <= limit
    return lambda v: not isinstance(v, kind) or len(v) >= limit


def _minimum(limit: Any) -> Check:
    if not _is_number(limit):
        raise _Unsupported("minimum")
    # a bool, a Decimal, a fraction: numbers to Python, and not all to jsonschema, so "ask it"
    return lambda v: v >= limit if _is_number(v) else not isinstance(v, numbers.Number)


def _items(schema: Any) -> Check:
    item = _compile(schema)

    def items(value: Any) -> bool:
        if not isinstance(value, list):
            return True
        for element in value:
            if not item(element):
                return False
        return True
    return items


def _any_of(schemas: Any) -> Check:
    if not isinstance(schemas, list) or not schemas:
        raise _Unsupported("anyOf")
    checks = tuple(_compile(s) for s in schemas)
    return lambda v: any(check(v) for check in checks)


def _all_of(schemas: Any) -> Check:
    if not isinstance(schemas, list) or not schemas:
        raise _Unsupported("allOf")
    return _all([_compile(s) for s in schemas])


def _object(schema: dict) -> Check:
    """properties, additionalProperties (false or a schema), required and propertyNames together:
    which keys are "additional" depends on `properties`."""
    properties = schema.get("properties", {})
    if not isinstance(properties, dict):
        raise _Unsupported("properties")
    compiled = {name: _compile(sub) for name, sub in properties.items()}
    additional = schema.get("additionalProperties", True)
    extra: Check | None = None if additional is True else (_never if additional is False else _compile(additional))
    required = schema.get("required", [])
    if not isinstance(required, list) or any(not isinstance(name, str) for name in required):
        raise _Unsupported("required")
    names = _compile(schema["propertyNames"]) if "propertyNames" in schema else None

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for name in required:
            if name not in value:
                return False
        for key, item in value.items():
            sub = compiled.get(key)
            if sub is not None:
                if not sub(item):
                    return False
            elif extra is not None and not extra(item):
                return False
            if names is not None and not names(key):
                return False
        return True
    return check


def _never(_value: Any) -> bool:
    return False


_COMPILERS: dict[str, Callable[[Any], Check]] = {
    "type": _type,
    "enum": _enum,
    "pattern": _pattern,
    "maxLength": lambda n: _size(n, str, True),
    "minLength": lambda n: _size(n, str, False),
    "maxItems": lambda n: _size(n, list, True),
    "minItems": lambda n: _size(n, list, False),
    "minimum": _minimum,
    "items": _items,
    "anyOf": _any_of,
    "allOf": _all_of,
}
