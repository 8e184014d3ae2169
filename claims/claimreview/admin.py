"""The admin of earlier fact-checks: read-only lists, and an upload form that imports a
ClaimReview file or web address through the services (an import record each time)."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import services, tasks
from ..admin import ReadOnlyAdmin
from ..jobs import broker_send
from ..models import ExternalFactCheck, FactCheckImport
from .store import IMPORT_PERMISSIONS


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("ClaimReview file"),
        required=False,
        help_text=gettext_lazy("JSON (one review, a list, an @graph, a feed) or an HTML page"),
    )
    url = forms.URLField(
        label=gettext_lazy("or a web address"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy("A page or a feed; its next pages are followed"),
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Give either a file or a web address."))
        return data


def _report(request, record: FactCheckImport) -> None:
    summary = _("%(created)s added, %(updated)s updated, %(unchanged)s unchanged.") % {
        "created": record.created,
        "updated": record.updated,
        "unchanged": record.unchanged,
    }
    messages.success(request, summary)
    for problem in record.skipped[:20]:
        messages.warning(request, _("Skipped: %(problem)s") % {"problem": problem})
    if len(record.skipped) > 20:
        more = len(record.skipped) - 20
        messages.warning(request, _("%(n)s more skipped: see the import record.") % {"n": more})


def _match_open_claims(request) -> None:
    """The claims already in the queue are matched against the new fact-checks by a worker:
    thousands of claims take minutes, longer than a page may wait."""
    if broker_send(tasks.match_open_claims_to_factchecks):
        messages.info(
            request,
            _("The claims already in the queue are being matched against them in the background."),
        )
    else:
        messages.warning(
            request,
            _(
                "The task queue cannot be reached, so the claims already in the queue were not "
                "matched against them; run “manage.py import_claimreviews --match-only” to do it."
            ),
        )


@admin.register(ExternalFactCheck)
class ExternalFactCheckAdmin(ReadOnlyAdmin):
    list_display = ["claim_text", "organisation", "rating", "claimant", "reviewed_on", "language"]
    list_filter = ["language", "organisation"]
    search_fields = ["claim_text", "claimant", "organisation", "url"]
    show_full_result_count = False
    exclude = ["terms"]
    change_list_template = "admin/claims/externalfactcheck/change_list.html"

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_view)
        return [
            path("upload/", upload, name="claims_externalfactcheck_upload"),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        if not request.user.has_perms(IMPORT_PERMISSIONS):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload, url = form.cleaned_data.get("file"), form.cleaned_data.get("url")
            if upload:
                data = upload.read(settings.CLAIMREVIEW_IMPORT_MAX_BYTES + 1)
                record = services.factchecks_import_file(
                    data=data, name=upload.name, user=request.user
                )
            elif broker_send(tasks.import_factchecks_url, url, request.user.pk):
                messages.info(
                    request,
                    _(
                        "%(url)s is being imported in the background: its "
                        "record appears under Fact-check imports when it is "
                        "done."
                    )
                    % {"url": url},
                )
                return redirect(reverse("admin:claims_factcheckimport_changelist"))
            else:  # no worker reachable: the fetch client's deadlines bound the wait
                record = services.factchecks_import_url(url=url, user=request.user)
            _report(request, record)
            if record.created or record.updated:
                _match_open_claims(request)
            return redirect(reverse("admin:claims_externalfactcheck_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Import ClaimReview fact-checks"),
        }
        return TemplateResponse(request, "admin/claims/externalfactcheck/upload.html", context)


@admin.register(FactCheckImport)
class FactCheckImportAdmin(ReadOnlyAdmin):
    list_display = ["source", "actor", "created", "updated", "unchanged", "created_at"]
    list_select_related = ["actor"]
    show_full_result_count = False
