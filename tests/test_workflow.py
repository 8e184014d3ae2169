"""Review workflow: roles, status transitions, audit trail and edit conflicts."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction

from claims import services
from claims.models import Claim, ClaimEvent, Comment, Evidence, Verdict
from tests import factories


def do_verdict(claim, user):
    services.verdict_record(
        claim=claim,
        rating=factories.rating(),
        attribution_check="confirmed",
        rationale="Checked against the ministry's release.",
        user=user,
    )


def do_evidence(claim, user):
    services.evidence_add(
        claim=claim, url="https://example.org/release", stance="supports", user=user
    )


def do_review(claim, user):
    services.claim_transition(claim=claim, to="in_review", user=user)


def do_dismiss(claim, user):
    services.claim_transition(claim=claim, to="dismissed", reason="Not checkable.", user=user)


def do_publish(claim, user):
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.VERDICT_GIVEN)
    claim.refresh_from_db()
    services.claim_transition(claim=claim, to="published", user=user)


def do_take(claim, user):
    services.claim_assign(claim=claim, assignee=user, user=user)


def do_reassign(claim, user):
    other = factories.UserFactory(username="other-reviewer")
    other.groups.add(Group.objects.get(name="reviewer"))
    services.claim_assign(claim=claim, assignee=other, user=user)


def do_edit(claim, user):
    services.claim_edit_attribution(
        claim=claim,
        user=user,
        expected_version=claim.version,
        content_start=0,
        content_end=10,
        source_start=None,
        source_end=None,
        claimant_name="",
        kind="unattributed",
    )


def do_comment(claim, user):
    services.comment_add(claim=claim, text="Ask the ministry for the figure.", user=user)


def suggest(claim, url="https://example.org/wire-report"):
    return factories.suggestion(claim, url)


def do_accept(claim, user):
    services.evidence_review(evidence=suggest(claim), accept=True, user=user)


ACTIONS = {
    "verdict": do_verdict,
    "comment": do_comment,
    "accept_suggestion": do_accept,
    "evidence": do_evidence,
    "review": do_review,
    "dismiss": do_dismiss,
    "publish": do_publish,
    "take": do_take,
    "reassign": do_reassign,
    "edit": do_edit,
}
ALLOWED = {
    "outsider": set(),
    "reviewer": {
        "verdict",
        "evidence",
        "review",
        "dismiss",
        "take",
        "edit",
        "comment",
        "accept_suggestion",
    },
    "editor": set(ACTIONS),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ALLOWED))
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_permission_matrix(role, action, request):
    user = request.getfixturevalue(role)
    claim = factories.ClaimFactory()
    if action in ALLOWED[role]:
        ACTIONS[action](claim, user)
        assert ClaimEvent.objects.filter(claim=claim).exists() or claim.comments.exists()
    else:
        with pytest.raises(PermissionDenied):
            ACTIONS[action](claim, user)
        assert not ClaimEvent.objects.filter(claim=claim).exists()
        assert not claim.comments.exists()


@pytest.mark.django_db
def test_transitions_are_enforced(reviewer, editor):
    claim = factories.ClaimFactory()
    with pytest.raises(ValidationError, match="cannot go from"):
        services.claim_transition(claim=claim, to="published", user=editor)
    with pytest.raises(ValidationError, match="Say why"):
        services.claim_transition(claim=claim, to="dismissed", user=reviewer)
    do_dismiss(claim, reviewer)
    claim.refresh_from_db()
    assert claim.status == "dismissed" and claim.dismissed_reason == "Not checkable."
    with pytest.raises(ValidationError):
        do_verdict(claim, reviewer)
    services.claim_transition(claim=claim, to="new", user=reviewer)
    claim.refresh_from_db()
    assert claim.status == "new" and claim.dismissed_reason == ""


@pytest.mark.django_db
def test_every_change_is_in_the_audit_trail_with_before_and_after(reviewer, editor):
    claim = factories.ClaimFactory()
    do_take(claim, reviewer)
    do_evidence(claim, reviewer)
    do_verdict(claim, reviewer)
    services.claim_transition(claim=claim, to="published", user=editor)
    events = list(claim.events.select_related("actor"))
    assert [e.action for e in events] == ["assigned", "status", "evidence", "verdict", "status"]
    assert events[0].changes["assignee"] == [None, "rita"]
    assert events[1].changes["status"] == ["new", "in_review"]
    assert events[3].changes["status"] == ["in_review", "verdict_given"]
    assert events[-1].actor == editor and events[-1].changes["status"][1] == "published"
    claim.refresh_from_db()
    assert claim.version == 5  # evidence does not bump the version


@pytest.mark.django_db
def test_attribution_edit_records_what_changed(reviewer):
    claim = factories.ClaimFactory(content_start=23, content_end=45)
    services.claim_edit_attribution(
        claim=claim,
        user=reviewer,
        expected_version=1,
        content_start=4,
        content_end=45,
        source_start=4,
        source_end=16,
        claimant_name="Minister of Education",
        kind="indirect",
    )
    claim.refresh_from_db()
    assert (
        claim.content == claim.article.text[4:45] and claim.source_text == claim.article.text[4:16]
    )
    assert claim.claimant.name == "Minister of Education"
    event = claim.events.get()
    assert event.changes["content_start"] == [23, 4]
    assert event.changes["claimant"] == [None, "Minister of Education"]


@pytest.mark.django_db
def test_stale_edit_is_a_conflict_that_shows_the_other_change(reviewer, editor):
    claim = factories.ClaimFactory()
    stale_version = claim.version
    services.claim_edit_attribution(
        claim=claim,
        user=editor,
        expected_version=stale_version,
        content_start=0,
        content_end=20,
        source_start=None,
        source_end=None,
        claimant_name="",
        kind="indirect",
    )
    with pytest.raises(services.EditConflict) as conflict:
        services.claim_edit_attribution(
            claim=claim,
            user=reviewer,
            expected_version=stale_version,
            content_start=0,
            content_end=30,
            source_start=None,
            source_end=None,
            claimant_name="",
            kind="direct",
        )
    assert "changed by ed" in str(conflict.value)
    assert [e.changes["content_end"] for e in conflict.value.events] == [[45, 20]]
    claim.refresh_from_db()
    assert claim.content_end == 20 and claim.kind == "indirect"  # nothing overwritten


@pytest.mark.django_db
def test_stale_verdict_form_is_a_conflict(reviewer, editor):
    claim = factories.ClaimFactory()
    services.verdict_record(
        claim=claim,
        rating=factories.rating("true"),
        rationale="first",
        attribution_check="confirmed",
        user=editor,
        expected_last_verdict=0,
    )
    # Evidence added meanwhile is not a conflict; another verdict is.
    services.evidence_add(claim=claim, url="https://example.org/x", stance="context", user=editor)
    with pytest.raises(services.EditConflict):
        services.verdict_record(
            claim=claim,
            rating=factories.rating("false"),
            rationale="second",
            attribution_check="confirmed",
            user=reviewer,
            expected_last_verdict=0,
        )
    assert list(Verdict.objects.values_list("rationale", flat=True)) == ["first"]


@pytest.mark.django_db
def test_database_refuses_to_rewrite_history(reviewer):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    claim = factories.ClaimFactory()
    do_verdict(claim, reviewer)
    services.comment_add(claim=claim, text="Checked with the ministry.", user=reviewer)
    for model in (ClaimEvent, Verdict, Comment):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            model.objects.filter(claim=claim).update(created_at=claim.created_at)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            model.objects.filter(claim=claim).delete()


@pytest.mark.django_db
def test_evidence_policy_blocks_verdicts_without_evidence(reviewer, settings):
    settings.VERDICT_REQUIRES_EVIDENCE = True
    claim = factories.ClaimFactory()
    with pytest.raises(ValidationError, match="evidence"):
        do_verdict(claim, reviewer)
    do_evidence(claim, reviewer)
    do_verdict(claim, reviewer)
    assert claim.verdicts.count() == 1


@pytest.mark.django_db
def test_suggested_evidence_counts_only_once_accepted(reviewer, settings):
    settings.VERDICT_REQUIRES_EVIDENCE = True
    claim = factories.ClaimFactory()
    wire, blog = suggest(claim), suggest(claim, "https://example.org/blog")
    with pytest.raises(ValidationError, match="evidence"):
        do_verdict(claim, reviewer)  # undecided suggestions are not evidence yet
    services.evidence_review(evidence=blog, accept=False, user=reviewer)
    with pytest.raises(ValidationError, match="evidence"):
        do_verdict(claim, reviewer)
    services.evidence_review(evidence=wire, accept=True, user=reviewer)
    do_verdict(claim, reviewer)
    with pytest.raises(ValidationError, match="already accepted"):
        services.evidence_review(evidence=wire, accept=False, user=reviewer)
    own = Evidence.objects.create(claim=claim, url="https://example.org/own", stance="context")
    with pytest.raises(ValidationError, match="Only suggested"):
        services.evidence_review(evidence=own, accept=True, user=reviewer)
    events = ClaimEvent.objects.filter(claim=claim, action="evidence_reviewed").order_by("id")
    assert [e.changes for e in events] == [
        {"https://example.org/blog": [None, "rejected"]},
        {"https://example.org/wire-report": [None, "accepted"]},
    ]


@pytest.mark.django_db
def test_comments_are_kept_in_order_and_refuse_empty_text(reviewer, editor):
    claim = factories.ClaimFactory()
    services.comment_add(claim=claim, text="  Called the ministry.  ", user=reviewer)
    services.comment_add(claim=claim, text="They confirm the figure.", user=editor)
    with pytest.raises(ValidationError, match="empty"):
        services.comment_add(claim=claim, text="   ", user=reviewer)
    with pytest.raises(ValidationError, match="10,000"):
        services.comment_add(claim=claim, text="x" * 10_001, user=reviewer)
    assert [(c.author.username, c.text) for c in claim.comments.all()] == [
        ("rita", "Called the ministry."),
        ("ed", "They confirm the figure."),
    ]
