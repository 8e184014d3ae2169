"""Evidence, comments and verdicts: what reviewers add to a claim, never overwritten, each
recorded in the claim's history. Re-exported by `claims.services`."""

import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from .corroboration import index as search_index
from .models import (
    Claim,
    ClaimEvent,
    Comment,
    Evidence,
    Rating,
    Verdict,
)
from .permissions import require_permission
from .review import EditConflict, lock_claim, record_change, refuse_if_published

logger = logging.getLogger(__name__)


# Free text a reviewer types: a claim page shows all of it, so each piece is bounded.
COMMENT_MAX_CHARS = 10_000
EVIDENCE_NOTE_MAX_CHARS = 10_000
RATIONALE_MAX_CHARS = 10_000


def evidence_add(
    *, claim: Claim, url: str, stance: str, note: str = "", user: AbstractBaseUser
) -> Evidence:
    require_permission(user, "add_evidence")
    if len(note) > EVIDENCE_NOTE_MAX_CHARS:
        raise ValidationError(
            _("An evidence note is limited to %(n)s characters.")
            % {"n": intcomma(EVIDENCE_NOTE_MAX_CHARS)}
        )
    URLValidator(schemes=["http", "https"])(url)
    if stance not in Evidence.Stance.values:
        raise ValidationError(_("Unknown stance %(stance)r.") % {"stance": stance})
    with transaction.atomic():
        locked = lock_claim(claim, None)
        if Evidence.objects.filter(claim=locked, url=url).exists():
            raise ValidationError(_("This URL is already linked to the claim."))
        evidence = Evidence.objects.create(
            claim=locked,
            url=url,
            stance=stance,
            note=note,
            origin=Evidence.Origin.REVIEWER,
            accepted=True,
            added_by=user,
        )
        record_change(
            locked,
            user,
            ClaimEvent.Action.EVIDENCE,
            {"evidence": [None, {"url": url, "stance": stance, "note": note}]},
            bump=False,
        )
    return evidence


def evidence_review(*, evidence: Evidence, accept: bool, user: AbstractBaseUser) -> Evidence:
    """Accept or reject a worker's suggestion. Only accepted evidence counts for a verdict;
    a rejected suggestion stays listed (greyed) so it is not suggested again."""
    require_permission(user, "change_evidence")
    with transaction.atomic():
        locked = lock_claim(evidence.claim, None)
        current = Evidence.objects.select_for_update().get(pk=evidence.pk)
        if current.origin != Evidence.Origin.SUGGESTED:
            raise ValidationError(_("Only suggested evidence is accepted or rejected."))
        if current.accepted is not None:
            raise ValidationError(
                _("This suggestion was already accepted.")
                if current.accepted
                else _("This suggestion was already rejected.")
            )
        Evidence.objects.filter(pk=current.pk).update(accepted=accept)
        current.accepted = accept
        record_change(
            locked,
            user,
            ClaimEvent.Action.EVIDENCE_REVIEWED,
            {current.url: [None, "accepted" if accept else "rejected"]},
            bump=False,
        )
    return current


def comment_add(*, claim: Claim, text: str, user: AbstractBaseUser) -> Comment:
    require_permission(user, "add_comment")
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("A comment cannot be empty."))
    if len(text) > COMMENT_MAX_CHARS:
        raise ValidationError(
            _("A comment is limited to %(n)s characters.") % {"n": intcomma(COMMENT_MAX_CHARS)}
        )
    return Comment.objects.create(claim=claim, author=user, text=text)


def _verdict_validate(*, rating: Rating, attribution_check: str, rationale: str) -> None:
    if not rationale.strip():
        raise ValidationError(_("A verdict needs a rationale."))
    if len(rationale.strip()) > RATIONALE_MAX_CHARS:
        raise ValidationError(
            _("A rationale is limited to %(n)s characters.") % {"n": intcomma(RATIONALE_MAX_CHARS)}
        )
    if attribution_check not in Verdict.AttributionCheck.values:
        raise ValidationError(
            _("Unknown attribution check %(check)r.") % {"check": attribution_check}
        )
    if not rating.active:
        raise ValidationError(_("This rating is no longer in use."))


def verdict_record(
    *,
    claim: Claim,
    rating: Rating,
    attribution_check: str,
    rationale: str,
    user: AbstractBaseUser,
    expected_last_verdict: int | None = None,
) -> Verdict:
    """Append a verdict; earlier verdicts stay as they were.

    `expected_last_verdict` is the id of the current verdict when the form was loaded (0
    for none): if someone recorded another verdict since, the reviewer sees it first.
    """
    require_permission(user, "add_verdict")
    _verdict_validate(rating=rating, attribution_check=attribution_check, rationale=rationale)
    with transaction.atomic():
        locked = lock_claim(claim, None)
        latest = locked.verdicts.order_by("-created_at", "-id").values_list("pk", flat=True)
        latest_id = latest.first() or 0
        if expected_last_verdict is not None and latest_id != expected_last_verdict:
            since = ClaimEvent.objects.filter(
                claim=locked, action=ClaimEvent.Action.VERDICT
            ).select_related("actor")
            raise EditConflict(locked, list(since.order_by("-created_at", "-id")[:1]))
        if locked.status == Claim.Status.DISMISSED:
            raise ValidationError(_("A dismissed claim cannot receive a verdict."))
        refuse_if_published(locked, _("A published claim cannot receive a new verdict."))
        if (
            settings.VERDICT_REQUIRES_EVIDENCE
            and not locked.evidence.filter(accepted=True).exists()
        ):
            raise ValidationError(_("Attach at least one piece of evidence before the verdict."))
        verdict = Verdict.objects.create(
            claim=locked,
            rating=rating,
            attribution_check=attribution_check,
            rationale=rationale.strip(),
            reviewer=user,
        )
        status = Claim.Status.VERDICT_GIVEN.value
        recorded = {"rating": rating.slug, "attribution_check": attribution_check}
        changes = {"verdict": [None, {**recorded, "rationale": verdict.rationale}]}
        if status != locked.status:
            changes["status"] = [locked.status, status]
        record_change(locked, user, ClaimEvent.Action.VERDICT, changes, status=status)
        if not latest_id:
            # A checked claim: later claims saying the same are matched against it.
            search_index.index_claim(locked)
    return verdict
