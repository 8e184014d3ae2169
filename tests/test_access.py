"""Who may open what: every URL walked as anonymous, as a user without a role, as a
reviewer; login throttling; password change; production settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.template import loader
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from claims.models import Claim, Job
from tests import factories

ROOT = Path(__file__).resolve().parent.parent

# Open to anyone: logging in, choosing the page language, and the published fact-checks
# (their ClaimReview page and feed: tests/test_claimreview_out.py).
PUBLIC_REVIEWS = {"claims:review_page", "claims:review_feed"}
PUBLIC = {"login", "set_language", "admin:login"} | PUBLIC_REVIEWS
# Open to any logged-in user, with a role or not: their own session and password.
ROLELESS_OK = PUBLIC | {"logout", "password_change", "password_change_done"}


def named_patterns(resolver=None, namespace=""):
    """(view name, pattern) for every named URL, included URLconfs and admin too."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, entry


def argument_names(pattern: URLPattern) -> list[str]:
    return list(pattern.pattern.regex.groupindex)


@pytest.fixture
def objects(reviewer):
    claim = factories.ClaimFactory()
    evidence = factories.suggestion(claim)
    job = Job.objects.create(kind=Job.Kind.EXTRACT, article=claim.article)
    claim_job = Job.objects.create(kind=Job.Kind.CORROBORATE, claim=claim)
    return {"claim": claim, "evidence": evidence, "job": job, "claim_job": claim_job}


def url_for(name: str, pattern: URLPattern, objects: dict) -> str:
    """The URL with each argument filled with an existing object's key."""
    claim = objects["claim"]
    values = {
        "evidence_pk": objects["evidence"].pk,
        "job_pk": objects["claim_job"].pk,
        "app_label": "claims",
        "object_id": claim.pk,
        "id": claim.pk,
        "content_type_id": ContentType.objects.get_for_model(Claim).pk,
    }
    if "pk" in argument_names(pattern):
        values["pk"] = {
            "claims:article_detail": claim.article_id,
            "claims:job_status": objects["job"].pk,
        }.get(name, claim.pk)
    kwargs = {arg: str(values.get(arg, 1)) for arg in argument_names(pattern)}
    return reverse(name, kwargs=kwargs)


def fetch(client: Client, url: str, **headers):
    """GET, or POST for a POST-only view (empty form: the check must come first)."""
    response = client.get(url, **headers)
    if response.status_code == 405:
        response = client.post(url, **headers)
    return response


