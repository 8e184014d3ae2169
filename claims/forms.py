from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import ingest, selectors
from .models import Claim, Evidence, Rating, Source, Verdict
from .services import COMMENT_MAX_CHARS, EVIDENCE_NOTE_MAX_CHARS, RATIONALE_MAX_CHARS

# Largest ids and counters a form accepts: what the database's integer columns hold, so an
# absurd number is a form error rather than an overflow deep in the database driver.
BIGINT_MAX = 2**63 - 1
INT_MAX = 2**31 - 1


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    url = forms.URLField(
        max_length=2000, required=False, assume_scheme="https", label=_("Web address")
    )
    source = forms.ModelChoiceField(
        Source.objects.filter(active=True), label=_("Source"), required=False
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Detect")), ("fr", _("French")), ("en", _("English"))],
        required=False,
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14}), label=_("Text"), required=False, strip=False
    )
    file = forms.FileField(
        label=_("File"), required=False, help_text=_("A .txt or .html file instead of pasted text")
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
        url = data.get("url") or ""
        try:
            if url and not upload and not text.strip():
                # Only a web address: the article is the page it points to.
                result = ingest.text_from_url(url, title=data.get("title", ""), language=language)
            elif upload:
                result = ingest.text_from_upload(
                    upload.name or "",
                    upload.read(),
                    title=data.get("title", ""),
                    language=language,
                    url=url or None,
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
    url = forms.URLField(max_length=2000, assume_scheme="https", label=_("Web address"))
    stance = forms.ChoiceField(label=_("Stance"), choices=Evidence.Stance.choices)
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=EVIDENCE_NOTE_MAX_CHARS,
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=COMMENT_MAX_CHARS, label=_("Comment")
    )


class EvidenceReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("reject", _("Reject"))])


class VerdictForm(forms.Form):
    # The current verdict when the form was loaded (0: none), to catch a concurrent one.
    last_verdict = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=BIGINT_MAX
    )
    # No rating is preselected: a careless click must not record one.
    rating = forms.ModelChoiceField(
        Rating.objects.filter(active=True),
        label=_("Rating"),
        empty_label=_("Choose a rating…"),
        error_messages={"required": _("Choose a rating.")},
    )
    attribution_check = forms.ChoiceField(
        label=_("Attribution"), choices=Verdict.AttributionCheck.choices, widget=forms.RadioSelect
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=RATIONALE_MAX_CHARS,
    )


class PlainSelect(forms.Select):
    """A <select> built in Python. The template-based widget renders one template per
    option, which made the queue's filter bar the slowest part of the page."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


CW_ERRORS = {
    "min_value": _("must be between 0 and 1"),
    "max_value": _("must be between 0 and 1"),
    "invalid": _("not a number (between 0 and 1)"),
}
DATE_ERRORS = {"invalid": _("not a date (YYYY-MM-DD)")}


class QueueFilterForm(forms.Form):
    """The queue's filters; every field is optional and they combine (AND)."""

    SORTS = [("cw", _("Check-worthiness")), ("new", _("Newest")), ("old", _("Oldest"))]

    q = forms.CharField(required=False, label=_("Search"))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All open")), *Claim.Status.choices, ("all", _("Everything"))],
        required=False,
    )
    assignee = forms.ChoiceField(
        label=_("Assignee"),
        choices=[("", _("Anyone")), ("mine", _("Mine")), ("none", _("Unassigned"))],
        required=False,
    )
    claimant = forms.CharField(
        label=_("Claimant"),
        required=False,
        max_length=300,
        help_text=_("Name or alias, or part of one"),
    )
    kind = forms.ChoiceField(
        choices=[("", _("Any kind")), *Claim.Kind.choices], required=False, label=_("Kind")
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Any language")), ("fr", _("French")), ("en", _("English"))],
        required=False,
    )
    source = forms.ModelChoiceField(
        Source.objects.all(),
        label=_("Source"),
        required=False,
        error_messages={"invalid_choice": _("no such source")},
    )
    has_quantity = forms.BooleanField(required=False, label=_("Has a number"))
    conflict = forms.BooleanField(required=False, label=_("A report gives another figure"))
    checked = forms.BooleanField(required=False, label=_("Already checked"))
    checked_elsewhere = forms.BooleanField(
        required=False, label=_("Already checked by another organisation")
    )
    cw_min = forms.FloatField(
        required=False, min_value=0, max_value=1, label=_("CW from"), error_messages=CW_ERRORS
    )
    cw_max = forms.FloatField(
        required=False, min_value=0, max_value=1, label=_("CW to"), error_messages=CW_ERRORS
    )
    rating = forms.ModelChoiceField(
        Rating.objects.all(),
        label=_("Rating"),
        required=False,
        to_field_name="slug",
        error_messages={"invalid_choice": _("no such rating")},
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )
    sort = forms.ChoiceField(label=_("Sort"), choices=SORTS, required=False)

    # Shown in the queue's first row; the others sit under "More filters".
    MAIN = ("q", "status", "assignee", "kind", "language", "sort")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = PlainSelect(choices=field.widget.choices)

    def main_fields(self) -> list:
        return [self[name] for name in self.MAIN]

    def more_fields(self) -> list:
        return [self[name] for name in self.fields if name not in self.MAIN]

    def more_in_use(self) -> bool:
        """A secondary filter has a value: its section opens so nothing applies unseen."""
        return any(self.data.get(name) for name in self.fields if name not in self.MAIN)

    def problems(self) -> list[str]:
        """Each invalid parameter and why ("sort: “bogus” is not one of cw, new, old").
        The valid ones still apply: cleaned_data keeps them."""
        found = []
        for name, errors in self.errors.as_data().items():
            field = self.fields.get(name)
            value = str(self.data.get(name, ""))[:40]
            for error in errors:
                if error.code != "invalid_choice" or field is None:
                    text = " ".join(error.messages)
                elif isinstance(field, forms.ModelChoiceField):
                    text = f"{' '.join(error.messages)} (“{value}”)"
                else:
                    allowed = ", ".join(str(key) for key, _label in field.choices if key)
                    text = _("“%(value)s” is not one of %(allowed)s") % {
                        "value": value,
                        "allowed": allowed,
                    }
                found.append(f"{name}: {text}")
        return found


