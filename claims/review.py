"""Review actions on a claim: status, assignment and attribution corrections, each one
transaction on the locked row, checked against the reviewer's permissions and the version
their form was loaded at, and recorded in the claim's history. Re-exported by
`claims.services`, the one entry point."""

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from .catalog import claimant_resolve
from .extraction.sentence_bounds import sentence_bounds
from .models import (
    Claim,
    Claimant,
    ClaimEvent,
)
from .permissions import require_permission

logger = logging.getLogger(__name__)

Pair = tuple[int | None, int | None]


class EditConflict(Exception):
    """The claim changed since the form was loaded; `events` are the changes made since."""

    def __init__(self, claim: Claim, events: list[ClaimEvent]):
        self.claim = claim
        self.events = events
        who = ", ".join(
            sorted({e.actor.get_username() for e in events if e.actor is not None})
        ) or _("someone")
        super().__init__(
            _(
                "This claim was changed by %(who)s while you were editing it. "
                "Review their change below, then apply yours again."
            )
            % {"who": who}
        )


# Status a claim can move to from each status through claim_transition. "verdict_given"
# is reached by recording a verdict; publishing needs the publish permission.
TRANSITIONS = {
    Claim.Status.NEW: {Claim.Status.IN_REVIEW, Claim.Status.DISMISSED},
    Claim.Status.IN_REVIEW: {Claim.Status.NEW, Claim.Status.DISMISSED},
    Claim.Status.VERDICT_GIVEN: {
        Claim.Status.IN_REVIEW,
        Claim.Status.PUBLISHED,
        Claim.Status.DISMISSED,
    },
    Claim.Status.PUBLISHED: {Claim.Status.VERDICT_GIVEN},
    Claim.Status.DISMISSED: {Claim.Status.NEW},
}


def transition_permissions(before: str, to: str) -> tuple[str, ...]:
    """What moving a claim from `before` to `to` needs: only an editor moves a claim into
    or out of "published"."""
    if Claim.Status.PUBLISHED in (before, to):
        return ("change_claim", "publish_claim")
    return ("change_claim",)


def claim_transitions_for(*, claim: Claim, user: AbstractBaseUser) -> list[str]:
    """The statuses this user may move the claim to now: the buttons the claim page shows,
    by the rule claim_transition enforces."""
    before = Claim.Status(claim.status)
    return sorted(
        to.value
        for to in TRANSITIONS[before]
        if all(user.has_perm(f"claims.{p}") for p in transition_permissions(before, to))
    )


