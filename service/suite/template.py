"""Filling a task's templates with its drawn parameters.

`{name}` is a parameter, `{name.field}` one field of a parameter drawn as a record,
`{name:02}` a number padded with zeros to two digits, `{{` and `}}` literal braces.
A name no parameter gives is an error, so a typo in a task file shows at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from service.suite.errors import TemplateError

ParamValue = str | dict[str, str]
Params = Mapping[str, ParamValue]

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{(\w+)(?:\.(\w+))?(?::(0\d+))?\}")


def names(template: str) -> set[str]:
    """The parameter names a template uses."""
    return {match.group(1) for match in _PLACEHOLDER.finditer(template) if match.group(1)}


def fill(template: str, params: Params) -> str:
    """The template with every placeholder replaced."""

    def one(match: re.Match[str]) -> str:
        whole = match.group(0)
        if whole in ("{{", "}}"):
            return whole[0]
        name, field, width = match.groups()
        if name not in params:
            known = ", ".join(sorted(params)) or "none"
            raise TemplateError(f"{whole} in {template!r}: no parameter {name!r} (known: {known})")
        value = params[name]
        if isinstance(value, dict):
            if field is None or field not in value:
                fields = ", ".join(sorted(value))
                raise TemplateError(
                    f"{whole} in {template!r}: {name!r} is a record; name one of its fields "
                    f"({fields}) as {{{name}.FIELD}}"
                )
            value = value[field]
        elif field is not None:
            raise TemplateError(f"{whole} in {template!r}: {name!r} is {value!r}, not a record")
        if width and value.lstrip("-").isdigit():
            return value.zfill(int(width))
        return value

    return _PLACEHOLDER.sub(one, template)


def fill_all(value: object, params: Params) -> object:
    """Fill every string inside JSON-like data (dicts, lists, strings)."""
    if isinstance(value, str):
        return fill(value, params)
    if isinstance(value, list):
        return [fill_all(item, params) for item in value]
    if isinstance(value, dict):
        return {key: fill_all(item, params) for key, item in value.items()}
    return value
