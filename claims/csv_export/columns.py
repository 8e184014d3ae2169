"""The CSV column contract: each column's name, type, meaning and an example.

Adding a column at the end is compatible; renaming, removing, reordering or changing what a
column means is not and bumps SCHEMA_VERSION. The README table is `markdown_table()`.
"""

from typing import NamedTuple

SCHEMA_VERSION = 1


class Column(NamedTuple):
    name: str
    type: str
    meaning: str
    example: str


COLUMNS = [
    Column("schema_version", "integer", "Version of this column contract", "1"),
    Column("claim_id", "integer", "The claim's id in the workbench", "4812"),
    Column(
        "status",
        "text",
        "Workflow status: new, in_review, verdict_given, published or dismissed",
        "published",
    ),
    Column("dismissed_reason", "text", "Why the claim was dismissed (empty otherwise)", "Opinion"),
    Column("content", "text", "What is asserted, as the article words it", "l'envoi de plus…"),
    Column("sentence", "text", "The whole sentence the claim comes from", "… selon Washington, …"),
    Column("claimant", "text", "Who the claim is attributed to, normalised", "United States"),
    Column("source_text", "text", "The source as the article writes it", "Washington"),
    Column("cue", "text", "The attribution cue", "selon"),
    Column(
        "kind",
        "text",
        "direct, indirect, mixed, according_to or unattributed",
        "according_to",
    ),
    Column(
        "quantities",
        "text",
        "The numbers in the claim, readable in the export's language, ` | ` between them",
        "more than 10,000 soldats",
    ),
    Column("checkworthiness", "decimal 0–1", "Check-worthiness score", "0.734"),
    Column("language", "text", "The article's language (fr, en)", "fr"),
    Column("article_id", "integer", "The article's id in the workbench", "311"),
    Column("article_title", "text", "The article's title", "Corée du Nord"),
    Column("article_url", "text", "The article's URL (may be empty)", "https://example.org/a"),
    Column(
        "article_published_at",
        "ISO 8601 date-time",
        "When the article was published (may be empty)",
        "2026-11-04T08:30:00+00:00",
    ),
    Column("verdict_id", "integer", "The verdict's id (empty without a verdict)", "977"),
    Column("rating", "text", "The rating's label in the export's language", "Mostly true"),
    Column("rating_slug", "text", "The rating's stable key", "mostly-true"),
    Column("rating_value", "integer", "The rating's value on the scale", "4"),
    Column("rating_best", "integer", "The scale's best value", "5"),
    Column("rating_worst", "integer", "The scale's worst value", "1"),
    Column(
        "attribution_check",
        "text",
        "Was the attribution right: confirmed, misattributed or unverifiable",
        "confirmed",
    ),
    Column("rationale", "text", "The reviewer's reasoning", "Pentagon figures."),
    Column("reviewer", "text", "Username of who recorded the verdict", "rita"),
    Column("verdict_at", "ISO 8601 date-time", "When the verdict was recorded", "2026-11-05T…"),
    Column(
        "published_by",
        "text",
        "Username of the editor who published the claim (empty unless published)",
        "eddie",
    ),
    Column("published_at", "ISO 8601 date-time", "When it was published", "2026-11-06T…"),
    Column(
        "evidence_urls",
        "text",
        "Accepted evidence URLs, oldest first, separated by spaces",
        "https://www.state.gov/s",
    ),
]

# The history shape: one row per verdict, superseded ones included.
HISTORY_COLUMNS = [
    *COLUMNS,
    Column("verdict_version", "integer", "1 for the claim's first verdict, 2 for the next…", "2"),
    Column("is_current", "integer 0/1", "1 for the claim's current (latest) verdict", "1"),
]

NAMES = [column.name for column in COLUMNS]
HISTORY_NAMES = [column.name for column in HISTORY_COLUMNS]


def markdown_table(columns: list[Column]) -> str:
    lines = ["| column | meaning | type | example |", "|---|---|---|---|"]
    for column in columns:
        cells = (f"`{column.name}`", column.meaning, column.type, f"`{column.example}`")
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)