def lock_claim(claim: Claim, expected_version: int | None) -> Claim:
    """The claim row locked for update, or EditConflict when it moved on."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if expected_version is not None and locked.version != expected_version:
        since = list(
            ClaimEvent.objects.filter(claim=locked, changes__version__0__gte=expected_version)
            .select_related("actor")
            .order_by("created_at", "id")
        )
        raise EditConflict(locked, since)
    return locked


STATUS_COUNTS_KEY = "claims:status-counts"


def claim_status_counts() -> dict[str, int]:
    """Claims per status, for the queue's header. Counting means reading every claim, so
    the result is cached until a status changes (or a minute at most: admin deletions)."""
    counts = _cache_safely(cache.get, STATUS_COUNTS_KEY)
    if counts is None:
        counts = dict(Claim.objects.values_list("status").annotate(n=Count("id")).order_by())
        _cache_safely(cache.set, STATUS_COUNTS_KEY, counts, timeout=60)
    return counts


def statuses_changed() -> None:
    transaction.on_commit(lambda: _cache_safely(cache.delete, STATUS_COUNTS_KEY))


def _cache_safely(operation, *args, **kwargs):
    """The cache only saves work: when it cannot be reached, the caller reads the database
    (a stale count expires within its timeout once the cache is back)."""
    try:
        return operation(*args, **kwargs)
    except Exception as exc:  # the cache backend's own connection errors
        logger.warning("cache unavailable, reading the database instead: %r", exc)
        return None


def refuse_if_published(locked: Claim, refusal: str) -> None:
    """What is published changes only through an editor: unpublishing comes first."""
    if locked.status == Claim.Status.PUBLISHED:
        raise ValidationError(
            f"{refusal} "
            + _("An editor must unpublish it first; what is published stays as it is until then.")
        )


def _plain(value: object) -> object:
    """A value as the audit trail stores it (JSON): related rows by their name."""
    return str(value) if isinstance(value, Claimant) else value


def record_change(
    claim: Claim, user, action: str, changes: dict, *, bump: bool = True, **fields
) -> None:
    """Apply `fields` to the locked claim, log the change, and bump the claim's version.

    The version guards the attribution, status and assignment a reviewer edits in forms;
    adding evidence does not bump it, so it never turns another reviewer's form stale.
    """
    if bump:
        changes = {**changes, "version": [claim.version, claim.version + 1]}
        fields = {**fields, "version": claim.version + 1}
    Claim.objects.filter(pk=claim.pk).update(updated_at=timezone.now(), **fields)
    if "status" in fields:
        statuses_changed()
    ClaimEvent.objects.create(
        claim=claim,
        actor=user if user is not None and user.is_authenticated else None,
        action=action,
        changes=changes,
    )
    for name, value in fields.items():
        setattr(claim, name, value)


def claim_transition(
    *,
    claim: Claim,
    to: str,
    user: AbstractBaseUser,
    reason: str = "",
    expected_version: int | None = None,
) -> Claim:
    to = Claim.Status(to)
    require_permission(user, "change_claim")
    if to == Claim.Status.DISMISSED and not reason.strip():
        raise ValidationError(_("Say why the claim is dismissed."))
    with transaction.atomic():
        locked = lock_claim(claim, expected_version)
        # Checked against the locked row: the status read before the lock may be stale,
        # and only an editor moves a claim into or out of "published".
        for permission in transition_permissions(locked.status, to):
            require_permission(user, permission)
        if to not in TRANSITIONS[Claim.Status(locked.status)]:
            raise ValidationError(
                _("A claim cannot go from “%(before)s” to “%(after)s”.")
                % {"before": locked.get_status_display(), "after": to.label}
            )
        changes = {"status": [locked.status, to.value]}
        fields = {"status": to.value}
        if to == Claim.Status.DISMISSED or locked.dismissed_reason:
            new_reason = reason.strip() if to == Claim.Status.DISMISSED else ""
            changes["dismissed_reason"] = [locked.dismissed_reason, new_reason]
            fields["dismissed_reason"] = new_reason
        record_change(locked, user, ClaimEvent.Action.STATUS, changes, **fields)
    return locked


def claim_assign(
    *,
    claim: Claim,
    assignee: AbstractBaseUser | None,
    user: AbstractBaseUser,
    expected_version: int | None = None,
) -> Claim:
    """Assign a claim: reviewers take claims for themselves, editors assign anyone."""
    taking_it = assignee is not None and assignee.pk == user.pk
    require_permission(user, "change_claim" if taking_it else "reassign_claim")
    if assignee is not None and not assignee.has_perm("claims.add_verdict"):
        raise ValidationError(
            _("%(user)s cannot review claims.") % {"user": assignee.get_username()}
        )
    with transaction.atomic():
        locked = lock_claim(claim, expected_version)
        before = locked.assignee.get_username() if locked.assignee else None
        after = assignee.get_username() if assignee else None
        record_change(
            locked,
            user,
            ClaimEvent.Action.ASSIGNED,
            {"assignee": [before, after]},
            assignee=assignee,
        )
        if locked.status == Claim.Status.NEW and assignee is not None:
            record_change(
                locked,
                user,
                ClaimEvent.Action.STATUS,
                {"status": [locked.status, Claim.Status.IN_REVIEW.value]},
                status=Claim.Status.IN_REVIEW.value,
            )
    return locked


def claim_edit_attribution(
    *,
    claim: Claim,
    user: AbstractBaseUser,
    expected_version: int,
    content_start: int,
    content_end: int,
    source_start: int | None,
    source_end: int | None,
    claimant_name: str,
    kind: str,
    cue_start: int | None = None,
    cue_end: int | None = None,
) -> Claim:
    """Correct what the extractor got wrong: content, source and cue spans, claimant, kind.
    The claim's sentence follows the corrected spans."""
    require_permission(user, "change_claim")
    if kind not in Claim.Kind.values:
        raise ValidationError(_("Unknown kind %(kind)r.") % {"kind": kind})
    with transaction.atomic():
        locked = lock_claim(claim, expected_version)
        text = locked.article.text
        refuse_if_published(locked, _("A published claim's attribution cannot be corrected."))
        fields = {
            **_edited_spans(
                text, (content_start, content_end), (source_start, source_end), (cue_start, cue_end)
            ),
            "claimant": claimant_resolve(name=claimant_name.strip())
            if claimant_name.strip()
            else None,
            "kind": kind,
        }
        changes = {}
        for name, after in fields.items():
            before = getattr(locked, name)
            if before != after and name != "sentence":
                changes[name] = [_plain(before), _plain(after)]
        if not any(name.endswith(("_start", "_end")) for name in changes):
            del fields["sentence"]  # the spans did not move: the extractor's sentence stays
        elif fields["sentence"] != locked.sentence:
            changes["sentence"] = [locked.sentence, fields["sentence"]]
        if not changes:
            return locked
        record_change(locked, user, ClaimEvent.Action.ATTRIBUTION, changes, **fields)
    return locked


