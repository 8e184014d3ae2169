"""Verdicts leaving the workbench as CSV: the queue's selection, one row per claim with its
current verdict or one row per verdict (the history). See columns.py for the contract."""

from collections.abc import Iterator

from django.db import DatabaseError, connection

from ..selectors import claim_list
from .cells import neutralise
from .columns import COLUMNS, HISTORY_COLUMNS, HISTORY_NAMES, NAMES, SCHEMA_VERSION
from .options import ExportForm, ExportOptions, parse
from .query import export_rows
from .rows import claim_cells, history_cells
from .writer import csv_chunks

__all__ = [
    "COLUMNS",
    "HISTORY_COLUMNS",
    "NAMES",
    "SCHEMA_VERSION",
    "ExportForm",
    "ExportOptions",
    "export_chunks",
    "neutralise",
    "parse",
]

# Rows fetched from the database at a time (a server-side cursor on PostgreSQL).
FETCH_SIZE = 2000


def export_chunks(options: ExportOptions, *, user) -> Iterator[bytes]:
    """The CSV for `options` as UTF-8 byte chunks, streamed from one query."""
    claims = claim_list(user=user, filters=options.filters)
    values = export_rows(
        claims, lang=options.lang, history=options.history, with_verdict=options.with_verdict
    ).iterator(chunk_size=FETCH_SIZE)
    values, lang = _planned_for_every_row(values), options.lang
    if options.history:
        return csv_chunks(HISTORY_NAMES, history_cells(values, lang), bom=options.bom, lang=lang)
    rows = (claim_cells(row, lang) for row in values)
    return csv_chunks(NAMES, rows, bom=options.bom, lang=lang)


def _planned_for_every_row(values: Iterator[tuple]) -> Iterator[tuple]:
    """PostgreSQL plans a cursor's query for its first tenth of rows (cursor_tuple_fraction),
    which made the whole export a third slower than the plan for reading every row."""
    if connection.vendor != "postgresql":
        yield from values
        return
    with connection.cursor() as cursor:
        cursor.execute("SET cursor_tuple_fraction = 1.0")
    try:
        yield from values
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET cursor_tuple_fraction")
        except DatabaseError:  # the connection broke: it is not reused with the setting
            pass
