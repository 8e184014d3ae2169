"""The export as a stream of UTF-8 byte chunks (RFC 4180: CRLF line ends, doubled quotes;
every text field is quoted, so cells with commas, semicolons or line breaks are too, and
numbers are left bare)."""

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import islice

from django.utils import translation

BOM = "\ufeff".encode()
ROWS_PER_CHUNK = 250


def _encode(rows: list) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_STRINGS, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def csv_chunks(header: list[str], rows: Iterable[list], *, bom: bool, lang: str) -> Iterator[bytes]:
    """Header, then the rows ROWS_PER_CHUNK at a time: one chunk in memory at once. The
    rows are made in the export's language, switched on only while a chunk is made."""
    # The names are plain identifiers: no quoting needed.
    yield (BOM if bom else b"") + (",".join(header) + "\r\n").encode()
    rows = iter(rows)
    while True:
        with translation.override(lang):
            batch = list(islice(rows, ROWS_PER_CHUNK))
        if not batch:
            return
        yield _encode(batch)