class VersionedForm(forms.Form):
    """Carries the claim version the form was loaded with, to detect concurrent edits."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=INT_MAX
    )


class AttributionForm(VersionedForm):
    content = forms.CharField(
        label=_("Content"),
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=False,
        help_text=_("Exactly as it appears in the article"),
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        strip=False,
        help_text=_("Who it is attributed to, as written"),
    )
    cue = forms.CharField(
        label=_("Cue"),
        required=False,
        strip=False,
        max_length=200,
        help_text=_("The words that attribute it (“said”, “selon”, “according to”), as written"),
    )
    claimant = forms.CharField(required=False, label=_("Claimant"), max_length=300)
    kind = forms.ChoiceField(choices=Claim.Kind.choices, label=_("Kind"))

    def __init__(self, *args, claim: Claim, **kwargs):
        self.claim = claim
        super().__init__(*args, **kwargs)

    @staticmethod
    def locate(text: str, snippet: str, near: int) -> tuple[int, int] | None:
        """Offsets of the occurrence of `snippet` nearest to `near` (quote marks and
        spaces compared loosely), or None."""
        from .extraction.text import parse_view

        view, needle = parse_view(text), parse_view(snippet.strip())
        if not needle:
            return None
        starts, i = [], view.find(needle)
        while i != -1:
            starts.append(i)
            i = view.find(needle, i + 1)
        if not starts:
            return None
        start = min(starts, key=lambda s: abs(s - near))
        return start, start + len(needle)

    def clean(self):
        data = super().clean()
        text = self.claim.article.text
        if data.get("content"):
            span = self.locate(text, data["content"], self.claim.content_start)
            if span is None:
                self.add_error("content", _("This text is not in the article."))
            else:
                data["content_start"], data["content_end"] = span
        near = data.get("content_start", self.claim.content_start)
        for name in ("source", "cue"):
            data[f"{name}_start"] = data[f"{name}_end"] = None
            if not data.get(name, "").strip():
                continue
            old = getattr(self.claim, f"{name}_start")
            span = self.locate(text, data[name], old if old is not None else near)
            if span is None:
                self.add_error(name, _("This text is not in the article."))
            else:
                data[f"{name}_start"], data[f"{name}_end"] = span
        return data


class StatusForm(VersionedForm):
    to = forms.ChoiceField(choices=Claim.Status.choices, widget=forms.HiddenInput)
    reason = forms.CharField(required=False, max_length=1000)


class TakeForm(VersionedForm):
    # Ticked to take a claim that someone else holds: never taken from them by one click.
    takeover = forms.BooleanField(required=False)


class AssignForm(VersionedForm):
    assignee = forms.ModelChoiceField(
        None,
        label=_("Assign to"),
        required=False,
        empty_label=_("Nobody"),
        error_messages={"invalid_choice": _("This person cannot review claims.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "assign-%s")  # the page has other "version" fields
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = selectors.reviewers()

    def clean(self):
        data = super().clean()
        # An empty choice unassigns; a request without the field at all is a mistake.
        if self.is_bound and "assignee" not in self.data:
            self.add_error("assignee", _("Choose who to assign the claim to."))
        return data


class ClaimIdsField(forms.ModelMultipleChoiceField):
    """Claim ids, at most `max_count` of them, each a number the database can hold."""

    def __init__(self, *args, max_count: int, **kwargs):
        self.max_count = max_count
        super().__init__(*args, **kwargs)

    def clean(self, value):
        values = list(value or [])
        if len(values) > self.max_count:
            raise forms.ValidationError(
                _("Too many claims selected at once (%(n)s); the limit is %(max)s.")
                % {"n": len(values), "max": self.max_count},
                code="too_many",
            )
        for item in values:
            text = str(item).strip()
            if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= BIGINT_MAX:
                raise forms.ValidationError(
                    _("“%(value)s” is not a claim number.") % {"value": text[:30]},
                    code="invalid_pk_value",
                )
        return super().clean(values)


class BulkForm(forms.Form):
    ACTIONS = [("take", _("Assign to me")), ("dismiss", _("Dismiss"))]

    ids = ClaimIdsField(
        Claim.objects.all(),
        widget=forms.MultipleHiddenInput,
        max_count=settings.BULK_MAX_CLAIMS,
        error_messages={"required": _("Select claims first.")},
    )
    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(required=False, max_length=1000)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_next(self) -> str:
        # Only back to the queue (with its filters): never an outside or script URL.
        value = self.cleaned_data.get("next") or ""
        return value if value.startswith("/queue/") else "/queue/"
