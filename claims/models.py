from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class SourceKind(models.TextChoices):
    WIRE = "wire", _("News agency")
    NEWSPAPER = "newspaper", _("Newspaper")
    BROADCASTER = "broadcaster", _("Broadcaster")
    GOVERNMENT = "government", _("Government")
    NGO = "ngo", _("NGO")
    OTHER = "other", _("Other")


class Source(models.Model):
    Kind = SourceKind

    name = models.CharField(max_length=200, unique=True)
    domain = models.CharField(max_length=253, blank=True, help_text=_("Homepage domain"))
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWSPAPER)
    language = models.CharField(max_length=2, choices=Language.choices, blank=True)
    reliability_note = models.TextField(blank=True)
    search_url_template = models.CharField(
        max_length=500, blank=True, help_text=_("Search URL with {query} where the terms go")
    )
    fetch_interval_minutes = models.PositiveIntegerField(default=60)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(fetch_interval_minutes__gte=5), name="source_fetch_interval_min"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Feed(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="feeds")
    url = models.URLField(max_length=1000)
    # When a poll last ran (success or not), and when one last brought the feed back.
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    # Validators for the next conditional GET.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_error = models.TextField(blank=True)
    last_entry_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "url"], name="feed_unique_url")]

    def __str__(self) -> str:
        return self.url


class ClaimantKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")
    GROUP = "group", _("Group")
    OTHER = "other", _("Other")


class Claimant(models.Model):
    Kind = ClaimantKind

    name = models.CharField(max_length=300, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country_code = models.CharField(max_length=2, blank=True, help_text=_("ISO 3166 alpha-2"))
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClaimantAlias(models.Model):
    claimant = models.ForeignKey(Claimant, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300)
    # Lower-cased, accent-folded form used for lookups; unique so one alias names one claimant.
    normalized = models.CharField(max_length=300, unique=True, editable=False)

    class Meta:
        verbose_name_plural = "claimant aliases"

    def __str__(self) -> str:
        return self.alias


class ArticleStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for extraction")
    EXTRACTING = "extracting", _("Extracting")
    EXTRACTED = "extracted", _("Extracted")
    FAILED = "failed", _("Extraction failed")


class Article(models.Model):
    Status = ArticleStatus

    title = models.CharField(max_length=500, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=2, choices=Language.choices)
    text = models.TextField()
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ArticleStatus.values), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=[lang.value for lang in Language]),
                name="article_language_valid",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="article_text_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"


class Cluster(models.Model):
    label = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.label


class ClaimQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=[Claim.Status.PUBLISHED, Claim.Status.DISMISSED])

    def with_review_data(self):
        return self.select_related("article", "claimant", "assignee")

    def with_current_rating(self):
        latest = Verdict.objects.filter(claim=models.OuterRef("pk")).order_by("-created_at", "-id")
        return self.annotate(current_rating=models.Subquery(latest.values("rating__slug")[:1]))

    def with_current_rating_label(self, language: str):
        """The latest verdict's rating label, as `current_rating_label`, in one query."""
        latest = Verdict.objects.filter(claim=models.OuterRef("pk")).order_by("-created_at", "-id")
        field = "rating__label_fr" if language == "fr" else "rating__label_en"
        return self.annotate(current_rating_label=models.Subquery(latest.values(field)[:1]))


# The check-worthiness features the extractor stores, as the claim page names them.
CHECKWORTHINESS_REASONS = {
    "quantity": _("quantity"),
    "named entities": _("named entities"),
    "named source": _("named source"),
    "opinion or fear": _("opinion or fear"),
    "warning": _("warning"),
    "prediction": _("prediction"),
    "call to action": _("call to action"),
    "question": _("question"),
    "short": _("short"),
    "date": _("date"),
    "reported speech": _("reported speech"),
    "comparison": _("comparison"),
    "trend": _("trend"),
    "past tense": _("past tense"),
    "first person": _("first person"),
    "addresses the listener": _("addresses the listener"),
    "negation": _("negation"),
    "greeting or thanks": _("greeting or thanks"),
    "long statement": _("long statement"),
    "policy topic": _("policy topic"),
    "sweeping statement": _("sweeping statement"),
}


