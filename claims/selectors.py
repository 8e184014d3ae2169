"""Reads that several views share."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from .extraction.text import fold
from .models import (
    Claim,
    ClaimantAlias,
    ClaimMatch,
    ClaimQuerySet,
    Evidence,
    FactCheckMatch,
    Verdict,
)

# Queue filters that are one lookup each: parameter -> field lookup.
_LOOKUPS = {
    "kind": "kind",
    "language": "article__language",
    "source": "article__source",
    "cw_min": "checkworthiness__gte",
    "cw_max": "checkworthiness__lte",
    "date_from": "created_at__date__gte",
    "date_to": "created_at__date__lte",
}
_SORTS = {
    "new": ("-created_at", "-id"),
    "old": ("created_at", "id"),
    "cw": ("-checkworthiness", "-created_at", "-id"),
}


def claim_list(*, user, filters: dict) -> ClaimQuerySet:
    """The claim queue: the valid filters (QueueFilterForm.cleaned_data, which keeps only
    the valid parameters) applied together, in the chosen order."""
    qs = _by_status(Claim.objects.all(), filters.get("status") or "")
    assignee = filters.get("assignee")
    if assignee == "mine":
        qs = qs.filter(assignee=user)
    elif assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    for name, lookup in _LOOKUPS.items():
        if filters.get(name) not in (None, ""):
            qs = qs.filter(**{lookup: filters[name]})
    if name := (filters.get("claimant") or "").strip():
        aliases = ClaimantAlias.objects.filter(normalized__contains=fold(name))
        qs = qs.filter(
            Q(claimant__name__icontains=name) | Q(claimant__in=aliases.values("claimant"))
        )
    if filters.get("has_quantity"):
        qs = qs.exclude(quantities=[])
    if filters.get("conflict"):
        qs = qs.filter(Exists(Evidence.objects.conflicting().filter(claim=OuterRef("pk"))))
    if filters.get("checked"):
        qs = qs.filter(Exists(ClaimMatch.objects.filter(claim=OuterRef("pk"))))
    if filters.get("checked_elsewhere"):
        qs = qs.filter(Exists(FactCheckMatch.objects.filter(claim=OuterRef("pk"))))
    if filters.get("rating"):
        qs = qs.with_current_rating().filter(current_rating=filters["rating"].slug)
    if text := (filters.get("q") or "").strip():
        qs = qs.filter(
            Q(content__icontains=text)
            | Q(source_text__icontains=text)
            | Q(claimant__name__icontains=text)
            | Q(article__title__icontains=text)
        )
    return qs.order_by(*_SORTS.get(filters.get("sort") or "", _SORTS["cw"]))


def _by_status(qs: ClaimQuerySet, status: str) -> ClaimQuerySet:
    """No status: the open claims; "all": every claim."""
    if status == "":
        return qs.open()
    return qs if status == "all" else qs.filter(status=status)


def earlier_checks(claim_ids: list[int], language: str) -> dict[int, list[dict]]:
    """For each claim, the earlier checked claims that match it, best first, with the
    earlier claim's current rating and when it was given. Two queries for any number."""
    if not claim_ids:
        return {}
    latest = Verdict.objects.filter(claim=OuterRef("earlier_id")).order_by("-created_at", "-id")
    label = "rating__label_fr" if language == "fr" else "rating__label_en"
    matches = (
        ClaimMatch.objects.filter(claim_id__in=claim_ids)
        .annotate(
            rating=Subquery(latest.values(label)[:1]),
            rated_at=Subquery(latest.values("created_at")[:1]),
        )
        .select_related("earlier__claimant", "earlier__article")
        .defer("earlier__article__text")
        .order_by("claim_id", "-score", "id")
    )
    found: dict[int, list[dict]] = {}
    for match in matches:
        if match.rating is None:
            continue  # the earlier claim lost its verdict: nothing to show
        found.setdefault(match.claim_id, []).append(
            {
                "pk": match.earlier_id,
                "content": match.earlier.content,
                "claimant": str(match.earlier.claimant or match.earlier.source_text or ""),
                "same_claimant": match.same_claimant,
                "rating": match.rating,
                "rated_at": match.rated_at,
                "score": match.score,
                "article": str(match.earlier.article),
            }
        )
    return found


def earlier_factchecks(claim_ids: list[int]) -> dict[int, list[dict]]:
    """For each claim, the other organisations' fact-checks that match it, best first.
    One query for any number of claims."""
    matches = (
        FactCheckMatch.objects.filter(claim_id__in=claim_ids)
        .select_related("factcheck")
        .order_by("claim_id", "-score", "id")
    )
    found: dict[int, list[dict]] = {}
    for match in matches:
        check = match.factcheck
        found.setdefault(match.claim_id, []).append(
            {
                "organisation": check.organisation,
                "rating": check.rating,
                "url": check.url,
                "claim_text": check.claim_text,
                "claimant": check.claimant,
                "reviewed_on": check.reviewed_on,
                "score": match.score,
            }
        )
    return found


def conflicting_claims(claim_ids: list[int]) -> set[int]:
    """Claims that a suggested or accepted report contradicts with another figure."""
    rows = Evidence.objects.conflicting().filter(claim_id__in=claim_ids)
    return set(rows.values_list("claim_id", flat=True))


def corroboration_flags(claim_ids: list[int], language: str) -> dict[int, dict]:
    """The queue's per-row corroboration columns: 'already checked' and 'differing figure'."""
    checks = earlier_checks(claim_ids, language)
    conflicts = conflicting_claims(claim_ids)
    elsewhere = earlier_factchecks(claim_ids)
    flags: dict[int, dict] = {}
    for pk in claim_ids:
        best = (checks.get(pk) or [None])[0]
        flags[pk] = {
            "checked": best,
            "conflict": pk in conflicts,
            "checked_elsewhere": (elsewhere.get(pk) or [None])[0],
        }
    return flags


def reviewers() -> QuerySet:
    """Active users who may record verdicts: the people a claim can be assigned to."""
    by_group = Q(
        groups__permissions__codename="add_verdict",
        groups__permissions__content_type__app_label="claims",
    )
    direct = Q(
        user_permissions__codename="add_verdict",
        user_permissions__content_type__app_label="claims",
    )
    users = get_user_model().objects.filter(by_group | direct | Q(is_superuser=True))
    return users.filter(is_active=True).distinct().order_by("username")
