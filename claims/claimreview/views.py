"""The public side of published verdicts: a page per review with its ClaimReview JSON-LD,
and a paginated JSON feed of all of them. The only workbench pages open without login
(tests/test_access.py lists them); they show published verdicts and nothing else."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..models import Claim
from .build import claim_review
from .published import published_claims, was_published

# Inside <script>, "</script>" or "<!--" in a claim must not end the block.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_json(data: dict) -> str:
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_ESCAPES))


def _review(request: HttpRequest, claim: Claim) -> dict:
    url = request.build_absolute_uri(reverse("claims:review_page", args=[claim.pk]))
    return claim_review(claim, claim.current_verdict, url=url, published_at=claim.published_at)


@require_GET
@login_not_required
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    claim = published_claims().filter(pk=pk).first()
    if claim is None or claim.current_verdict is None:
        unpublished = Claim.objects.filter(pk=pk).first()
        if unpublished is not None and was_published(unpublished):
            return render(request, "claims/review_gone.html", status=410)
        raise Http404(_("No published review has this number."))
    review = _review(request, claim)
    language = claim.article.language
    with translation.override(language):
        context = {
            "claim": claim,
            "verdict": claim.current_verdict,
            "review": review,
            "rating": review["reviewRating"]["alternateName"],
            "language": language,
            "json_ld": script_json(review),
            "organisation": settings.ORGANISATION_NAME,
            "organisation_url": settings.ORGANISATION_URL,
        }
        return render(request, "claims/review_page.html", context)


@require_GET
@login_not_required
def review_feed(request: HttpRequest) -> JsonResponse:
    """Published reviews, newest first, CLAIMREVIEW_FEED_PAGE_SIZE a page, with links."""
    paginator = Paginator(published_claims(), settings.CLAIMREVIEW_FEED_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger):
        message = _("There is no page %(page)s of this feed.") % {"page": request.GET["page"]}
        return JsonResponse({"error": message}, status=404)
    base = request.build_absolute_uri(reverse("claims:review_feed"))
    link = f"{base}?page=%s"
    return JsonResponse(
        {
            "page": page.number,
            "pages": paginator.num_pages,
            "next": link % page.next_page_number() if page.has_next() else None,
            "previous": link % page.previous_page_number() if page.has_previous() else None,
            "items": [_review(request, claim) for claim in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )
