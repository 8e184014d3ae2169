"""The verdict CSV: the queue's selection, a documented column contract, formula-safe cells."""

import csv
import io
from datetime import UTC

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import csv_export, ingest, services
from claims.models import Claim
from tests import factories

EXPORT = reverse("claims:export_csv")


def download(client, query: str = "") -> bytes:
    response = client.get(f"{EXPORT}?{query}" if query else EXPORT)
    assert response.status_code == 200, response.content[:500]
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    return b"".join(response.streaming_content)


def table(data: bytes, delimiter: str = ",") -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8")), delimiter=delimiter))


def export(**options) -> bytes:
    options = csv_export.ExportOptions(**{"filters": {"status": "all"}, **options})
    return b"".join(csv_export.export_chunks(options, user=None))


def with_verdict(reviewer, slug="false", **fields):
    claim = factories.ClaimFactory(**fields)
    factories.verdict(claim, reviewer, slug=slug, rationale="Checked.")
    claim.refresh_from_db()
    return claim


@pytest.fixture
def seed(db, seed_text, reviewer, editor):
    """The seed article, its Washington claim with evidence, a verdict, and published."""
    article, _ = services.article_create(
        text_in=ingest.text_from_plain(seed_text, title="Corée du Nord", language="fr"),
        url="https://example.org/coree",
        enqueue=False,
    )
    services.article_extract_claims(article_id=article.pk)
    claim = article.claims.get(source_text="Washington")
    services.evidence_add(
        claim=claim, url="https://www.state.gov/statement", stance="supports", user=reviewer
    )
    factories.suggestion(claim, url="https://example.org/not-yet-accepted")
    services.verdict_record(
        claim=claim,
        rating=factories.rating("mostly-true"),
        attribution_check="confirmed",
        rationale="Pentagon figures.",
        user=reviewer,
    )
    services.claim_transition(claim=claim, to="published", user=editor)
    return claim


def test_washington_claim_row_has_every_documented_column(seed, reviewer_client):
    rows = table(download(reviewer_client, "status=all"))
    assert list(rows[0]) == csv_export.NAMES
    assert len(rows) == 1  # only the claim with a verdict
    row = rows[0]
    assert row["schema_version"] == str(csv_export.SCHEMA_VERSION)
    assert row["claim_id"] == str(seed.pk) and row["status"] == "published"
    assert row["source_text"] == "Washington" and row["cue"] == "selon"
    assert row["kind"] == "according_to"
    assert row["claimant"] == "United States (government)"
    assert row["quantities"] == "more than 10,000 soldats"
    assert row["rating"] == "Mostly true" and row["rating_slug"] == "mostly-true"
    assert (row["rating_value"], row["rating_best"], row["rating_worst"]) == ("4", "5", "1")
    assert row["attribution_check"] == "confirmed" and row["reviewer"] == "rita"
    assert row["rationale"] == "Pentagon figures."
    assert row["published_by"] == "ed"
    published = seed.events.filter(action="status").latest("created_at").created_at
    assert row["published_at"] == published.astimezone(UTC).isoformat(timespec="seconds")
    verdict_at = seed.verdicts.get().created_at.astimezone(UTC)
    assert row["verdict_at"] == verdict_at.isoformat(timespec="seconds")  # 2026-…T…+00:00
    # A suggestion nobody accepted is not evidence.
    assert row["evidence_urls"] == "https://www.state.gov/statement"
    assert row["article_url"] == "https://example.org/coree"
    assert row["article_title"] == "Corée du Nord" and row["language"] == "fr"


def test_labels_and_quantities_follow_the_export_language(seed, reviewer_client):
    reviewer_client.cookies["django_language"] = "fr"
    row = table(download(reviewer_client, "status=all"))[0]
    assert row["rating"] == "Plutôt vrai"
    assert row["quantities"] == "plus de 10\u00a0000 soldats"


