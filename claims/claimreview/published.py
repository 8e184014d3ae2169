"""Reads for the public review page and feed: which claims are published, since when, and
the verdict they were published with."""

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..models import Claim, ClaimEvent, Verdict


def _publications() -> QuerySet:
    """Status events that moved a claim into "published"."""
    return ClaimEvent.objects.filter(
        action=ClaimEvent.Action.STATUS, changes__status__1=Claim.Status.PUBLISHED.value
    )


def published_claims() -> QuerySet:
    """Published claims, newest publication first, each with `published_at` (its latest
    publication) and its verdicts prefetched (the current one is the latest)."""
    latest = _publications().filter(claim=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        Claim.objects.filter(status=Claim.Status.PUBLISHED)
        .annotate(published_at=Coalesce(Subquery(latest.values("created_at")[:1]), "updated_at"))
        .select_related("article", "claimant")
        .defer("article__text")
        .prefetch_related(Prefetch("verdicts", queryset=Verdict.objects.select_related("rating")))
        .order_by("-published_at", "-id")
    )


def was_published(claim: Claim) -> bool:
    """Whether the claim was ever published (an unpublished review is gone, not unknown)."""
    return _publications().filter(claim=claim).exists()
