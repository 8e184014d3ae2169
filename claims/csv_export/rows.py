"""From the query's value tuples to CSV cells: text neutralised, numbers left as numbers,
times in ISO 8601, quantities as words in the export's language."""

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import lru_cache

from django.utils import translation

from ..display import quantity_phrase
from ..models import Claim
from .cells import neutralise
from .columns import SCHEMA_VERSION

PUBLISHED = Claim.Status.PUBLISHED.value


@lru_cache(maxsize=4096)
def _quantities(stored: str, lang: str) -> str:
    with translation.override(lang):
        return " | ".join(quantity_phrase(q) for q in json.loads(stored))


def _when(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value else ""


def claim_cells(row: tuple, lang: str) -> list:
    """One value tuple (query.FIELDS order) as the first len(COLUMNS) cells."""
    (pk, status, reason, content, sentence, claimant, source, cue, kind, quantities, cw,
     language, article_id, title, url, article_date, verdict_id, slug, value, best, worst,
     attribution, rationale, reviewer, verdict_at, publisher, published_at, evidence,
     _current, label) = row  # fmt: skip
    published = status == PUBLISHED
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
        _when(article_date),
        verdict_id,
        neutralise(label),
        neutralise(slug),
        value,
        best,
        worst,
        attribution or "",
        neutralise(rationale),
        neutralise(reviewer),
        _when(verdict_at),
        neutralise(publisher) if published else "",
        _when(published_at) if published else "",
        neutralise(evidence),
    ]


def history_cells(rows: Iterable[tuple], lang: str) -> Iterator[list]:
    """The history shape: each verdict's cells, its version within the claim and whether it
    is the current one. Rows arrive grouped by claim, oldest verdict first."""
    claim, version = None, 0
    for row in rows:
        version = version + 1 if row[0] == claim else 1
        claim = row[0]
        verdict_id, current = row[16], row[28]
        cells = claim_cells(row, lang)
        if verdict_id is None:
            cells += [None, None]
        else:
            cells += [version, int(verdict_id == current)]
        yield cells
