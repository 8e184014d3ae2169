"""The rows of the export as one query: the claims the queue's filters select, each joined to
its current verdict (or to every verdict, for the history), with the publishing editor and
the accepted evidence URLs computed by subqueries. No query per row."""

from django.db import connection
from django.db.models import (
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast

from ..models import Claim, ClaimEvent, Evidence, Verdict

try:  # Django 6 has a StringAgg for every database.
    from django.db.models import StringAgg
except ImportError:  # pragma: no cover
    from django.contrib.postgres.aggregates import StringAgg


def _latest_verdict_id() -> Subquery:
    latest = Verdict.objects.filter(claim=OuterRef("pk")).order_by("-created_at", "-id")
    return Subquery(latest.values("pk")[:1])


def _publish_event() -> QuerySet:
    """The claim's latest move into "published": its actor is the editor who published."""
    return ClaimEvent.objects.filter(
        claim=OuterRef("pk"),
        action=ClaimEvent.Action.STATUS,
        changes__status__1=Claim.Status.PUBLISHED,
    ).order_by("-created_at", "-id")


def _evidence_urls() -> Subquery:
    # Oldest first where the database can order an aggregate (SQLite before 3.44 cannot;
    # it reads the claim's links in insertion order anyway).
    order = ("created_at", "id") if connection.features.supports_aggregate_order_by_clause else ()
    urls = (
        Evidence.objects.filter(claim=OuterRef("pk"), accepted=True)
        .order_by()
        .values("claim")
        .annotate(urls=StringAgg("url", Value(" "), order_by=order or None))
        .values("urls")
    )
    return Subquery(urls, output_field=TextField())


def export_rows(claims: QuerySet, *, lang: str, history: bool, with_verdict: bool) -> QuerySet:
    """`claims` (the queue's selection, in the queue's order) as value tuples in the order
    of `rows.FIELDS`; with `history`, one tuple per verdict, oldest first within a claim."""
    condition = Q() if history else Q(verdicts__id=F("current_verdict_id"))
    event = _publish_event()
    qs = claims.annotate(
        current_verdict_id=_latest_verdict_id(),
        v=FilteredRelation("verdicts", condition=condition),
        published_by=Subquery(event.values("actor__username")[:1]),
        published_at=Subquery(event.values("created_at")[:1]),
        evidence_urls=_evidence_urls(),
        quantities_json=Cast("quantities", TextField()),
    )
    if with_verdict:
        qs = qs.filter(v__isnull=False)
    label = "v__rating__label_fr" if lang.startswith("fr") else "v__rating__label_en"
    ordering = list(claims.query.order_by) or ["article_id", "index"]
    if history:
        ordering += ["v__created_at", "v__id"]
    return qs.order_by(*ordering).values_list(*FIELDS[:-1], label)


# Selected in this order (the rating label, whose field depends on the language, last).
FIELDS = [
    "pk",
    "status",
    "dismissed_reason",
    "content",
    "sentence",
    "claimant__name",
    "source_text",
    "cue_text",
    "kind",
    "quantities_json",
    "checkworthiness",
    "article__language",
    "article_id",
    "article__title",
    "article__url",
    "article__published_at",
    "v__id",
    "v__rating__slug",
    "v__rating__rating_value",
    "v__rating__best_rating",
    "v__rating__worst_rating",
    "v__attribution_check",
    "v__rationale",
    "v__reviewer__username",
    "v__created_at",
    "published_by",
    "published_at",
    "evidence_urls",
    "current_verdict_id",
    "rating_label",
]
