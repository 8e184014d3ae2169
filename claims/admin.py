from django.contrib import admin

from . import services
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
    fields = ["url", "last_fetched_at", "last_error"]
    readonly_fields = ["last_fetched_at", "last_error"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "language", "domain", "active"]
    list_filter = ["kind", "language", "active"]
    search_fields = ["name", "domain"]
    inlines = [FeedInline]


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
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "published_at"]
    list_select_related = ["source"]
    search_fields = ["title", "url"]
    show_full_result_count = False
