"""Verdicts leaving the workbench as CSV: the queue's selection, one row per claim with its
current verdict or one row per verdict (the history). See columns.py for the contract."""

from collections.abc import Iterator

from django.db import connection, transaction

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
FETCH_SIZE = 500


def export_chunks(options: ExportOptions, *, user) -> Iterator[bytes]:
    """The CSV for `options` as UTF-8 byte chunks, streamed from one query."""
    claims = claim_list(user=user, filters=options.filters)
    values = export_rows(
        claims, lang=options.lang, history=options.history, with_verdict=options.with_verdict
    ).iterator(chunk_size=FETCH_SIZE)
    values, lang = _streamed(values), options.lang
    if options.history:
        return csv_chunks(HISTORY_NAMES, history_cells(values, lang), bom=options.bom, lang=lang)
    rows = (claim_cells(row, lang) for row in values)
    return csv_chunks(NAMES, rows, bom=options.bom, lang=lang)


def _streamed(values: Iterator[tuple]) -> Iterator[tuple]:
    """On PostgreSQL, the rows are read in one transaction: outside one, Django declares the
    cursor WITH HOLD, and PostgreSQL writes the whole result to disk before the first row.
    The query is planned for reading every row, not the first tenth (a third faster)."""
    if connection.vendor != "postgresql":
        yield from values  # SQLite: a transaction here would lock out writers
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        yield from values
