"""The claim page offers each user only the actions they may take, assigning to others is
an editor's form, taking over someone's claim is confirmed, and publishing is confirmed
and reported."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from claims import services
from claims.models import Claim, ClaimEvent
from tests import factories

pytestmark = pytest.mark.django_db


class Forms(HTMLParser):
    """Every POST form on a page: its action and the values it would send as it stands."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.forms.append({"action": attrs["action"], "data": {}})
        elif tag in ("input", "button") and self.forms and attrs.get("name"):
            if attrs.get("type") == "checkbox":
                return  # left unticked, as a careless click would
            self.forms[-1]["data"].setdefault(attrs["name"], attrs.get("value") or "")


def post_forms(client, url: str) -> list[dict]:
    parser = Forms()
    parser.feed(client.get(url).content.decode())
    return parser.forms


def assign(client, claim, assignee, **extra):
    """The editor's assign form posted as the page would (version: the claim's)."""
    data = {"assignee": assignee, "version": claim.version}
    return client.post(reverse("claims:claim_assign", args=[claim.pk]), data, **extra)


def page(client, claim) -> str:
    return client.get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()


@pytest.fixture
def reader(db):
    """A role that may read claims and nothing else."""
    group = Group.objects.create(name="reader")
    group.permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    user = factories.UserFactory(username="rea")
    user.groups.add(group)
    return user


def allowed_moves(claim: Claim, user) -> set[str]:
    """Where claim_transition lets this user move the claim, each tried and rolled back."""
    allowed = set()
    for to in Claim.Status.values:
        try:
            with transaction.atomic():
                services.claim_transition(claim=claim, to=to, user=user, reason="Opinion")
                allowed.add(to)
                transaction.set_rollback(True)
        except (PermissionDenied, ValidationError):
            pass
    return allowed


@pytest.mark.parametrize("status", Claim.Status.values)
def test_offered_transitions_are_exactly_those_the_service_allows(status, reviewer, editor, reader):
    claim = factories.ClaimFactory(status=status)
    for user in (reviewer, editor, reader):
        offered = set(services.claim_transitions_for(claim=claim, user=user))
        assert offered == allowed_moves(claim, user), (status, user.username)


def test_reviewer_is_not_offered_publish_or_unpublish(client, reviewer, editor):
    checked = factories.ClaimFactory(status="verdict_given")
    published = factories.ClaimFactory(status="published")
    client.force_login(reviewer)
    body = page(client, checked)
    assert "Start review" in body and "Dismiss" in body
    assert "to-published" not in body and "Publish…" not in body
    assert "Unpublish" not in page(client, published)
    client.force_login(editor)
    assert "Publish…" in page(client, checked)
    assert "Unpublish…" in page(client, published)


def test_every_form_a_reviewer_is_shown_is_one_they_may_submit(client, reviewer):
    claim = factories.ClaimFactory(status="verdict_given")
    factories.suggestion(claim)
    client.force_login(reviewer)
    forms = post_forms(client, reverse("claims:claim_detail", args=[claim.pk]))
    actions = {form["action"] for form in forms}
    assert reverse("claims:claim_take", args=[claim.pk]) in actions
    assert reverse("claims:claim_assign", args=[claim.pk]) not in actions
    for form in forms:
        response = client.post(form["action"], form["data"])
        assert response.status_code != 403, form


def test_a_read_only_user_is_shown_no_action_at_all(client, reader):
    claim = factories.ClaimFactory(status="verdict_given")
    factories.suggestion(claim)
    client.force_login(reader)
    forms = post_forms(client, reverse("claims:claim_detail", args=[claim.pk]))
    # The language switcher and logout are the site's, not the claim's.
    assert [f["action"] for f in forms if f"/claims/{claim.pk}/" in f["action"]] == []
    body = page(client, claim)
    for label in ("Assign to me", "Dismiss", "Record verdict", "Add comment", "Find reports"):
        assert label not in body, label


def test_editor_assigns_a_claim_to_a_reviewer(client, editor, reviewer):
    claim = factories.ClaimFactory()
    client.force_login(editor)
    body = page(client, claim)
    assert f'action="/claims/{claim.pk}/assign/"' in body
    assert f'<option value="{reviewer.pk}">rita</option>' in body
    response = assign(client, claim, reviewer.pk, follow=True)
    assert "Assigned to rita." in response.content.decode()
    claim.refresh_from_db()
    assert claim.assignee == reviewer and claim.status == "in_review"
    event = claim.events.filter(action=ClaimEvent.Action.ASSIGNED).get()
    assert event.actor == editor and event.changes["assignee"] == [None, "rita"]


def test_the_assign_list_holds_only_people_who_can_review(client, editor, reviewer, outsider):
    claim = factories.ClaimFactory()
    client.force_login(editor)
    body = page(client, claim)
    start = body.index('<select name="assignee"')
    choices = body[start : body.index("</select>", start)]
    assert f'value="{reviewer.pk}"' in choices and f'value="{editor.pk}"' in choices
    assert f'value="{outsider.pk}"' not in choices
    response = assign(client, claim, outsider.pk, follow=True)
    assert "This person cannot review claims." in response.content.decode()
    claim.refresh_from_db()
    assert claim.assignee is None and not claim.events.exists()


