"""The reviewer's day in a real browser: Playwright driving Debian's Chromium."""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from claims import ingest, reader, services
from claims.models import Claim, Verdict
from tests import factories
from tests.bulk import large_article
from tests.services_plugin import in_ci

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if in_ci():
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip("Chromium is not installed")
    # The sync Playwright API runs an event loop in this thread; the ORM calls the tests
    # make around it are ordinary synchronous code.
    # Only while this module's browser runs: subprocesses started by other tests (a
    # deployment check among them) must not inherit it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Reported to the console by the page itself, so that the test sees every violation.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@pytest.fixture
def pages(browser, request):
    """New browser contexts (one per user), 1400 px wide like a desk screen. A test that
    passes still fails when a page logged a console error, a script error or a Content
    Security Policy violation; screenshots are kept when the test fails."""
    opened, problems = [], []

    def new_page():
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        page.set_default_timeout(15_000)

        def on_console(msg):
            # A page answered with its own status (a 409 conflict page, a 403) is what the
            # test asked for; anything else logged as an error is a problem.
            own_status = msg.text.startswith("Failed to load resource") and (
                msg.location.get("url") == page.url
            )
            if msg.type == "error" and not own_status:
                problems.append(f"{msg.text} ({msg.location.get('url') or page.url})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(f"script error: {error} ({page.url})"))
        opened.append(page)
        return page

    yield new_page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for n, page in enumerate(opened):
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{n}.png"), full_page=True)
    for page in opened:
        page.context.close()
    if report is not None and report.passed:
        assert not problems, "the browser reported:\n" + "\n".join(problems)


def login(page, base, username, password="correct horse battery"):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.fixture
def seed_article(migrated_data, seed_text):
    article, _ = services.article_create(
        text_in=ingest.text_from_plain(seed_text, title="Corée du Nord", language="fr"),
        enqueue=False,
    )
    services.article_extract_claims(article_id=article.pk)
    return article


@pytest.fixture
def people(migrated_data):
    reviewer = factories.UserFactory(username="rita")
    reviewer.groups.add(Group.objects.get(name="reviewer"))
    editor = factories.UserFactory(username="ed", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    return reviewer, editor


def test_reviewer_checks_the_washington_claim_and_editor_publishes(
    live_server, pages, seed_article, people
):
    base = live_server.url
    page = pages()
    login(page, base, "rita")
    page.goto(f"{base}/articles/{seed_article.pk}/")
    page.get_by_text("plus de 10 000 soldats", exact=False).first.click()
    panel = page.locator("#claim-panel")
    panel.get_by_text("Washington", exact=True).wait_for()
    assert "United States (government)" in panel.inner_text()
    panel.get_by_role("link", name="Open to review").click()
    page.wait_for_url(re.compile(r"/claims/\d+/$"))
    claim = Claim.objects.get(article=seed_article, source_text="Washington")

    page.fill("#evidence #id_url", "https://www.state.gov/north-korean-troops")
    page.select_option("#evidence #id_stance", "supports")
    page.fill("#evidence #id_note", "State Department briefing")
    page.click("#evidence button[type=submit]")
    page.locator("#evidence").get_by_text("https://www.state.gov/north-korean-troops").wait_for()

    page.select_option("#verdict #id_rating", label="Mostly true")
    page.check("#verdict input[name=attribution_check][value=confirmed]")
    page.fill("#verdict #id_rationale", "US officials gave the figure on record.")
    page.click("#verdict button[type=submit]")
    page.locator("#verdict").get_by_text("Verdict recorded.").wait_for()
    assert Verdict.objects.get(claim=claim).attribution_check == "confirmed"

    page.goto(f"{base}/queue/?status=verdict_given")
    assert page.locator(f'a[href="/claims/{claim.pk}/"]').count() == 1
    with page.expect_download() as download:
        page.click("text=Export verdicts (CSV)")
    csv_text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "US officials gave the figure on record." in csv_text

    editor_page = pages()
    login(editor_page, base, "ed")
    editor_page.goto(f"{base}/claims/{claim.pk}/")
    editor_page.click("details.confirm-published summary")  # publishing is confirmed
    editor_page.click("button.to-published")
    editor_page.locator(".status-published").first.wait_for()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED


def test_scrolling_the_reader_appends_the_next_section_and_its_claims(live_server, pages, people):
    """Real browser: the next section arrives on scroll with its claims, its passages
    open the side panel, and the claim page's link lands on the claim's section."""
    article = large_article(chars=40_000, title="Scrolled")
    base = live_server.url
    page = pages()
    login(page, base, "rita")
    page.goto(f"{base}/articles/{article.pk}/")
    first_count = page.locator("#section-claims li").count()
    page.locator("#next-section").scroll_into_view_if_needed()
    page.locator("#section-2").wait_for()
    assert page.locator("#section-1").count() == 1  # appended under it, not a new page
    assert page.locator("#section-claims li").count() > first_count
    _article, second = reader.article_section(article.pk, 2)
    claim = article.claims.filter(content_start__gte=second.start).order_by("content_start")[3]
    page.locator(f'#section-2 a.hl[data-claim="{claim.pk}"]').first.click()
    page.locator("#claim-panel").get_by_text(claim.content).wait_for()

    page.goto(f"{base}/claims/{claim.pk}/")
    page.get_by_role("link", name=f"← {article.title}").click()
    page.wait_for_url(re.compile(rf"\?claim={claim.pk}#claim-{claim.pk}$"))
    assert page.locator("#section-2").count() == 1 and page.locator("#section-1").count() == 0


def test_second_reviewer_saving_a_stale_form_sees_the_conflict(
    live_server, pages, seed_article, people
):
    base = live_server.url
    claim = seed_article.claims.get(source_text="Washington")
    first, second = pages(), pages()
    login(first, base, "rita")
    login(second, base, "ed")
    for page in (first, second):
        page.goto(f"{base}/claims/{claim.pk}/")
        page.click("summary")  # open "Correct the attribution"
    first.fill("#id_claimant", "US Department of Defense")
    first.click("text=Save attribution")
    first.get_by_text("Attribution saved.").wait_for()

    second.fill("#id_claimant", "White House")
    second.click("text=Save attribution")
    conflict = second.locator(".conflict")
    conflict.wait_for()
    assert "changed by rita while you were editing" in conflict.inner_text()
    assert "US Department of Defense" in conflict.inner_text()
    claim.refresh_from_db()
    assert claim.claimant.name == "US Department of Defense"


def test_keyboard_shortcuts_move_open_assign_and_show_help(
    live_server, pages, seed_article, people
):
    base = live_server.url
    page = pages()
    login(page, base, "rita")
    page.goto(f"{base}/queue/?sort=cw")
    page.keyboard.press("?")
    assert page.locator("dialog#shortcuts").is_visible()
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    page.keyboard.press("j")
    second = page.locator("#queue-table tbody tr").nth(1)
    assert "current" in second.get_attribute("class")
    claim_id = int(second.get_attribute("data-claim"))
    page.keyboard.press("a")  # assigns, and the reviewer stays on the queue
    page.locator("p.message.success", has_text=f"Claim #{claim_id} is assigned").wait_for()
    assert "/queue/" in page.url
    assert Claim.objects.get(pk=claim_id).assignee.username == "rita"
    page.goto(f"{live_server.url}/claims/{claim_id}/")
    page.keyboard.press("v")
    assert page.evaluate("document.activeElement.id") == "id_rating"


def test_reviewer_works_in_french_from_the_dashboard(live_server, pages, seed_article, people):
    base = live_server.url
    reviewer, editor = people
    claim = Claim.objects.get(article=seed_article, source_text="Washington")
    services.claim_assign(claim=claim, assignee=reviewer, user=reviewer)
    suggestion = factories.suggestion(claim, score=0.8)
    other = Claim.objects.filter(article=seed_article).exclude(pk=claim.pk).first()
    services.verdict_record(
        claim=other,
        rating=factories.rating("false"),
        rationale="Démenti officiel.",
        attribution_check="confirmed",
        user=editor,
    )

    page = pages()
    page.goto(f"{base}/accounts/login/")
    page.select_option("form.language select", "fr")
    page.click("form.language button")
    page.get_by_role("heading", name="Se connecter").wait_for()
    page.fill("#id_username", "rita")
    page.fill("#id_password", "correct horse battery")
    page.click("main button[type=submit]")
    page.get_by_role("heading", name="Tableau de bord").wait_for()
    assert page.locator("#charts svg rect").count() >= 1  # the verdict chart is drawn
    page.locator("#my-queue").get_by_role("link").first.click()
    page.wait_for_url(f"{base}/claims/{claim.pk}/")

    page.evaluate("window.stillThisPage = true")  # gone if the page reloads
    page.locator("#evidence").get_by_role("button", name="Accepter").click()
    page.locator("#evidence li.evidence:not(.suggested)").get_by_text("accepté").wait_for()
    page.fill("#comments textarea", "La dépêche AFP confirme le chiffre.")
    page.locator("#comments").get_by_role("button", name="Commenter").click()
    page.locator("#comments").get_by_text("La dépêche AFP confirme le chiffre.").wait_for()
    assert page.evaluate("window.stillThisPage") is True
    suggestion.refresh_from_db()
    assert suggestion.accepted is True and claim.comments.count() == 1


def test_reviewer_accepts_a_demo_report_and_the_verdict_form_counts_it(
    live_server, pages, migrated_data, settings
):
    from django.core.management import call_command

    settings.CORROBORATE_SEARCH_SOURCES = False
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    claim = Claim.objects.get(source_text="Washington")
    base = live_server.url
    page = pages()
    login(page, base, "reviewer", "review-demo-2024")
    page.goto(f"{base}/claims/{claim.pk}/")
    page.locator(".flag-conflict").wait_for()
    suggestions = page.locator("#evidence li.evidence.suggested")
    assert suggestions.count() >= 3
    assert page.locator("#evidence .hint-quantity_conflict").count() >= 1
    assert page.locator("#evidence .hint-quantity_match").count() >= 1
    count = page.locator("#evidence-count")
    assert count.inner_text().strip().startswith("0 ")
    match = page.locator(
        "#evidence li.evidence.suggested", has=page.locator(".hint-quantity_match")
    )
    match.first.get_by_role("button", name="Accept").click()
    page.locator("#evidence-count", has_text="1 accepted piece of evidence").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "claim-suggestions.png"), full_page=True)
    assert claim.evidence.filter(accepted=True).count() == 1


