"""A claim's audit events as a reviewer reads them: one labelled change per line.

`ClaimEvent.changes` maps each field to [before, after] with stored values (status codes,
rating slugs, usernames, offsets). This turns them into the interface language.
"""

from collections.abc import Iterable
from typing import NamedTuple

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from claims.models import Claim, ClaimEvent, Evidence, Rating, Verdict


class Line(NamedTuple):
    label: str
    before: str | None  # None: nothing before (an addition), shown as the new value only
    after: str


# Offsets move with the text they delimit: shown only when the text itself is not.
_SPANS = {
    "content": ("content_start", "content_end"),
    "source_text": ("source_start", "source_end"),
    "cue_text": ("cue_start", "cue_end"),
}


def _labels() -> dict[str, str]:
    return {
        "status": _("Status"),
        "dismissed_reason": _("Reason for dismissing"),
        "assignee": _("Assigned to"),
        "content": _("Claim text"),
        "source_text": _("Source"),
        "claimant": _("Claimant"),
        "kind": _("Kind"),
        "content_start": _("Start of the claim in the text"),
        "content_end": _("End of the claim in the text"),
        "source_start": _("Start of the source in the text"),
        "source_end": _("End of the source in the text"),
        "cue_text": _("Cue"),
        "cue_start": _("Start of the cue in the text"),
        "cue_end": _("End of the cue in the text"),
        "sentence": _("Sentence"),
    }


def _choice(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _value(field: str, value) -> str:
    if field == "status":
        return _choice(Claim.Status, value)
    if field == "kind":
        return _choice(Claim.Kind, value)
    if field == "assignee":
        return value or _("nobody")
    return "" if value is None else str(value)


def _field_lines(changes: dict) -> list[Line]:
    labels = _labels()
    hidden = {"version"}
    for text, offsets in _SPANS.items():
        if text in changes:
            hidden.update(offsets)
    return [
        Line(labels.get(field, field), _value(field, before), _value(field, after))
        for field, (before, after) in changes.items()
        if field not in hidden
    ]


def _verdict_lines(verdict: dict, ratings: dict[str, Rating], language: str) -> list[Line]:
    slug = verdict.get("rating", "")
    rating = ratings[slug].label(language) if slug in ratings else slug
    check = _choice(Verdict.AttributionCheck, verdict.get("attribution_check", ""))
    lines = [Line(_("Rating"), None, rating), Line(_("Attribution check"), None, check)]
    if verdict.get("rationale"):
        lines.append(Line(_("Rationale"), None, verdict["rationale"]))
    return lines


def _evidence_line(evidence: dict) -> Line:
    stance = _choice(Evidence.Stance, evidence.get("stance", ""))
    return Line(_("Evidence"), None, f"{evidence.get('url', '')} ({stance})")


def _reviewed_lines(changes: dict) -> list[Line]:
    decisions = {"accepted": _("accepted"), "rejected": _("rejected")}
    return [
        Line(_("Suggested report"), None, f"{url} ({decisions.get(after, after)})")
        for url, (_before, after) in changes.items()
    ]


def _suggested_lines(changes: dict) -> list[Line]:
    lines = []
    reports = (changes.get("reports") or [None, 0])[1] or 0
    if reports:
        text = ngettext("%(n)s report", "%(n)s reports", reports) % {"n": reports}
        lines.append(Line(_("Suggested"), None, text))
    earlier = (changes.get("earlier_checks") or [None, 0])[1] or 0
    if earlier:
        text = ngettext("%(n)s earlier check", "%(n)s earlier checks", earlier) % {"n": earlier}
        lines.append(Line(_("Already checked"), None, text))
    elsewhere = (changes.get("earlier_factchecks") or [None, 0])[1] or 0
    if elsewhere:
        text = ngettext(
            "%(n)s fact-check by another organisation",
            "%(n)s fact-checks by other organisations",
            elsewhere,
        ) % {"n": elsewhere}
        lines.append(Line(_("Already checked elsewhere"), None, text))
    return lines


def event_lines(
    event: ClaimEvent, language: str, ratings: dict[str, Rating] | None = None
) -> list[Line]:
    """The event's changes, one labelled line each, in `language`."""
    changes = dict(event.changes or {})
    with translation.override(language):
        if event.action == ClaimEvent.Action.EVIDENCE_REVIEWED:
            return _reviewed_lines(changes)
        if event.action == ClaimEvent.Action.SUGGESTED:
            return _suggested_lines(changes)
        lines = []
        if "verdict" in changes:
            verdict = changes.pop("verdict")[1] or {}
            if ratings is None:
                ratings = {r.slug: r for r in Rating.objects.filter(slug=_rating_slug(event))}
            lines += _verdict_lines(verdict, ratings, language)
        if "evidence" in changes:
            lines.append(_evidence_line(changes.pop("evidence")[1] or {}))
        return lines + _field_lines(changes)


def _rating_slug(event: ClaimEvent) -> str | None:
    verdict = (event.changes or {}).get("verdict") or [None, None]
    return verdict[1].get("rating") if isinstance(verdict[1], dict) else None


def with_lines(events: Iterable[ClaimEvent], language: str) -> list[ClaimEvent]:
    """Give each event its `lines`; the ratings named are read in one query."""
    events = list(events)
    slugs = {slug for slug in map(_rating_slug, events) if slug}
    ratings = {r.slug: r for r in Rating.objects.filter(slug__in=slugs)} if slugs else {}
    for event in events:
        event.lines = event_lines(event, language, ratings)
    return events