def test_the_walk_covers_the_workbench_and_the_admin():
    names = {name for name, _pattern in named_patterns()}
    assert {"claims:queue", "claims:verdict_add", "claims:export_csv", "login"} <= names
    assert {"admin:index", "admin:claims_claim_change", "password_change"} <= names
    assert len(names) > 60


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_anonymous_users_are_sent_to_login_on_every_url(client, objects, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for name, pattern in named_patterns():
        if name in PUBLIC:
            continue
        url = url_for(name, pattern, objects)
        response = fetch(client, url, **headers)
        assert response.status_code == 302, (name, url, response.status_code)
        assert response["Location"].startswith(("/accounts/login/", "/admin/login/")), name


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_user_without_a_role_is_refused_everywhere_but_login_and_password(
    client, outsider, objects, htmx
):
    client.force_login(outsider)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for name, pattern in named_patterns():
        if name in ROLELESS_OK:
            continue
        url = url_for(name, pattern, objects)
        response = fetch(client, url, **headers)
        if name.startswith("admin:"):
            # The admin sends non-staff users to its login page (its logout to its index,
            # which does the same); it never shows them a page.
            assert response.status_code in (302, 403), (name, url, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith("/admin/"), name
        else:
            assert response.status_code == 403, (name, url, response.status_code)
    assert not Claim.objects.exclude(assignee=None).exists()  # nothing was written
    assert objects["claim"].comments.count() == 0


def test_the_public_review_pages_show_nothing_unpublished_to_anyone(client, objects):
    """Open without login, yet the walk's claim (not published) is not there."""
    for name, pattern in named_patterns():
        if name in PUBLIC_REVIEWS:
            response = client.get(url_for(name, pattern, objects))
            assert response.status_code in (200, 404), name
            assert objects["claim"].content not in response.content.decode()


def test_the_403_page_says_why_in_the_sites_layout(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("claims:queue"))
    assert response.status_code == 403
    body = response.content.decode()
    assert 'class="topbar"' in body and "has no role in the workbench" in body
    # No navigation into pages the user cannot open.
    assert f'href="{reverse("claims:queue")}"' not in body
    assert reverse("password_change") in body


def test_every_role_can_read_every_page(client, reviewer, editor, objects):
    for user in (reviewer, editor):
        client.force_login(user)
        for name, pattern in named_patterns():
            if not name.startswith("claims:") or name in PUBLIC_REVIEWS:
                continue  # a review page answers 404 for the walk's unpublished claim
            response = client.get(url_for(name, pattern, objects))
            assert response.status_code in (200, 405), (user, name, response.status_code)


def test_a_reviewer_may_add_articles_but_a_roleless_user_may_not(client, reviewer, outsider):
    client.force_login(outsider)
    assert client.get(reverse("claims:article_add")).status_code == 403
    text = "The minister said that 40 schools had closed in the north of the country."
    assert client.post(reverse("claims:article_add"), {"text": text}).status_code == 403
    client.force_login(reviewer)
    assert client.get(reverse("claims:article_add")).status_code == 200


def test_groups_grant_the_read_permission(db):
    for name in ("reviewer", "editor", "admin"):
        perms = Group.objects.get(name=name).permissions.values_list("codename", flat=True)
        assert "view_claim" in perms, name


def test_error_pages_render_without_a_request():
    for name in ("400.html", "500.html"):
        html = loader.get_template(name).render()
        assert 'class="topbar"' in html and "<h1>" in html


def test_server_errors_get_the_styled_page(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_unknown_pages_get_the_styled_404(reviewer_client):
    response = reviewer_client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'class="topbar"' in response.content.decode()


# Login throttling


def attempt(client: Client, username: str, password: str, *, path="/accounts/login/", ip):
    return client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR=ip, follow=False
    )


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_wrong_passwords_block_the_account_even_for_the_right_one(client, editor, path, settings):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit):
        response = attempt(client, "ed", "wrong guess", path=path, ip="10.0.0.1")
        assert response.status_code in (200, 429)
    response = attempt(client, "ed", "correct horse battery", path=path, ip="10.0.0.1")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many failed logins" in body and "15 minutes" in body
    assert 'class="topbar"' in body
    assert "_auth_user_id" not in client.session
    # The same account from another address is blocked too (per username) …
    other = Client()
    assert (
        attempt(other, "ed", "correct horse battery", path=path, ip="10.0.0.2").status_code == 429
    )


def test_one_address_guessing_many_accounts_is_blocked_but_others_are_not(
    client, reviewer, editor, settings
):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"nobody{n}", "wrong guess", ip="10.0.0.9")
    assert attempt(client, "rita", "correct horse battery", ip="10.0.0.9").status_code == 429
    # Another user from another address logs in as usual.
    other = Client()
    response = attempt(other, "ed", "correct horse battery", ip="10.0.0.3")
    assert response.status_code == 302 and "_auth_user_id" in other.session


def test_a_few_mistakes_then_the_right_password_logs_in(client, reviewer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "rita", "typo", ip="10.0.0.4")
    response = attempt(client, "rita", "correct horse battery", ip="10.0.0.4")
    assert response.status_code == 302 and "_auth_user_id" in client.session


# Passwords


def test_a_user_changes_their_password_and_numeric_ones_are_refused(client, outsider):
    client.force_login(outsider)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and 'class="topbar"' in page.content.decode()
    refused = client.post(
        reverse("password_change"),
        {
            "old_password": "correct horse battery",
            "new_password1": "4815162342108",
            "new_password2": "4815162342108",
        },
    )
    assert refused.status_code == 200
    assert "entirely numeric" in refused.content.decode()
    done = client.post(
        reverse("password_change"),
        {
            "old_password": "correct horse battery",
            "new_password1": "a newsroom's long passphrase",
            "new_password2": "a newsroom's long passphrase",
        },
    )
    assert done.status_code == 302 and done["Location"] == reverse("password_change_done")
    outsider.refresh_from_db()
    assert outsider.check_password("a newsroom's long passphrase")


def test_the_user_menu_links_to_the_password_change(reviewer_client):
    body = reviewer_client.get(reverse("claims:dashboard")).content.decode()
    assert f'href="{reverse("password_change")}"' in body


# Production settings


def production_env(**overrides) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("SECURE_", "DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
        )
    }
    env.update({"DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), **overrides})
    return env


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(FACTCHECK_VAR_DIR=str(tmp_path)),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "key",
    [
        "change-me-in-production",
        "change-me",
        "dev-only-insecure-key-do-not-use-in-production",
        "short-but-random-8Hq2",
        "ab" * 40,
    ],
)
def test_production_refuses_placeholder_and_weak_secret_keys(key, tmp_path):
    result = manage("check", env=production_env(SECRET_KEY=key, FACTCHECK_VAR_DIR=str(tmp_path)))
    assert result.returncode != 0
    assert "SECRET_KEY is unsafe" in result.stderr
