from datetime import timedelta

from django.contrib import admin, messages
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services, tasks
from .jobs import broker_send
from .models import (
    Article,
    Claim,
    Claimant,
    ClaimantAlias,
    Evidence,
    Feed,
    Job,
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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "language", "status", "created_at"]
    list_filter = ["status", "language", "source"]
    list_select_related = ["source"]
    search_fields = ["title", "url"]
    readonly_fields = ["content_hash", "created_by", "created_at"]
    show_full_result_count = False
    date_hierarchy = "created_at"


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "claimant", "status", "checkworthiness", "article"]
    list_filter = [
        "status",
        "kind",
        "article__language",
        ("claimant", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["claimant", "article"]
    search_fields = ["content", "source_text"]
    raw_id_fields = ["article", "claimant", "duplicate_of", "cluster", "assignee"]
    show_full_result_count = False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
class EvidenceAdmin(admin.ModelAdmin):
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
