"""The export as a stream of UTF-8 byte chunks (RFC 4180: CRLF line ends, doubled quotes;
every text field is quoted, so cells with commas, semicolons or line breaks are too, and
numbers are left bare)."""

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import islice

from .cells import protect_segments

BOM = "\ufeff".encode()
ROWS_PER_CHUNK = 1000


def _encode(rows: list) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_STRINGS, lineterminator="\r\n")
    writer.writerows(rows)
    return protect_segments(buffer.getvalue()).encode("utf-8")


def csv_chunks(header: list[str], rows: Iterable[list], *, bom: bool) -> Iterator[bytes]:
    """Header, then the rows ROWS_PER_CHUNK at a time: one chunk in memory at once."""
    # The names are plain identifiers: no quoting needed.
    yield (BOM if bom else b"") + (",".join(header) + "\r\n").encode()
    rows = iter(rows)
    while batch := list(islice(rows, ROWS_PER_CHUNK)):
        yield _encode(batch)
