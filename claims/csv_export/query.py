"""The rows of the export as one query: the claims the queue's filters select, each joined to
its current verdict (or to every verdict, for the history), with the publishing editor and
the accepted evidence URLs computed by subqueries. No query per row."""

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    F,
    FilteredRelation,
    Func,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast

from ..models import Claim, ClaimEvent, Evidence, Verdict


class IsoSeconds(Func):
    """A date-time as ISO 8601 text in UTC to the second ("2026-11-05T09:30:00+00:00"),
    written by the database: a million rows then need no datetime objects in Python."""

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        pattern = '\'YYYY-MM-DD"T"HH24:MI:SS"+00:00"\''
        template = f"to_char(%(expressions)s AT TIME ZONE 'UTC', {pattern})"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite stores UTC date-times as text; `%` doubled twice: template, then DB-API.
        template = "strftime('%%%%Y-%%%%m-%%%%dT%%%%H:%%%%M:%%%%S+00:00', %(expressions)s)"
        return self.as_sql(compiler, connection, template=template, **extra)


def _latest_verdict_id() -> Subquery:
    latest = Verdict.objects.filter(claim=OuterRef("pk")).order_by("-created_at", "-id")
    return Subquery(latest.values("pk")[:1])


def _published(field: str, output_field) -> Case:
    """From the claim's latest move into "published" (its actor is the editor who
    published), for published claims only: a claim taken back has no publisher."""
    event = ClaimEvent.objects.filter(
        claim=OuterRef("pk"),
        action=ClaimEvent.Action.STATUS,
        changes__status__1=Claim.Status.PUBLISHED,
    ).order_by("-created_at", "-id")
    found = Subquery(event.values(field)[:1], output_field=output_field)
    return Case(When(status=Claim.Status.PUBLISHED, then=found), default=None)


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
    of FIELDS; with `history`, one tuple per verdict, oldest first within a claim."""
    if history:
        qs = claims.annotate(v=FilteredRelation("verdicts"))
    else:
        qs = claims.alias(current_verdict_id=_latest_verdict_id()).annotate(
            v=FilteredRelation("verdicts", condition=Q(verdicts__id=F("current_verdict_id")))
        )
    if with_verdict:
        # Before the annotations that read `v`: filtering after them joins the verdicts again.
        qs = qs.filter(v__isnull=False)
    qs = qs.annotate(
        published_by=_published("actor__username", CharField()),
        published_at=IsoSeconds(_published("created_at", DateTimeField())),
        article_date=IsoSeconds("article__published_at"),
        verdict_at=IsoSeconds("v__created_at"),
        evidence_urls=_evidence_urls(),
        quantities_json=Cast("quantities", TextField()),
    )
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
    "article_date",
    "v__id",
    "v__rating__slug",
    "v__rating__rating_value",
    "v__rating__best_rating",
    "v__rating__worst_rating",
    "v__attribution_check",
    "v__rationale",
    "v__reviewer__username",
    "verdict_at",
    "published_by",
    "published_at",
    "evidence_urls",
    "rating_label",
]