def test_actions_follow_the_role_and_consequential_ones_are_confirmed(
    live_server, pages, seed_article, people
):
    """Real browser: the reviewer sees no Publish; taking over the editor's claim needs
    the box ticked; the editor assigns through the form and confirms publishing."""
    reviewer, editor = people
    claim = Claim.objects.get(article=seed_article, source_text="Washington")
    factories.verdict(claim, editor)
    services.claim_assign(claim=claim, assignee=editor, user=editor)
    base = live_server.url

    page = pages()
    login(page, base, "rita")
    page.goto(f"{base}/claims/{claim.pk}/")
    workflow = page.locator("#workflow")
    assert workflow.get_by_text("Publish").count() == 0
    assert workflow.get_by_role("button", name="Dismiss").is_visible()
    workflow.get_by_text("Assigned to ed — take it over?").wait_for()
    workflow.get_by_role("button", name="Take it over").click()  # box not ticked
    assert page.evaluate("document.querySelector('input[name=takeover]').validity.valid") is False
    claim.refresh_from_db()
    assert claim.assignee == editor
    workflow.get_by_label("Assigned to ed — take it over?").check()
    workflow.get_by_role("button", name="Take it over").click()
    page.get_by_text("You took the claim over from ed.").wait_for()
    claim.refresh_from_db()
    assert claim.assignee == reviewer

    editor_page = pages()
    login(editor_page, base, "ed")
    editor_page.goto(f"{base}/claims/{claim.pk}/")
    editor_page.select_option("#assign-assignee", label="ed")
    editor_page.get_by_role("button", name="Assign", exact=True).click()
    editor_page.get_by_text("Assigned to ed.").wait_for()
    publish = editor_page.locator("button.to-published")
    assert not publish.is_visible()  # a first click only asks
    editor_page.get_by_text("Publish…").click()
    assert "Readers will see it" in editor_page.locator("details.confirm-published").inner_text()
    publish.click()
    editor_page.locator("p.message.success", has_text="Published.").wait_for()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED and claim.assignee == editor
    editor_page.get_by_text("Unpublish…").wait_for()


