"""The desk's overview: queues worth a look and where the verdicts stand.

The charts are plain SVG computed here and drawn by the template: no script, nothing to
load, and they print. Colours run from the worst to the best rating of the scale.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count

from .models import Claim, Rating, Verdict

TOP_CLAIMANTS = 8
LIST_LENGTH = 10


@dataclass
class Segment:
    label: str
    count: int
    fill: str
    x: float = 0.0  # percent of the chart width
    width: float = 0.0


@dataclass
class Bar:
    label: str
    total: int
    segments: list[Segment] = field(default_factory=list)


def rating_fill(rating: Rating) -> str:
    """Red for the worst rating of the scale, green for the best, amber between."""
    span = rating.best_rating - rating.worst_rating
    share = (rating.rating_value - rating.worst_rating) / span if span else 0.5
    return f"hsl({round(120 * share)} 55% 42%)"


def _bars(rows: list[tuple[str, str, int]], ratings: dict[str, Rating], language: str):
    """Stacked bars from (bar label, rating slug, count) rows, widths relative to the
    longest bar, segments in the scale's order."""
    order = {slug: i for i, slug in enumerate(ratings)}
    grouped: dict[str, dict[str, int]] = {}
    for label, slug, count in rows:
        grouped.setdefault(label, {})[slug] = count
    bars = [
        Bar(label=label, total=sum(counts.values()), segments=[])
        for label, counts in grouped.items()
    ]
    longest = max((bar.total for bar in bars), default=0)
    for bar in bars:
        x = 0.0
        for slug in sorted(grouped[bar.label], key=lambda s: order.get(s, len(order))):
            count = grouped[bar.label][slug]
            rating = ratings.get(slug)
            width = 100 * count / longest
            bar.segments.append(
                Segment(
                    label=rating.label(language) if rating else slug,
                    count=count,
                    fill=rating_fill(rating) if rating else "hsl(0 0% 60%)",
                    x=round(x, 2),
                    width=round(width, 2),
                )
            )
            x += width
    return bars


def verdict_charts(language: str) -> dict[str, list[Bar]]:
    """Claims by their current verdict's rating, overall and for the most rated claimants.
    Four queries (the scale, two grouped counts, the top claimants) whatever the number of
    claims."""
    ratings = {r.slug: r for r in Rating.objects.all()}
    rated = Claim.objects.with_current_rating().filter(current_rating__isnull=False)
    order = list(ratings)
    by_rating = sorted(
        rated.values_list("current_rating").annotate(n=Count("id")).order_by(),
        key=lambda row: order.index(row[0]) if row[0] in ratings else len(order),
    )
    overall = _bars(
        [(ratings[s].label(language) if s in ratings else s, s, n) for s, n in by_rating],
        ratings,
        language,
    )
    top = (
        rated.filter(claimant__isnull=False)
        .values_list("claimant__name")
        .annotate(n=Count("id"))
        .order_by("-n", "claimant__name")[:TOP_CLAIMANTS]
    )
    names = [name for name, _n in top]
    per_claimant = (
        rated.filter(claimant__name__in=names)
        .values_list("claimant__name", "current_rating")
        .annotate(n=Count("id"))
        .order_by()
    )
    claimants = _bars(list(per_claimant), ratings, language)
    claimants.sort(key=lambda bar: (-bar.total, bar.label))
    legend = [
        Segment(label=r.label(language), count=0, fill=rating_fill(r))
        for r in ratings.values()
        if r.active
    ]
    return {"by_rating": overall, "by_claimant": claimants, "legend": legend}


def desk_lists(user) -> dict:
    # Work still to do: claims waiting for a verdict (not those waiting for publication).
    to_check = [Claim.Status.NEW, Claim.Status.IN_REVIEW]
    open_claims = (
        Claim.objects.filter(status__in=to_check)
        .select_related("article", "claimant")
        .defer("article__text")
    )
    threshold = settings.DASHBOARD_HIGH_CHECKWORTHINESS
    mine = open_claims.filter(assignee=user).order_by("-checkworthiness", "-created_at")
    unassigned = open_claims.filter(
        assignee__isnull=True, checkworthiness__gte=threshold, duplicate_of__isnull=True
    ).order_by("-checkworthiness", "-created_at")
    recent = Verdict.objects.select_related("claim", "rating", "reviewer").order_by(
        "-created_at", "-id"
    )
    return {
        "mine": list(mine[:LIST_LENGTH]),
        "mine_count": mine.count(),
        "unassigned": list(unassigned[:LIST_LENGTH]),
        "threshold": threshold,
        "recent": list(recent[:LIST_LENGTH]),
    }