def test_numbers_are_written_as_numbers_and_text_quoted(seed, reviewer_client):
    line = download(reviewer_client, "status=all").decode().split("\r\n")[1]
    assert line.startswith(f'1,{seed.pk},"published",')
    assert ',"mostly-true",4,5,1,"confirmed",' in line


def test_export_applies_the_queue_filters(reviewer, reviewer_client):
    according = with_verdict(reviewer, kind="according_to")
    with_verdict(reviewer, kind="direct")
    rows = table(download(reviewer_client, "status=all&kind=according_to"))
    assert [r["claim_id"] for r in rows] == [str(according.pk)]


def test_default_export_is_the_default_queue_open_claims_with_a_verdict(
    reviewer, editor, reviewer_client
):
    given = with_verdict(reviewer)
    published = with_verdict(reviewer)
    services.claim_transition(claim=published, to="published", user=editor)
    factories.ClaimFactory()  # no verdict
    assert [r["claim_id"] for r in table(download(reviewer_client))] == [str(given.pk)]


def test_all_claims_includes_those_without_a_verdict_and_dismissal_reasons(
    reviewer, reviewer_client
):
    rated = with_verdict(reviewer)
    dismissed = factories.ClaimFactory()
    services.claim_transition(claim=dismissed, to="dismissed", reason="Opinion", user=reviewer)
    rows = {r["claim_id"]: r for r in table(download(reviewer_client, "status=all&scope=all"))}
    assert set(rows) == {str(rated.pk), str(dismissed.pk)}
    gone = rows[str(dismissed.pk)]
    assert gone["status"] == "dismissed" and gone["dismissed_reason"] == "Opinion"
    assert gone["verdict_id"] == gone["rating"] == gone["rating_value"] == ""
    assert rows[str(rated.pk)]["dismissed_reason"] == ""


def test_history_has_one_row_per_verdict_with_who_and_when(reviewer, editor, reviewer_client):
    claim = with_verdict(reviewer, slug="false")
    factories.verdict(claim, editor, slug="mostly-true", rationale="New source.")
    other = with_verdict(reviewer)
    rows = table(download(reviewer_client, "status=all&shape=history&sort=old"))
    assert list(rows[0]) == [c.name for c in csv_export.HISTORY_COLUMNS]
    mine = [r for r in rows if r["claim_id"] == str(claim.pk)]
    assert [(r["rating_slug"], r["reviewer"]) for r in mine] == [
        ("false", "rita"),
        ("mostly-true", "ed"),
    ]
    assert [(r["verdict_version"], r["is_current"]) for r in mine] == [("1", "0"), ("2", "1")]
    assert mine[0]["verdict_at"] <= mine[1]["verdict_at"]
    assert [r["is_current"] for r in rows if r["claim_id"] == str(other.pk)] == ["1"]


def test_current_shape_keeps_only_the_latest_verdict(reviewer, editor, reviewer_client):
    claim = with_verdict(reviewer, slug="false")
    factories.verdict(claim, editor, slug="mostly-true", rationale="New source.")
    rows = table(download(reviewer_client, "status=all"))
    assert [(r["claim_id"], r["rating_slug"]) for r in rows] == [(str(claim.pk), "mostly-true")]


def test_published_only_export(reviewer, editor, reviewer_client):
    with_verdict(reviewer)
    published = with_verdict(reviewer)
    services.claim_transition(claim=published, to="published", user=editor)
    response = reviewer_client.get(f"{EXPORT}?published=1")
    assert "verdicts-published-" in response["Content-Disposition"]
    rows = table(b"".join(response.streaming_content))
    assert [r["claim_id"] for r in rows] == [str(published.pk)]


