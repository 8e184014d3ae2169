"""Cells safe to open in a spreadsheet: no text a spreadsheet program would run as a formula.

OWASP's CSV-injection vectors are a cell that starts with `=`, `+`, `-`, `@`, a tab, a
carriage return or a line feed; a leading NUL, space or quote hides one from a check that
looks at the first character only, so those are looked past. Such a cell gets a leading
apostrophe, which spreadsheets read as "this is text".

Spreadsheets set to split on `;` (French, German Excel) see a new cell after every `;`
and a new row after every line break, even inside a quoted field: each such part gets
the same apostrophe. Numbers are written as numbers, never through here.
"""

import re

# First characters worth a closer look (the vectors, and what can hide one).
_RISKY_FIRST = frozenset('=+-@\t\r\n\0 "')
_VECTORS = frozenset("=+-@\t\r\n\0")
_FORMULA = frozenset("=+-@")
# A `;` or line break, then blanks, quotes or NULs, then a formula character.
_SEGMENT = re.compile(r"([;\r\n]+)(?=[ \t\"\0]*[=+\-@])")


def neutralise(value: str | None) -> str:
    """A text cell as written to the CSV: an apostrophe before each part that could be read
    as a formula (the cell's start, and what follows a `;` or a line break)."""
    if not value:
        return ""
    if ";" in value or "\n" in value or "\r" in value:
        value = _SEGMENT.sub(r"\1'", value)
    if value[0] in _RISKY_FIRST and _is_formula(value):
        return "'" + value
    return value


def _is_formula(value: str) -> bool:
    if value[0] in _VECTORS:
        return True
    shown = value.lstrip(' "\0\t')
    return bool(shown) and shown[0] in _FORMULA
