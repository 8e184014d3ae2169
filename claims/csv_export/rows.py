"""From the query's value tuples to CSV cells: text neutralised, numbers left as numbers,
times in ISO 8601, quantities in words in the export's language (active while rows are made,
see writer.csv_chunks)."""

import json
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from django.utils import translation
from django.utils.formats import get_format

from ..display import quantity_phrase
from .cells import neutralise
from .columns import SCHEMA_VERSION
from .query import FIELDS

VERDICT_ID = FIELDS.index("v__id")


@lru_cache(maxsize=8)
def number_formatter(lang: str) -> Callable[[float | int], str]:
    """display.number's output (grouped digits in the language's style) without the cost of
    number_format on each of a million rows."""
    with translation.override(lang):
        thousands, decimal = get_format("THOUSAND_SEPARATOR"), get_format("DECIMAL_SEPARATOR")
    marks = {ord(","): thousands, ord("."): decimal}

    def formatted(value: float | int) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return f"{value:,}".translate(marks)

    return formatted


@lru_cache(maxsize=512)
def _quantities(stored: str, lang: str) -> str:
    number = number_formatter(lang)
    return " | ".join(quantity_phrase(q, number=number) for q in json.loads(stored))


def claim_cells(row: tuple, lang: str) -> list:
    """One value tuple (query.FIELDS order) as the first len(COLUMNS) cells."""
    (pk, status, reason, content, sentence, claimant, source, cue, kind, quantities, cw,
     language, article_id, title, url, article_date, verdict_id, slug, value, best, worst,
     attribution, rationale, reviewer, verdict_at, publisher, published_at, evidence,
     label) = row  # fmt: skip
    return [
        SCHEMA_VERSION,
        pk,
        status,
        neutralise(reason),
        neutralise(content),
        neutralise(sentence),
        neutralise(claimant),
        neutralise(source),
        neutralise(cue),
        kind,
        neutralise(_quantities(quantities, lang)) if quantities not in (None, "[]") else "",
        round(cw, 3),
        language,
        article_id,
        neutralise(title),
        neutralise(url),
        article_date or "",
        verdict_id,
        neutralise(label),
        neutralise(slug),
        value,
        best,
        worst,
        attribution or "",
        neutralise(rationale),
        neutralise(reviewer),
        verdict_at or "",
        neutralise(publisher),
        published_at or "",
        neutralise(evidence),
    ]


def history_cells(rows: Iterable[tuple], lang: str) -> Iterator[list]:
    """The history shape: each verdict's cells, its version within the claim and whether it
    is the current one. Rows arrive grouped by claim, oldest verdict first, so a claim's
    current verdict is its last row."""
    previous, version = None, 0
    for row in rows:
        same_claim = previous is not None and row[0] == previous[0]
        if previous is not None:
            yield _versioned(previous, version, not same_claim, lang)
        version = version + 1 if same_claim else 1
        previous = row
    if previous is not None:
        yield _versioned(previous, version, True, lang)


def _versioned(row: tuple, version: int, current: bool, lang: str) -> list:
    cells = claim_cells(row, lang)
    if row[VERDICT_ID] is None:
        return [*cells, None, None]
    return [*cells, version, int(current)]