def _edited_spans(text: str, content: tuple[int, int], source: Pair, cue: Pair) -> dict:
    """The claim fields of corrected spans: offsets, their text, and the sentence holding
    them all. Raises ValidationError for a span outside the article."""
    if not 0 <= content[0] < content[1] <= len(text):
        raise ValidationError(_("The content span must lie inside the article text."))
    fields = {"content_start": content[0], "content_end": content[1]}
    fields["content"] = text[content[0] : content[1]]
    spans = [content]
    for name, (start, end), limit, message in (
        ("source", source, 1000, _("The source span must lie inside the article text.")),
        ("cue", cue, 200, _("The cue span must lie inside the article text.")),
    ):
        given = start is not None and end is not None
        if given and not 0 <= start < end <= len(text):
            raise ValidationError(message)
        fields[f"{name}_start"], fields[f"{name}_end"] = (start, end) if given else (None, None)
        fields[f"{name}_text"] = text[start:end][:limit] if given else ""
        if given:
            spans.append((start, end))
    first, last = min(s for s, _e in spans), max(e for _s, e in spans)
    left, right = sentence_bounds(text, first, last)
    fields["sentence"] = text[left:right][:SENTENCE_MAX_CHARS]
    return fields


SENTENCE_MAX_CHARS = 5_000


def claims_bulk_apply(
    *, claims: list[Claim], action: str, user: AbstractBaseUser, reason: str = ""
) -> int:
    """Assign to oneself or dismiss several claims at once: all of them, or none.

    A claim that cannot take the action stops the whole batch with a message naming it.
    """
    if action not in {"take", "dismiss"}:
        raise ValidationError(_("Unknown bulk action %(action)r.") % {"action": action})
    with transaction.atomic():
        for claim in claims:
            try:
                if action == "take":
                    claim_assign(claim=claim, assignee=user, user=user)
                else:
                    claim_transition(
                        claim=claim, to=Claim.Status.DISMISSED, reason=reason, user=user
                    )
            except (ValidationError, PermissionDenied) as exc:
                reason_text = (
                    " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                )
                raise ValidationError(
                    _("Claim #%(pk)s: %(reason)s Nothing was changed.")
                    % {"pk": claim.pk, "reason": reason_text}
                ) from exc
    return len(claims)
