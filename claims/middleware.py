"""Oversized form posts answered with the page and a message instead of Django's bare 400."""

from django.conf import settings
from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def oversized_message(exc: Exception, url_name: str) -> str:
    if isinstance(exc, RequestDataTooBig) and url_name == "claims:article_add":
        return _(
            "The text is too large: an article may have at most %(chars)s characters. Your "
            "browser sent more than the server accepts (%(sent)s MB), so the pasted text "
            "could not be kept. Paste a shorter part, or upload the article as a .txt or "
            ".html file of up to %(upload)s MB."
        ) % {
            "chars": intcomma(settings.ARTICLE_MAX_TEXT_CHARS),
            "sent": _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
            "upload": _megabytes(settings.ARTICLE_MAX_UPLOAD_BYTES),
        }
    if isinstance(exc, TooManyFieldsSent) and url_name == "claims:queue_bulk":
        return _(
            "Too many claims selected at once: a bulk action takes at most %(n)s. Nothing "
            "was changed; select fewer claims."
        ) % {"n": intcomma(settings.BULK_MAX_CLAIMS)}
    return _(
        "The form sent was too large for the server (at most %(size)s MB and %(fields)s "
        "fields), so it could not be read and nothing was saved. Send less at once."
    ) % {
        "size": _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
        "fields": intcomma(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS),
    }


def back_url(request, url_name: str, kwargs: dict) -> str:
    """Where the message is shown: the page the form was on."""
    if url_name == "claims:queue_bulk":
        return reverse("claims:queue")
    if url_name.startswith("claims:") and "pk" in kwargs and url_name != "claims:article_add":
        return reverse("claims:claim_detail", args=[kwargs["pk"]])
    return request.path


class OversizedRequestMiddleware:
    """Reads a POST body before CSRF does. When it is over DATA_UPLOAD_MAX_MEMORY_SIZE or
    DATA_UPLOAD_MAX_NUMBER_FIELDS, nothing is done with it: the user goes back (GET) to the
    form's page with a message saying what was too large. The page itself checks login and
    permissions as usual, so this answers nothing that a GET would not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        try:
            request.POST  # noqa: B018 - parsing is what may fail
            request.FILES  # noqa: B018
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as exc:
            match = request.resolver_match
            url_name = match.view_name if match else ""
            messages.error(request, oversized_message(exc, url_name))
            target = back_url(request, url_name, view_kwargs)
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(target)
            return redirect(target)
        return None