def test_reader_shows_the_claims_when_extraction_finishes_without_a_reload(
    live_server, pages, people, seed_text
):
    """The job finishes while the reader is open: the text and the list fill in by themselves."""
    article, _created = services.article_create(
        text_in=ingest.text_from_plain(seed_text, title="Pas encore extrait", language="fr"),
        enqueue=False,
    )
    job = article.jobs.get()
    base = live_server.url
    page = pages()
    login(page, base, "rita")
    page.goto(f"{base}/articles/{article.pk}/")
    page.locator(".claim-list").get_by_text("No claims yet.").wait_for()
    page.evaluate("window.__notReloaded = true")
    # What the worker does, while the page polls the job every two seconds.
    count = services.article_extract_claims(article_id=article.pk, job_id=job.pk)
    assert count > 0
    page.locator("#job-status.job-succeeded").wait_for()
    page.locator("#section-claims li").first.wait_for()
    assert page.locator(".reader-text a.hl").count() > 0
    assert page.locator(".claim-list .empty").count() == 0
    heading = page.locator(".claim-list h2").inner_text()
    assert heading.startswith(str(article.claims.count()))
    assert page.evaluate("window.__notReloaded") is True  # no page reload


def test_desk_pages_are_saved_as_screenshots(live_server, pages, seed_article, people):
    """Dashboard, queue, reader and claim page at 1400 px, kept under test-artifacts/ for
    whoever reviews the interface next (in English and in French)."""
    base = live_server.url
    page = pages()
    login(page, base, "rita")
    claim = seed_article.claims.order_by("-checkworthiness").first()
    ARTIFACTS.mkdir(exist_ok=True)
    for language in ("en", "fr"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
        for name, path in (
            ("dashboard", "/"),
            ("queue", "/queue/"),
            ("reader", f"/articles/{seed_article.pk}/"),
            ("claim", f"/claims/{claim.pk}/"),
        ):
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            target = ARTIFACTS / f"desk-{name}-{language}-1400.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000


def test_queue_keyboard_assigns_and_stays_select_all_and_paste_searches(
    live_server, pages, seed_article, people
):
    reviewer, _editor = people
    base = live_server.url
    page = pages()
    login(page, base, "rita")
    page.goto(f"{base}/queue/")
    first = page.locator("#queue-table tbody tr[data-claim]").first
    claim_pk = int(first.get_attribute("data-claim"))
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.locator("p.message.success", has_text=f"Claim #{claim_pk} is assigned").wait_for()
    assert page.url.startswith(f"{base}/queue/")
    assert Claim.objects.get(pk=claim_pk).assignee == reviewer

    page.locator("input[data-select-all]").check()
    boxes = page.locator("input[name=ids][form=bulk]")
    listed = boxes.count()
    assert listed > 1
    assert all(boxes.nth(i).is_checked() for i in range(listed))

    # Pasting fires no key event: the queue still filters.
    page.locator("#id_q").evaluate(
        "(box) => { box.value = 'Washington';"
        " box.dispatchEvent(new Event('input', {bubbles: true})); }"
    )
    page.wait_for_url("**q=Washington**")
    rows = page.locator("#queue-table tbody tr[data-claim]")
    rows.first.wait_for()
    assert 0 < rows.count() < listed


def test_desk_layout_is_dense_and_keeps_the_claim_beside_the_text(
    live_server, pages, seed_article, people
):
    """At 1400 px: one line per queue row; the reader's claim panel and the claim page's
    article passage stay in view beside the text while the page scrolls."""
    base = live_server.url
    page = pages()
    login(page, base, "rita")
    page.goto(f"{base}/queue/")
    rows = page.locator("#queue-table tbody tr[data-claim]")
    line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
    heights = [rows.nth(i).bounding_box()["height"] for i in range(rows.count())]
    assert heights and max(heights) < 2 * line, heights
    cell = rows.first.locator("td.cut a[title]").last
    assert cell.get_attribute("title").startswith(cell.inner_text().rstrip("…")[:20])

    page.goto(f"{base}/articles/{seed_article.pk}/")
    page.locator(".highlight-legend").wait_for()
    page.locator(".reader-text a.hl").first.click()
    panel = page.locator("#claim-panel .panel-claim")
    panel.wait_for()
    page.mouse.wheel(0, 1600)
    page.wait_for_function("window.scrollY > 1000")
    box = page.locator("#claim-panel").bounding_box()
    assert 0 <= box["y"] < 900, box  # still on screen after scrolling past the text
    text_box = page.locator(".article-text").bounding_box()
    assert box["x"] > text_box["x"] + text_box["width"] - 1  # beside the text, not under it

    claim = seed_article.claims.order_by("-checkworthiness").first()
    page.goto(f"{base}/claims/{claim.pk}/")
    aside = page.locator(".claim-aside")
    assert claim.content[:30] in aside.inner_text()
    page.mouse.wheel(0, 1500)
    page.wait_for_function("window.scrollY > 800")
    box = aside.bounding_box()
    assert 0 <= box["y"] < 900, box
    main_box = page.locator(".claim-main").bounding_box()
    assert box["x"] >= main_box["x"] + main_box["width"]
