from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import ingest, services, tasks
from .jobs import broker_send
from .models import (
    Article,
    Claim,
    Claimant,
    ClaimantAlias,
    Evidence,
    Feed,
    Job,
    Language,
    Rating,
    Report,
    Source,
    Verdict,
)


class FeedInline(admin.TabularInline):
    model = Feed
    extra = 1
    fields = ["url", "last_fetched_at", "last_success_at", "last_entry_count", "last_error"]
    readonly_fields = ["last_fetched_at", "last_success_at", "last_entry_count", "last_error"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "language",
        "active",
        "fetch_interval_minutes",
        "last_fetched",
        "feed_errors",
        "reports_24h",
    ]
    list_filter = ["kind", "language", "active"]
    search_fields = ["name", "domain"]
    inlines = [FeedInline]
    actions = ["fetch_now", "test_feeds"]

    def get_queryset(self, request):
        since = timezone.now() - timedelta(hours=24)
        recent = (
            Report.objects.filter(source=OuterRef("pk"), fetched_at__gte=since)
            .order_by()
            .values("source")
            .annotate(n=Count("id"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                last_fetched=Max("feeds__last_fetched_at"),
                feed_errors=Count("feeds", filter=~Q(feeds__last_error="")),
                reports_24h=Coalesce(Subquery(recent[:1]), 0),
            )
        )

    @admin.display(description=_("last fetched"), ordering="last_fetched")
    def last_fetched(self, source):
        return source.last_fetched

    @admin.display(description=_("feeds in error"), ordering="feed_errors")
    def feed_errors(self, source):
        return source.feed_errors

    @admin.display(description=_("reports in 24 h"), ordering="reports_24h")
    def reports_24h(self, source):
        return source.reports_24h

    @admin.action(description=_("Fetch the feeds of the selected sources now"))
    def fetch_now(self, request, queryset):
        feed_ids = list(Feed.objects.filter(source__in=queryset).values_list("pk", flat=True))
        if not feed_ids:
            self.message_user(request, _("The selected sources have no feeds."), messages.WARNING)
            return
        sent = [broker_send(tasks.poll_feed, feed_id) for feed_id in feed_ids]
        if not all(sent):
            self.message_user(
                request,
                _(
                    "The job queue could not be reached, so not every feed was queued. "
                    "They are polled on their usual schedule once the queue is back."
                ),
                messages.ERROR,
            )
            return
        self.message_user(
            request,
            ngettext(
                "%(n)d feed queued for polling: its health updates here when a worker is done.",
                "%(n)d feeds queued for polling: their health updates here when a worker is done.",
                len(feed_ids),
            )
            % {"n": len(feed_ids)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Test the feeds of the selected sources (nothing is stored)"))
    def test_feeds(self, request, queryset):
        feeds = (
            Feed.objects.filter(source__in=queryset)
            .select_related("source")
            .order_by("source__name", "url")
        )
        for feed in feeds:
            self.message_user(request, services.feed_test(feed=feed), messages.INFO)
        if not feeds:
            self.message_user(request, _("The selected sources have no feeds."), messages.WARNING)


class ClaimantAliasInline(admin.TabularInline):
    model = ClaimantAlias
    extra = 1
    fields = ["alias"]

    def has_change_permission(self, request, obj=None):
        return False  # aliases are added or removed, not edited in place


@admin.register(Claimant)
class ClaimantAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country_code"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__alias"]
    inlines = [ClaimantAliasInline]

    def save_formset(self, request, form, formset, change):
        # New aliases go through the service so their lookup key is computed and checked.
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                deleted.instance.delete()
        for alias_form in formset.forms:
            if alias_form in formset.deleted_forms or not alias_form.has_changed():
                continue
            alias = alias_form.cleaned_data.get("alias")
            if alias and not alias_form.instance.pk:
                services.claimant_add_alias(claimant=form.instance, alias=alias)


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    """Once a verdict uses a rating, what the verdict showed stays fixed: its slug, labels
    and values become read-only (add a new rating and retire the old one instead)."""

    list_display = [
        "label_en",
        "label_fr",
        "slug",
        "rating_value",
        "best_rating",
        "worst_rating",
        "order",
        "active",
    ]
    list_editable = ["order", "active"]
    prepopulated_fields = {"slug": ["label_en"]}

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.verdicts.exists():
            return services.RATING_FIXED_FIELDS
        return ()

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None and obj.verdicts.exists() else self.prepopulated_fields

    def save_model(self, request, obj, form, change):
        services.rating_save(rating=obj, user=request.user)


class ArticleAddForm(forms.ModelForm):
    """Adding an article in the admin is adding it in the workbench: the same checks, the
    same duplicate rule, and an extraction job."""

    language = forms.ChoiceField(
        label=_("language"),
        choices=[("", _("Detect")), *Language.choices],
        required=False,
    )

    class Meta:
        model = Article
        fields = ["title", "url", "source", "published_at", "language", "text"]

    def clean(self):
        data = super().clean()
        text = data.get("text") or ""
        try:
            data["ingested"] = ingest.text_from_plain(
                text, title=data.get("title") or "", language=data.get("language") or None
            )
        except ingest.IngestError as exc:
            raise forms.ValidationError(str(exc)) from exc
        services.article_validate(text_in=data["ingested"])
        existing = Article.objects.filter(
            content_hash=ingest.content_hash(data["ingested"].text)
        ).first()
        if existing is not None:
            raise forms.ValidationError(
                _("This text is already in the workbench: %(article)s (#%(pk)s).")
                % {"article": existing, "pk": existing.pk}
            )
        return data

    def validate_unique(self):
        pass  # the content hash is computed by the service; duplicates are checked above


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """Articles are added through the same service as in the workbench (so extraction
    runs); their text, language and extraction state are never edited afterwards: the
    claims' offsets point into the text."""

    list_display = ["__str__", "source", "language", "status", "created_at"]
    list_filter = ["status", "language", "source"]
    list_select_related = ["source"]
    search_fields = ["title", "url"]
    show_full_result_count = False
    date_hierarchy = "created_at"
    actions = None

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ArticleAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ["text", "language", "status", "error", "content_hash", "created_by", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("text")

    def save_model(self, request, obj, form, change):
        if change:
            services.article_update(article=obj, user=request.user, fields=form.changed_data)
            return
        data = form.cleaned_data
        article, _created = services.article_create(
            text_in=data["ingested"],
            url=data.get("url") or "",
            source=data.get("source"),
            user=request.user,
            published_at=data.get("published_at"),
        )
        obj.pk, obj.title, obj.text = article.pk, article.title, article.text


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    """Claims change only in the workbench, through the review workflow and its audit
    trail; the admin lists them and offers the editors' bulk moves, through the same
    services (each move is in the claim's history)."""

    list_display = ["__str__", "kind", "claimant", "status", "checkworthiness", "article"]
    list_filter = [
        "status",
        "kind",
        "article__language",
        ("claimant", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["claimant", "article"]
    search_fields = ["content", "source_text"]
    show_full_result_count = False
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__text")

    def has_publish_permission(self, request):
        return request.user.has_perm("claims.publish_claim")

    has_unpublish_permission = has_publish_permission

    @admin.action(description=_("Publish the selected claims"), permissions=["publish"])
    def publish(self, request, queryset):
        self._move(request, queryset, Claim.Status.PUBLISHED)

    @admin.action(description=_("Unpublish the selected claims"), permissions=["unpublish"])
    def unpublish(self, request, queryset):
        self._move(request, queryset, Claim.Status.VERDICT_GIVEN)

    def _move(self, request, queryset, to):
        moved = 0
        for claim in queryset.order_by("pk"):
            try:
                services.claim_transition(claim=claim, to=to, user=request.user)
            except (ValidationError, PermissionDenied) as exc:
                reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                self.message_user(request, f"#{claim.pk}: {reason}", messages.ERROR)
            else:
                moved += 1
        if moved:
            self.message_user(
                request,
                ngettext("%(n)d claim moved.", "%(n)d claims moved.", moved) % {"n": moved},
                messages.SUCCESS,
            )


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdmin):
    list_display = ["claim", "rating", "attribution_check", "reviewer", "created_at"]
    list_filter = ["rating", "attribution_check"]
    list_select_related = ["claim", "rating", "reviewer"]
    show_full_result_count = False


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "article", "state", "progress", "created_at", "finished_at"]
    list_filter = ["kind", "state"]
    list_select_related = ["article"]
    show_full_result_count = False


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    """Evidence is linked, accepted and rejected on the claim page, in its history."""

    list_display = ["url", "claim", "stance", "origin", "accepted", "created_at"]
    list_filter = ["stance", "origin", "accepted"]
    list_select_related = ["claim"]
    raw_id_fields = ["claim", "report"]
    show_full_result_count = False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    """Reports are written by the workers (feeds, searches, the demo set) only."""

    list_display = ["__str__", "source", "language", "origin", "published_at", "fetched_at"]
    list_filter = ["origin", "language", "source"]
    list_select_related = ["source"]
    search_fields = ["title", "url"]
    show_full_result_count = False


# Earlier fact-checks (ClaimReview import) have their admin beside their code.
from .claimreview import admin as _claimreview_admin  # noqa: E402, F401