@pytest.mark.parametrize(
    "query, named",
    [
        ("kind=bogus", "kind"),
        ("published=1&status=new", "published"),
        ("bom=yes", "bom"),
        ("shape=wide", "shape"),
        ("cw_min=2", "cw_min"),
        ("rating=nope", "rating"),
    ],
)
def test_invalid_parameter_gets_a_400_page_naming_it(reviewer_client, query, named):
    response = reviewer_client.get(f"{EXPORT}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert f"<li>{named}:" in response.content.decode()


def test_outsider_cannot_export(client, outsider):
    client.force_login(outsider)
    assert client.get(EXPORT).status_code == 403


def test_bom_only_when_asked(reviewer, reviewer_client):
    with_verdict(reviewer)
    assert not download(reviewer_client).startswith(b"\xef\xbb\xbf")
    with_bom = download(reviewer_client, "bom=1")
    assert with_bom.startswith(b"\xef\xbb\xbfschema_version,")
    assert download(reviewer_client, "bom=0") == with_bom[3:]


@pytest.mark.parametrize(
    "query, options",
    [
        ("", []),
        ("status=all&kind=indirect&bom=1", ["--status", "all", "--kind", "indirect", "--bom"]),
        ("status=all&shape=history&scope=all", ["--status=all", "--shape=history", "--scope=all"]),
        ("published=1&sort=old", ["--published", "--sort", "old"]),
        ("status=all&has_quantity=on", ["--status", "all", "--has-quantity"]),
    ],
)
def test_command_writes_the_same_bytes_as_the_download(
    seed, reviewer, reviewer_client, tmp_path, query, options
):
    with_verdict(reviewer)
    factories.ClaimFactory()
    out = tmp_path / "verdicts.csv"
    call_command("export_verdicts", "--out", str(out), *options)
    assert out.read_bytes() == download(reviewer_client, query)


def test_command_takes_the_language_and_refuses_bad_options(seed, reviewer_client, tmp_path):
    out = tmp_path / "fr.csv"
    call_command("export_verdicts", "--out", str(out), "--status", "all", "--lang", "fr")
    reviewer_client.cookies["django_language"] = "fr"
    assert out.read_bytes() == download(reviewer_client, "status=all")
    with pytest.raises(CommandError, match="kind"):
        call_command("export_verdicts", "--out", str(out), "--kind", "bogus")
    with pytest.raises(CommandError, match="--lang"):
        call_command("export_verdicts", "--out", str(out), "--lang", "de")
    with pytest.raises(CommandError, match="--user"):
        call_command("export_verdicts", "--out", str(out), "--assignee", "mine")
    with pytest.raises(CommandError, match="cannot write"):
        call_command("export_verdicts", "--out", str(tmp_path / "missing" / "x.csv"))


def test_queue_export_links_carry_the_current_filters(reviewer, reviewer_client):
    with_verdict(reviewer)
    page = reviewer_client.get(reverse("claims:queue") + "?kind=direct&status=new&page=2")
    html = page.content.decode()
    assert f'href="{EXPORT}?kind=direct&amp;status=new"' in html
    assert f'href="{EXPORT}?kind=direct&amp;status=new&amp;shape=history"' in html
    # Published-only replaces the status filter (they cannot combine).
    assert f'href="{EXPORT}?kind=direct&amp;published=1"' in html
    fragment = reviewer_client.get(
        reverse("claims:queue") + "?kind=mixed", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f'href="{EXPORT}?kind=mixed"' in fragment


def test_query_count_does_not_grow_with_rows(reviewer, editor, django_assert_max_num_queries):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert export(history=True)
            assert export()
        return len(captured)

    def add(n):
        for _ in range(n):
            claim = with_verdict(reviewer, quantities=[{"value": 3, "qualifier": "about"}])
            services.evidence_add(
                claim=claim, url=f"https://example.org/{claim.pk}", stance="supports", user=reviewer
            )
            services.claim_transition(claim=claim, to="published", user=editor)
            factories.verdict(factories.ClaimFactory(), editor)

    add(2)
    few = queries()
    add(25)
    assert queries() == few
    with django_assert_max_num_queries(4):
        export(history=True)


# OWASP's CSV-injection vectors, and what hides them from a first-character check.
VECTORS = ["=", "+", "-", "@", "\t", "\r", "\n", "\0", "\0=", " =", '"=', "\t=", "\r\n="]
FORMULA_START = tuple("=+-@")


def live_formula(cell: str) -> bool:
    return cell.lstrip(' "\0\t\r\n').startswith(FORMULA_START) and not cell.startswith("'")


def written(text: str) -> bytes:
    """One text cell through the export's cell rule and writer."""
    header, cells = ["claim_id", "content"], [[1, csv_export.neutralise(text)]]
    return b"".join(csv_export.writer.csv_chunks(header, cells, bom=False, lang="en"))


@pytest.mark.parametrize("vector", VECTORS)
def test_formula_vector_is_neutralised_and_round_trips(vector):
    text = vector + 'HYPERLINK("http://evil";"x")'
    cell = table(written(text))[0]["content"]
    # Read back as written, behind an apostrophe (and one after an inner line break).
    assert cell.startswith("'" + vector[0])
    assert cell.replace("'", "") == text
    for line in written(text).decode().splitlines():
        for part in next(csv.reader([line], delimiter=";"), []):
            assert not live_formula(part), (vector, part)


@pytest.mark.parametrize("vector", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_hostile_claim_text_is_neutralised_in_the_export(reviewer, vector):
    text = vector + "SUM(1+1)"
    with_verdict(reviewer, content=text, content_start=0, content_end=5)
    assert table(export())[0]["content"] == "'" + text


@pytest.mark.parametrize(
    "text",
    [
        "x;=2+3",
        "x; =2+3",
        'x;"=2+3',
        "x;;@SUM(A1)",
        "figures:\n-2 % in a year\n+3 % the next",
        "a\r\n=1+1",
        "a;\t=1+1",
    ],
)
def test_no_live_formula_when_a_spreadsheet_splits_on_semicolons(reviewer, text):
    with_verdict(reviewer, content=text, content_start=0, content_end=1)
    data = export()
    comma = table(data)[0]["content"]
    assert comma.replace("'", "") == text  # only apostrophes were added
    for line in data.decode().splitlines():
        for cell in next(csv.reader([line], delimiter=";"), []):
            assert not live_formula(cell), (text, cell)


def test_text_with_quotes_commas_and_line_breaks_round_trips(reviewer):
    text = 'He said "yes", then\nleft; really'
    with_verdict(reviewer, content=text, content_start=0, content_end=4)
    assert table(export())[0]["content"] == text


def test_neutralise_leaves_plain_text_and_numbers_in_words_alone():
    assert csv_export.neutralise("plain") == "plain"
    assert csv_export.neutralise("") == "" and csv_export.neutralise(None) == ""
    assert csv_export.neutralise("10 000 soldats") == "10 000 soldats"
    assert csv_export.neutralise("-5 %") == "'-5 %"


def test_every_column_is_documented():
    for column in csv_export.HISTORY_COLUMNS:
        assert column.meaning and column.type and column.example, column
    assert len(set(csv_export.NAMES)) == len(csv_export.NAMES)
    assert csv_export.NAMES[0] == "schema_version"
    table_text = csv_export.columns.markdown_table(csv_export.HISTORY_COLUMNS)
    assert table_text.count("\n") == len(csv_export.HISTORY_COLUMNS) + 1


def test_status_values_match_the_model():
    # The contract lists the statuses; a new one needs a new schema_version.
    status = next(c for c in csv_export.COLUMNS if c.name == "status")
    assert all(value in status.meaning for value in Claim.Status.values)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_fast_number_format_matches_the_claim_page(lang):
    from django.utils import translation

    from claims.display import number

    fast = csv_export.rows.number_formatter(lang)
    with translation.override(lang):
        for value in (0, 7, 999, 1000, 10000, -12500, 3000000.0, 12.5, 1234.75, 0.25):
            assert fast(value) == number(value), value