def test_editor_unassigns_with_nobody_but_a_missing_choice_is_an_error(client, editor, reviewer):
    claim = factories.ClaimFactory()
    services.claim_assign(claim=claim, assignee=reviewer, user=reviewer)
    claim.refresh_from_db()
    client.force_login(editor)
    url = reverse("claims:claim_assign", args=[claim.pk])
    response = client.post(url, {"version": claim.version}, follow=True)
    assert "Choose who to assign the claim to." in response.content.decode()
    claim.refresh_from_db()
    assert claim.assignee == reviewer
    response = assign(client, claim, "", follow=True)
    assert "Unassigned." in response.content.decode()
    claim.refresh_from_db()
    assert claim.assignee is None


def test_reviewer_cannot_assign_to_someone_else(client, reviewer, editor):
    claim = factories.ClaimFactory()
    client.force_login(reviewer)
    response = assign(client, claim, editor.pk)
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.assignee is None


def test_assigning_from_a_stale_page_shows_the_conflict(client, editor, reviewer):
    claim = factories.ClaimFactory()
    stale = claim.version
    services.claim_transition(claim=claim, to="dismissed", reason="Opinion", user=reviewer)
    client.force_login(editor)
    response = client.post(
        reverse("claims:claim_assign", args=[claim.pk]), {"assignee": reviewer.pk, "version": stale}
    )
    assert response.status_code == 409
    assert "changed by rita while you were editing" in response.content.decode()
    claim.refresh_from_db()
    assert claim.assignee is None


def test_taking_over_someone_elses_claim_needs_a_confirmation(client, reviewer, editor):
    claim = factories.ClaimFactory()
    services.claim_assign(claim=claim, assignee=editor, user=editor)
    claim.refresh_from_db()
    client.force_login(reviewer)
    body = page(client, claim)
    assert "Assigned to ed — take it over?" in body
    assert 'data-shortcut="take"' not in body  # no one-key take-over
    url = reverse("claims:claim_take", args=[claim.pk])
    response = client.post(url, follow=True)
    assert "This claim is assigned to ed. Confirm to take it over." in response.content.decode()
    claim.refresh_from_db()
    assert claim.assignee == editor

    response = client.post(url, {"takeover": "1", "version": claim.version}, follow=True)
    assert "You took the claim over from ed." in response.content.decode()
    claim.refresh_from_db()
    assert claim.assignee == reviewer
    last = claim.events.filter(action=ClaimEvent.Action.ASSIGNED).latest("id")
    assert last.actor == reviewer and last.changes["assignee"] == ["ed", "rita"]


def test_an_unassigned_claim_is_taken_in_one_click(client, reviewer):
    claim = factories.ClaimFactory()
    client.force_login(reviewer)
    assert 'data-shortcut="take"' in page(client, claim)
    client.post(reverse("claims:claim_take", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.assignee == reviewer


def test_publishing_is_confirmed_and_reported(client, editor):
    claim = factories.ClaimFactory(status="verdict_given")
    client.force_login(editor)
    body = page(client, claim)
    # The button that posts sits inside a closed <details>: a first click only opens it.
    start = body.index('<details class="confirm confirm-published">')
    assert body.index('class="to-published"', start) < body.index("</details>", start)
    url = reverse("claims:claim_status", args=[claim.pk])
    response = client.post(url, {"to": "published", "version": claim.version}, follow=True)
    assert '<p class="message success">Published.</p>' in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "published"
    assert '<details class="confirm confirm-verdict_given">' in response.content.decode()
    response = client.post(url, {"to": "verdict_given", "version": claim.version}, follow=True)
    assert '<p class="message success">Unpublished.</p>' in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == "verdict_given"


def test_a_stale_status_change_gets_the_conflict_page(client, editor, reviewer):
    claim = factories.ClaimFactory(status="verdict_given")
    stale = claim.version
    services.claim_transition(claim=claim, to="in_review", user=reviewer)
    client.force_login(editor)
    response = client.post(
        reverse("claims:claim_status", args=[claim.pk]), {"to": "published", "version": stale}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert 'class="conflict" role="alert"' in body and "changed by rita" in body
    claim.refresh_from_db()
    assert claim.status == "in_review"


def test_taking_a_claim_from_the_queue_goes_back_to_the_queue(reviewer_client, reviewer):
    claim = factories.ClaimFactory()
    queue = reverse("claims:queue") + "?status=new&sort=cw"
    response = reviewer_client.post(
        reverse("claims:claim_take", args=[claim.pk]), {"next": queue}, follow=True
    )
    assert response.redirect_chain[-1][0] == queue
    assert f"Claim #{claim.pk} is assigned to you." in response.content.decode()
    claim.refresh_from_db()
    assert claim.assignee == reviewer


def test_taking_a_claim_never_redirects_off_site(reviewer_client):
    claim = factories.ClaimFactory()
    response = reviewer_client.post(
        reverse("claims:claim_take", args=[claim.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("claims:claim_detail", args=[claim.pk])