class ClaimKind(models.TextChoices):
    DIRECT = "direct", _("Direct quote")
    INDIRECT = "indirect", _("Indirect speech")
    MIXED = "mixed", _("Mixed")
    ACCORDING_TO = "according_to", _("According to")
    UNATTRIBUTED = "unattributed", _("Unattributed")


class ClaimStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    VERDICT_GIVEN = "verdict_given", _("Verdict given")
    PUBLISHED = "published", _("Published")
    DISMISSED = "dismissed", _("Dismissed")


class Claim(models.Model):
    Kind = ClaimKind
    Status = ClaimStatus

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    # Position in the article's extraction output; (article, index) makes re-runs idempotent.
    index = models.PositiveIntegerField()
    content_start = models.PositiveIntegerField()
    content_end = models.PositiveIntegerField()
    content = models.TextField()
    sentence = models.TextField(blank=True)
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    source_text = models.CharField(max_length=1000, blank=True)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    cue_text = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    claimant = models.ForeignKey(
        Claimant, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    quantities = models.JSONField(default=list, blank=True)
    entities = models.JSONField(default=list, blank=True)
    checkworthiness = models.FloatField(default=0.0)
    # The features behind the score ("quantity", "named source", "warning" …).
    checkworthiness_reasons = models.JSONField(default=list, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
    )
    dismissed_reason = models.TextField(blank=True)
    # Bumped by every reviewer edit: a form saved from an older version is a conflict.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "index"]
        permissions = [
            ("publish_claim", "Can publish a claim's verdict"),
            ("reassign_claim", "Can assign claims to other reviewers"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "index"], name="claim_unique_index"),
            models.CheckConstraint(
                condition=Q(content_end__gt=models.F("content_start")), name="claim_content_span"
            ),
            models.CheckConstraint(
                condition=(
                    Q(source_start__isnull=True, source_end__isnull=True)
                    | Q(
                        source_start__isnull=False,
                        source_end__isnull=False,
                        source_end__gt=models.F("source_start"),
                    )
                ),
                name="claim_source_span",
            ),
            models.CheckConstraint(
                condition=(
                    Q(cue_start__isnull=True, cue_end__isnull=True)
                    | Q(
                        cue_start__isnull=False,
                        cue_end__isnull=False,
                        cue_end__gt=models.F("cue_start"),
                    )
                ),
                name="claim_cue_span",
            ),
            models.CheckConstraint(condition=Q(kind__in=ClaimKind.values), name="claim_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0) & Q(checkworthiness__lte=1),
                name="claim_checkworthiness_range",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-checkworthiness"], name="claim_status_cw_idx"),
            models.Index(fields=["assignee", "status"], name="claim_assignee_status_idx"),
            models.Index(fields=["-created_at"], name="claim_created_idx"),
            # The queue's default order: a page is read off the index, never sorted.
            models.Index(
                fields=["-checkworthiness", "-created_at", "-id"], name="claim_queue_order_idx"
            ),
            # The reader loads one section's claims: a range of content_start in one article.
            models.Index(fields=["article", "content_start"], name="claim_article_start_idx"),
        ]

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def checkworthiness_reason_labels(self) -> list[str]:
        return [str(CHECKWORTHINESS_REASONS.get(r, r)) for r in self.checkworthiness_reasons]

    @property
    def current_verdict(self):
        """The latest verdict; prefetch `verdicts` to avoid a query per claim."""
        verdicts = list(self.verdicts.all())
        return max(verdicts, key=lambda v: (v.created_at, v.pk)) if verdicts else None


class ClaimEventAction(models.TextChoices):
    STATUS = "status", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    ATTRIBUTION = "attribution", _("Attribution edited")
    EVIDENCE = "evidence", _("Evidence added")
    EVIDENCE_REVIEWED = "evidence_reviewed", _("Suggested evidence reviewed")
    VERDICT = "verdict", _("Verdict recorded")
    SUGGESTED = "suggested", _("Reports suggested by a worker")


class ClaimEvent(models.Model):
    """The audit trail of a claim: append-only, never updated or deleted.

    `changes` maps each field to [before, after]. On PostgreSQL a trigger refuses UPDATE
    and DELETE on this table (migration 0005).
    """

    Action = ClaimEventAction

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    changes = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=ClaimEventAction.values), name="claim_event_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class Comment(models.Model):
    """A reviewer's note on a claim. Kept like history: never edited or deleted."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claim_comments"
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="comment_not_empty")]

    def __str__(self) -> str:
        return self.text[:80]


class ReportOrigin(models.TextChoices):
    FEED = "feed", _("Feed entry")
    SEARCH = "search", _("Source search")
    URL = "url", _("Fetched URL")
    FIXTURE = "fixture", _("Demo set")
    IMPORT = "import", _("Imported file")


class Report(models.Model):
    """A document fetched from a source: what corroboration searches."""

    Origin = ReportOrigin

    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    feed = models.ForeignKey(
        Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    # The canonical URL (fragment, tracking parameters and default ports removed).
    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    language = models.CharField(max_length=2, choices=Language.choices, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # sha256 of the whitespace-normalised title and text: the same story under two URLs.
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.FEED)
    fetched_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["-published_at"], name="report_published_idx"),
            models.Index(fields=["-fetched_at"], name="report_fetched_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=~Q(content_hash=""),
                name="report_unique_content",
            ),
            models.CheckConstraint(
                condition=Q(origin__in=ReportOrigin.values), name="report_origin_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class EvidenceStance(models.TextChoices):
    SUPPORTS = "supports", _("Supports")
    REFUTES = "refutes", _("Refutes")
    CONTEXT = "context", _("Context")
    INSUFFICIENT = "insufficient", _("Insufficient")


class EvidenceOrigin(models.TextChoices):
    REVIEWER = "reviewer", _("Added by a reviewer")
    SUGGESTED = "suggested", _("Suggested by a worker")


class EvidenceQuerySet(models.QuerySet):
    def conflicting(self):
        """Links whose report gives another figure, unless a reviewer rejected them."""
        return self.filter(conflict=True).exclude(accepted=False)


class Evidence(models.Model):
    Stance = EvidenceStance
    Origin = EvidenceOrigin

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    url = models.URLField(max_length=2000)
    note = models.TextField(blank=True)
    stance = models.CharField(max_length=20, choices=Stance.choices)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.REVIEWER)
    score = models.FloatField(null=True, blank=True)
    # Why a worker suggested it: the query terms the report shares with the claim.
    matched_terms = models.JSONField(default=list, blank=True)
    # Stance hints: [{"kind": "quantity_conflict" | "quantity_match" | "claimant_quoted" |
    # "published_before" | "published_after", ...details}], computed when suggested.
    hints = models.JSONField(default=list, blank=True)
    # A differing figure for the same thing: flagged on the claim, filterable in the queue.
    conflict = models.BooleanField(default=False)
    accepted = models.BooleanField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(fields=["claim", "url"], name="evidence_unique_url"),
            models.CheckConstraint(
                condition=Q(stance__in=EvidenceStance.values), name="evidence_stance_valid"
            ),
            models.CheckConstraint(
                condition=Q(origin__in=EvidenceOrigin.values), name="evidence_origin_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stance_display()}: {self.url}"


class Rating(models.Model):
    """One step of the verdict scale, with its ClaimReview reviewRating mapping."""

    slug = models.SlugField(max_length=50, unique=True)
    label_en = models.CharField(max_length=100)
    label_fr = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    rating_value = models.IntegerField()
    best_rating = models.IntegerField()
    worst_rating = models.IntegerField()
    order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "rating_value"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(rating_value__gte=models.F("worst_rating"))
                    & Q(rating_value__lte=models.F("best_rating"))
                ),
                name="rating_value_in_scale",
            ),
        ]

    def __str__(self) -> str:
        return self.label(get_language() or "en")

    def label(self, language: str) -> str:
        return self.label_fr if language == "fr" else self.label_en


class VerdictAttributionCheck(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    MISATTRIBUTED = "misattributed", _("Misattributed")
    UNVERIFIABLE = "unverifiable", _("Unverifiable")


class Verdict(models.Model):
    """Append-only: a new verdict is a new row; the claim's current verdict is the latest."""

    AttributionCheck = VerdictAttributionCheck

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="verdicts")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="verdicts")
    attribution_check = models.CharField(max_length=20, choices=AttributionCheck.choices)
    rationale = models.TextField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attribution_check__in=VerdictAttributionCheck.values),
                name="verdict_attribution_check_valid",
            ),
            models.CheckConstraint(condition=~Q(rationale=""), name="verdict_rationale_required"),
        ]

    def __str__(self) -> str:
        return f"{self.rating} ({self.created_at:%Y-%m-%d %H:%M})"


