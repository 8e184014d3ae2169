"""Reads that several views share."""

from django.db.models import OuterRef, Subquery

from .models import ClaimMatch, Evidence, Verdict


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


def conflicting_claims(claim_ids: list[int]) -> set[int]:
    """Claims that a suggested or accepted report contradicts with another figure."""
    rows = Evidence.objects.conflicting().filter(claim_id__in=claim_ids)
    return set(rows.values_list("claim_id", flat=True))


def corroboration_flags(claim_ids: list[int], language: str) -> dict[int, dict]:
    """The queue's per-row corroboration columns: 'already checked' and 'differing figure'."""
    checks = earlier_checks(claim_ids, language)
    conflicts = conflicting_claims(claim_ids)
    flags: dict[int, dict] = {}
    for pk in claim_ids:
        best = (checks.get(pk) or [None])[0]
        flags[pk] = {"checked": best, "conflict": pk in conflicts}
    return flags
