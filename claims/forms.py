from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import ingest
from .models import Claim, Evidence, Rating, Source, Verdict


class ArticleForm(forms.Form):
    title = forms.CharField(max_length=500, required=False)
    url = forms.URLField(max_length=2000, required=False, assume_scheme="https")
    source = forms.ModelChoiceField(Source.objects.filter(active=True), required=False)
    language = forms.ChoiceField(
        choices=[("", _("Detect")), ("fr", _("French")), ("en", _("English"))], required=False
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}), required=False, strip=False)
    file = forms.FileField(
        required=False, help_text=_("A .txt or .html file instead of pasted text")
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > settings.ARTICLE_MAX_UPLOAD_BYTES:
            limit = settings.ARTICLE_MAX_UPLOAD_BYTES // (1024 * 1024)
            raise forms.ValidationError(
                _("The file is too large (%(size).1f MB); the limit is %(limit)s MB.")
                % {"size": upload.size / 1024 / 1024, "limit": limit}
            )
        return upload

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        text, upload = data.get("text") or "", data.get("file")
        if text.strip() and upload:
            raise forms.ValidationError(_("Paste text or upload a file, not both."))
        language = data.get("language") or None
        try:
            if upload:
                result = ingest.text_from_upload(
                    upload.name or "",
                    upload.read(),
                    title=data.get("title", ""),
                    language=language,
                    url=data.get("url") or None,
                )
            else:
                result = ingest.text_from_plain(
                    text, title=data.get("title", ""), language=language
                )
        except ingest.IngestError as exc:
            raise forms.ValidationError(str(exc)) from exc
        data["ingested"] = result
        return data


class EvidenceForm(forms.Form):
    url = forms.URLField(max_length=2000, assume_scheme="https")
    stance = forms.ChoiceField(choices=Evidence.Stance.choices)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class VerdictForm(forms.Form):
    rating = forms.ModelChoiceField(Rating.objects.filter(active=True), empty_label=None)
    attribution_check = forms.ChoiceField(
        choices=Verdict.AttributionCheck.choices, widget=forms.RadioSelect
    )
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", _("All open")), *Claim.Status.choices, ("all", _("Everything"))],
        required=False,
    )
