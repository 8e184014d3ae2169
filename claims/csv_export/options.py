"""The export's parameters: the queue's filters plus the export's own, validated by one form
for the download and the command alike."""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import QueueFilterForm
from ..models import Claim

YES_NO = [("0", _("no")), ("1", _("yes"))]


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, coerce=lambda v: v == "1", empty_value=False, required=False
    )


class ExportForm(QueueFilterForm):
    shape = forms.ChoiceField(
        label=_("Rows"),
        choices=[("current", _("One per claim")), ("history", _("One per verdict"))],
        required=False,
    )
    scope = forms.ChoiceField(
        label=_("Claims"),
        choices=[("verdicts", _("With a verdict")), ("all", _("All"))],
        required=False,
    )
    published = _yes_no(_("Published only"))
    bom = _yes_no(_("Byte order mark"))

    def clean(self):
        data = super().clean()
        status = data.get("status") or ""
        if data.get("published") and status not in ("", "all", Claim.Status.PUBLISHED):
            self.add_error(
                "published",
                _("a published-only export cannot also ask for status “%(status)s”")
                % {"status": status},
            )
        return data


@dataclass(frozen=True)
class ExportOptions:
    filters: dict = field(default_factory=dict)
    history: bool = False
    with_verdict: bool = True
    published_only: bool = False
    bom: bool = False
    lang: str = "en"

    @property
    def filename(self) -> str:
        name = "verdict-history" if self.history else "verdicts"
        return f"{name}-published" if self.published_only else name


def parse(data, *, lang: str) -> tuple[ExportOptions | None, list[str]]:
    """The options, or None and each invalid parameter with the reason."""
    form = ExportForm(data)
    if not form.is_valid():
        return None, form.problems()
    filters = dict(form.cleaned_data)
    published = filters.pop("published")
    if published:
        filters["status"] = Claim.Status.PUBLISHED
    options = ExportOptions(
        filters=filters,
        history=filters.pop("shape") == "history",
        with_verdict=filters.pop("scope") != "all",
        published_only=published,
        bom=filters.pop("bom"),
        lang=lang,
    )
    return options, []