class ClaimMatch(models.Model):
    """An earlier claim that has a verdict and states the same proposition as `claim`."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matches")
    earlier = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matched_by")
    score = models.FloatField()
    matched_terms = models.JSONField(default=list, blank=True)
    same_claimant = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name_plural = "claim matches"
        constraints = [
            models.UniqueConstraint(fields=["claim", "earlier"], name="claim_match_unique"),
            models.CheckConstraint(
                condition=~Q(claim=models.F("earlier")), name="claim_match_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.claim_id} ~ #{self.earlier_id} ({self.score:.2f})"


class FetchHost(models.Model):
    """Politeness state per host, shared by every worker when Redis is not configured."""

    host = models.CharField(max_length=300, unique=True)
    # The earliest time the next request to this host may start.
    next_request_at = models.DateTimeField(null=True, blank=True)
    robots_txt = models.TextField(blank=True)
    robots_fetched_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.host


class JobKind(models.TextChoices):
    EXTRACT = "extract", _("Claim extraction")
    CORROBORATE = "corroborate", _("Finding reports")


class JobState(models.TextChoices):
    # Saved, but the message could not be handed to the broker: beat sends it again.
    UNSENT = "unsent", _("Not sent yet")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


# The job texts a worker writes with parameters: stored as [key, params] parts and
# translated when shown, since the worker writes in no reader's language.
JOB_TEXTS = {
    "saving": lambda n: ngettext("Saving %(count)s claim", "Saving %(count)s claims", n),
    "extracted": lambda n: ngettext("%(count)s claim extracted", "%(count)s claims extracted", n),
    "unread": lambda n: ngettext(
        "%(count)s paragraph could not be read", "%(count)s paragraphs could not be read", n
    ),
    "extraction_failed": lambda n: gettext("Extraction failed: %(error)s"),
    "suggested": lambda n: ngettext(
        "%(count)s new report suggested", "%(count)s new reports suggested", n
    ),
    "matches": lambda n: ngettext(
        "%(count)s earlier check found", "%(count)s earlier checks found", n
    ),
    "conflicts": lambda n: ngettext(
        "%(count)s with a differing figure", "%(count)s with differing figures", n
    ),
    "search_failed": lambda n: gettext("search failed: %(errors)s"),
    "corroboration_failed": lambda n: gettext("Finding reports failed: %(error)s"),
}


def job_text(parts: list, fallback: str) -> str:
    """A job's message or error in the active language: its parts, each translated and
    joined by a dash; without parts the stored text, itself a msgid for the fixed ones."""
    if not parts:
        return gettext(fallback) if fallback else ""
    shown = []
    for key, params in parts:
        template = JOB_TEXTS[key](params.get("count", 0))
        shown.append(
            template % {k: intcomma(v) if isinstance(v, int) else v for k, v in params.items()}
        )
    return " — ".join(shown)


class Job(models.Model):
    Kind = JobKind
    State = JobState

    kind = models.CharField(max_length=20, choices=Kind.choices)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A running job's worker writes this every few seconds; when it stops, the worker died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Runs started: a job whose worker died is sent again until this reaches the limit.
    attempts = models.PositiveSmallIntegerField(default=0)
    # The language-neutral message and error ({"message": parts, "error": parts}, see
    # job_text); `message` and `error` keep the English text for the admin and the logs.
    texts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=JobState.values), name="job_state_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_max"),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="job_state_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.state})"

    @property
    def done(self) -> bool:
        return self.state in {self.State.SUCCEEDED, self.State.FAILED}

    def display_message(self) -> str:
        return job_text(self.texts.get("message", []), self.message)

    def display_error(self) -> str:
        return job_text(self.texts.get("error", []), self.error)


class SearchKind(models.TextChoices):
    REPORT = "report", _("Report")
    CLAIM = "claim", _("Claim with a verdict")


class SearchEntry(models.Model):
    """A report's or a verdicted claim's terms, as full-text search reads them.

    The full-text index itself is vendor SQL (migration 0009): an FTS5 table kept in step
    by triggers on SQLite, a stored tsvector column with a GIN index on PostgreSQL.
    """

    Kind = SearchKind

    kind = models.CharField(max_length=10, choices=Kind.choices)
    report = models.OneToOneField(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    claim = models.OneToOneField(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    language = models.CharField(max_length=2, blank=True)
    # Space-separated index terms (claims.corroboration.terms), in reading order.
    title_terms = models.TextField(blank=True)
    terms = models.TextField(blank=True)
    length = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=SearchKind.REPORT, report__isnull=False, claim__isnull=True)
                    | Q(kind=SearchKind.CLAIM, claim__isnull=False, report__isnull=True)
                ),
                name="search_entry_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.report_id or self.claim_id}"


class SearchTerm(models.Model):
    """How many entries of a kind hold a term: the IDF the re-ranker needs.

    Two reserved rows per kind, whose term starts with a space, count the entries and
    their total length.
    """

    kind = models.CharField(max_length=10, choices=SearchKind.choices)
    term = models.CharField(max_length=200)
    df = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "term"], name="search_term_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.term} ({self.df})"


class ExternalFactCheck(models.Model):
    """A fact-check another organisation published, read from its ClaimReview markup.

    One row per review URL: importing the same review again updates the row."""

    url = models.URLField(max_length=2000, unique=True)
    organisation = models.CharField(max_length=300)
    organisation_url = models.URLField(max_length=2000, blank=True)
    claim_text = models.TextField()
    claimant = models.CharField(max_length=300, blank=True)
    rating = models.CharField(max_length=200, help_text=_("The rating as the review words it"))
    rating_value = models.FloatField(null=True, blank=True)
    best_rating = models.FloatField(null=True, blank=True)
    worst_rating = models.FloatField(null=True, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=2, choices=Language.choices)
    appearance_url = models.URLField(max_length=2000, blank=True)
    # Index terms of the claim text (claims.corroboration.terms), space-separated with a
    # space at each end, so that a term is found with `contains=" term "`.
    terms = models.TextField(blank=True, editable=False)
    length = models.PositiveIntegerField(default=0, editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("earlier fact-check")
        verbose_name_plural = _("earlier fact-checks")
        constraints = [
            models.CheckConstraint(condition=~Q(claim_text=""), name="factcheck_claim_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.claim_text[:80]}"


class FactCheckMatch(models.Model):
    """An earlier fact-check by another organisation that states the same claim."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="factcheck_matches")
    factcheck = models.ForeignKey(
        ExternalFactCheck, on_delete=models.CASCADE, related_name="matches"
    )
    score = models.FloatField()
    matched_terms = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name_plural = "fact-check matches"
        constraints = [
            models.UniqueConstraint(fields=["claim", "factcheck"], name="factcheck_match_unique"),
        ]

    def __str__(self) -> str:
        return f"#{self.claim_id} ~ {self.factcheck_id} ({self.score:.2f})"


class FactCheckImport(models.Model):
    """The audit record of one ClaimReview import: who read what, and what came of it.
    Append-only, like ClaimEvent."""

    source = models.CharField(max_length=2000, help_text=_("File name or URL"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    # What was left out and why, one message each.
    skipped = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("fact-check import")
        verbose_name_plural = _("fact-check imports")

    def __str__(self) -> str:
        return f"{self.source} ({self.created_at:%Y-%m-%d %H:%M})"
