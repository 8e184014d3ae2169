"""Verdicts leaving the workbench: CSV (one row per claim, current verdict)."""

import csv
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet

from .models import Claim, Evidence, Verdict

CSV_COLUMNS = [
    "claim_id",
    "article_id",
    "article_title",
    "article_url",
    "language",
    "content",
    "sentence",
    "source",
    "cue",
    "kind",
    "claimant",
    "quantities",
    "checkworthiness",
    "status",
    "rating",
    "rating_value",
    "attribution_check",
    "rationale",
    "reviewer",
    "verdict_at",
    "evidence_urls",
]
# Spreadsheet programs run a cell that starts with these as a formula.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    cell = "" if value is None else str(value)
    return "'" + cell if cell.startswith(_FORMULA_PREFIXES) else cell


def _quantities(claim: Claim) -> str:
    parts = []
    for q in claim.quantities:
        unit = f" {q['unit']}" if q.get("unit") else ""
        parts.append(f"{q['qualifier']} {q['value']}{unit}")
    return "; ".join(parts)


def export_queryset() -> QuerySet[Claim]:
    return (
        Claim.objects.select_related("article", "claimant")
        .prefetch_related(
            Prefetch(
                "verdicts",
                queryset=Verdict.objects.select_related("rating", "reviewer").order_by(
                    "created_at", "id"
                ),
            ),
            Prefetch("evidence", queryset=Evidence.objects.exclude(accepted=False)),
        )
        .order_by("article_id", "index")
    )


def claim_row(claim: Claim) -> list[str]:
    verdict = claim.current_verdict
    return [
        neutralise(v)
        for v in (
            claim.pk,
            claim.article_id,
            claim.article.title,
            claim.article.url,
            claim.article.language,
            claim.content,
            claim.sentence,
            claim.source_text,
            claim.cue_text,
            claim.kind,
            claim.claimant.name if claim.claimant else "",
            _quantities(claim),
            f"{claim.checkworthiness:.2f}",
            claim.status,
            verdict.rating.slug if verdict else "",
            verdict.rating.rating_value if verdict else "",
            verdict.attribution_check if verdict else "",
            verdict.rationale if verdict else "",
            verdict.reviewer.get_username() if verdict else "",
            verdict.created_at.isoformat() if verdict else "",
            " ".join(e.url for e in claim.evidence.all()),
        )
    ]


class _Line:
    """A file-like object whose write returns what was written, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(claims: Iterable[Claim]) -> Iterator[bytes]:
    """The export as UTF-8 bytes, one line at a time (BOM first, for spreadsheet programs)."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield "\ufeff".encode()
    yield writer.writerow(CSV_COLUMNS).encode()
    for claim in claims:
        yield writer.writerow(claim_row(claim)).encode()


def verdict_csv(queryset: QuerySet[Claim] | None = None) -> Iterator[bytes]:
    qs = export_queryset() if queryset is None else queryset
    # Chunked iteration keeps prefetching while never holding the whole table in memory.
    return csv_chunks(qs.iterator(chunk_size=500))
