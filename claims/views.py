from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseStopPolling, trigger_client_event

from . import csv_export, history, reader, selectors, services
from .dashboard import desk_lists, verdict_charts
from .forms import (
    ArticleForm,
    AssignForm,
    AttributionForm,
    BulkForm,
    CommentForm,
    EvidenceForm,
    EvidenceReviewForm,
    QueueFilterForm,
    StatusForm,
    TakeForm,
    VerdictForm,
)
from .models import Article, Claim, Evidence, Job, Verdict

PAGE_SIZE = 50
QUEUE_COUNT_CAP = 500

# Every page of the workbench is for people with a role: reading needs this permission,
# which the reviewer, editor and admin groups have. A user without it gets the 403 page.
can_read = permission_required("claims.view_claim", raise_exception=True)
can_add_articles = permission_required(
    ["claims.view_claim", "claims.add_article"], raise_exception=True
)


class CappedPaginator(Paginator):
    """Counts at most `cap` rows. An exact total over a large queue costs a scan of every
    matching row on each request; past the cap the page says "more than" instead."""

    def __init__(self, object_list, per_page, *, cap: int):
        super().__init__(object_list, per_page)
        self.cap = cap
        self.capped = False

    @cached_property
    def count(self) -> int:
        found = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)


def status_counts() -> list[tuple[str, str, int]]:
    """(status, its label, claims) in workflow order, statuses without claims left out."""
    counts = services.claim_status_counts()
    return [(key, label, counts[key]) for key, label in Claim.Status.choices if counts.get(key)]


@require_GET
@can_read
def dashboard(request: HttpRequest) -> HttpResponse:
    context = {
        **desk_lists(request.user),
        **verdict_charts(request.LANGUAGE_CODE),
        "counts": status_counts(),
    }
    return render(request, "claims/dashboard.html", context)


@require_GET
@can_read
def article_list(request: HttpRequest) -> HttpResponse:
    # A subquery per listed row, not a GROUP BY over every article column (the text too).
    claims = Claim.objects.filter(article=OuterRef("pk")).order_by().values("article")
    articles = (
        Article.objects.select_related("source")
        .defer("text", "error")
        .annotate(claim_count=Coalesce(Subquery(claims.annotate(n=Count("pk")).values("n")), 0))
        .order_by("-created_at", "-id")
    )
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/article_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@can_add_articles
def article_add(request: HttpRequest) -> HttpResponse:
    form = ArticleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            article, created = services.article_create(
                text_in=form.cleaned_data["ingested"],
                url=form.cleaned_data.get("url") or "",
                source=form.cleaned_data.get("source"),
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            if not created:
                messages.info(request, _("This article was already in the workbench."))
            return redirect("claims:article_detail", pk=article.pk)
    return render(request, "claims/article_add.html", {"form": form})


@require_GET
@can_read
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # One section of the text and its claims: the work does not grow with the article.
    number = reader.requested_section(pk, request.GET)
    article, section = reader.article_section(pk, number, Article.objects.select_related("source"))
    claims = reader.section_claims(article, section)
    context = {
        "article": article,
        "section": section,
        "claims": [c for c in claims if section.start <= c.content_start < section.end],
        "runs": reader.article_runs(section.text, claims, section.start),
    }
    if request.htmx and request.htmx.target == "next-section":
        # Scrolled to the end of a section: the next one, appended under it.
        return render(request, "claims/article_detail.html#section", context)
    context |= {"job": article.jobs.first(), "claim_count": article.claims.count()}
    if request.htmx and request.htmx.target == "reader":
        # Extraction finished while the page was open: the same section, with its claims.
        return render(request, "claims/article_detail.html#reader", context)
    return render(request, "claims/article_detail.html", context)


@require_GET
@can_read
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Job, pk=pk)
    response = render(request, "claims/article_detail.html#job-status", {"job": job})
    if job.done:
        stop = HttpResponseStopPolling(response.content)
        return trigger_client_event(stop, "jobFinished")
    return response


CLAIM_LIST_LIMIT = 30  # rows of each list on a claim page (history, evidence, comments …)
CLAIM_LIST_ALL = 1000  # the same after "show all"


def _latest(queryset, limit: int, *, oldest_first: bool = False) -> tuple[list, bool]:
    """The latest `limit` rows (newest first unless `oldest_first`) and whether there are
    more: one query of limit + 1 rows, however long the list has grown."""
    rows = list(queryset.order_by("-created_at", "-id")[: limit + 1])
    more, rows = len(rows) > limit, rows[:limit]
    return (rows[::-1] if oldest_first else rows), more


def _claim_records(claim: Claim, limit: int) -> dict:
    """The claim's verdicts, evidence, comments and events, newest `limit` of each."""
    verdicts, more_verdicts = _latest(claim.verdicts.select_related("rating", "reviewer"), limit)
    evidence, more_evidence = _latest(
        claim.evidence.select_related("added_by", "report"), limit, oldest_first=True
    )
    comments, more_comments = _latest(
        claim.comments.select_related("author"), limit, oldest_first=True
    )
    events, more_events = _latest(claim.events.select_related("actor"), limit)
    return {
        "verdicts": verdicts,
        "current_verdict": verdicts[0] if verdicts else None,
        "evidence": evidence,
        "comments": comments,
        "events": history.with_lines(events, get_language() or "en"),
        "more": {
            "verdicts": more_verdicts,
            "evidence": more_evidence,
            "comments": more_comments,
            "events": more_events,
        },
    }


def _claim_forms(claim: Claim, current: Verdict | None, extra: dict) -> dict:
    """The claim page's forms: those passed in `extra` (bound, with errors) or fresh ones."""
    initial = {"version": claim.version}
    attribution = {
        **initial,
        "content": claim.content,
        "source": claim.source_text,
        "cue": claim.cue_text,
        "claimant": claim.claimant.name if claim.claimant else "",
        "kind": claim.kind,
    }
    return {
        "comment_form": extra.pop("comment_form", None) or CommentForm(),
        "evidence_form": extra.pop("evidence_form", None) or EvidenceForm(),
        "verdict_form": extra.pop("verdict_form", None)
        or VerdictForm(initial={"last_verdict": current.pk if current else 0}),
        "attribution_form": extra.pop("attribution_form", None)
        or AttributionForm(initial=attribution, claim=claim),
        # The status buttons come from the template tag transitions_for: they depend on
        # the user. The assign form is shown to editors only.
        "assign_form": AssignForm(initial={**initial, "assignee": claim.assignee_id}),
    }


def _claim_context(claim: Claim, **extra) -> dict:
    if not Claim.article.is_cached(claim):
        # The page shows the article's title only: never load its text (up to 1 MB) here.
        claim.article = Article.objects.defer("text").get(pk=claim.article_id)
    show_all = extra.pop("show_all", False)
    limit = CLAIM_LIST_ALL if show_all else CLAIM_LIST_LIMIT
    records = _claim_records(claim, limit)
    siblings = (
        claim.cluster.claims.exclude(pk=claim.pk)
        .select_related("article", "claimant")
        .defer("article__text")
        .order_by("-created_at")[:20]
        if claim.cluster_id
        else []
    )
    return {
        "claim": claim,
        "earlier_checks": selectors.earlier_checks([claim.pk], get_language() or "en").get(
            claim.pk, []
        ),
        "earlier_factchecks": selectors.earlier_factchecks([claim.pk]).get(claim.pk, []),
        "has_conflict": bool(selectors.conflicting_claims([claim.pk])),
        "accepted_evidence": claim.evidence.filter(accepted=True).count(),
        "evidence_required": settings.VERDICT_REQUIRES_EVIDENCE,
        "corroboration_job": claim.jobs.filter(kind=Job.Kind.CORROBORATE).first(),
        **records,
        "list_limit": limit,
        "show_all": show_all,
        "duplicates": claim.duplicates.only("pk").order_by("pk")[:limit],
        "siblings": siblings,
        "passage": reader.claim_passage(claim),
        **_claim_forms(claim, records["current_verdict"], extra),
        **extra,
    }


def _conflict_context(claim: Claim, conflict: services.EditConflict) -> dict:
    claim.refresh_from_db()
    language = get_language() or "en"
    return {"conflict": conflict, "conflict_events": history.with_lines(conflict.events, language)}


@require_GET
@can_read
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(
        Claim.objects.select_related("article", "claimant", "duplicate_of", "assignee").defer(
            "article__text"
        ),
        pk=pk,
    )
    if request.htmx and request.htmx.target == "claim-panel":
        # Clicked in the article reader: the panel beside the text, not the whole page.
        return render(request, "claims/claim_detail.html#claim-panel", {"claim": claim})
    if request.htmx and request.htmx.target in (
        "evidence",
        "earlier-checks",
        "evidence-count",
        "history",
    ):
        # Refreshed when a corroboration job finishes (the history: after any change).
        template = f"claims/claim_detail.html#{request.htmx.target}"
        return render(request, template, _claim_context(claim))
    context = _claim_context(claim, show_all=request.GET.get("all") == "1")
    return render(request, "claims/claim_detail.html", context)


@require_POST
@can_read
def claim_find_reports(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    if not request.user.has_perm("claims.add_evidence"):
        raise PermissionDenied
    job = services.claim_corroboration_enqueue(claim=claim, user=request.user)
    if not request.htmx:
        messages.info(request, _("Looking for reports; the suggestions appear below."))
        return redirect("claims:claim_detail", pk=claim.pk)
    return render(
        request,
        "claims/claim_detail.html#corroboration",
        {"claim": claim, "corroboration_job": job},
    )


@require_GET
@can_read
def claim_job_status(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    job = get_object_or_404(Job, pk=job_pk, claim=claim)
    context = {"claim": claim, "corroboration_job": job}
    response = render(request, "claims/claim_detail.html#corroboration", context)
    if job.done:
        return trigger_client_event(HttpResponseStopPolling(response.content), "evidenceChanged")
    return response


@require_POST
@can_read
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    form = EvidenceForm(request.POST)
    if form.is_valid():
        try:
            services.evidence_add(claim=claim, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("url", exc.messages)
        else:
            form = EvidenceForm()
            if not request.htmx:
                return redirect("claims:claim_detail", pk=claim.pk)
    template = "claims/claim_detail.html#evidence" if request.htmx else "claims/claim_detail.html"
    response = render(request, template, _claim_context(claim, evidence_form=form))
    return trigger_client_event(response, "evidenceReviewed") if request.htmx else response


@require_POST
@can_read
def evidence_review(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    evidence = get_object_or_404(
        Evidence.objects.select_related("claim"), pk=evidence_pk, claim=claim
    )
    form = EvidenceReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or reject the suggestion."))
    else:
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.evidence_review(evidence=evidence, accept=accept, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    if request.htmx:
        response = render(request, "claims/claim_detail.html#evidence", _claim_context(claim))
        return trigger_client_event(response, "evidenceReviewed")
    return redirect("claims:claim_detail", pk=claim.pk)


@require_POST
@can_read
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(claim=claim, text=form.cleaned_data["text"], user=request.user)
        except ValidationError as exc:
            form.add_error("text", exc.messages)
        else:
            form = CommentForm()
            if not request.htmx:
                return redirect(reverse("claims:claim_detail", args=[claim.pk]) + "#comments")
    template = "claims/claim_detail.html#comments" if request.htmx else "claims/claim_detail.html"
    return render(request, template, _claim_context(claim, comment_form=form))


@require_POST
@can_read
def verdict_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    form = VerdictForm(request.POST)
    extra: dict = {}
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.verdict_record(
                claim=claim,
                user=request.user,
                rating=data["rating"],
                attribution_check=data["attribution_check"],
                rationale=data["rationale"],
                expected_last_verdict=data.get("last_verdict"),
            )
        except services.EditConflict as conflict:
            extra = _conflict_context(claim, conflict)
            resubmit = request.POST.copy()
            latest = claim.verdicts.order_by("-created_at", "-id").first()
            resubmit["last_verdict"] = str(latest.pk if latest else 0)
            form = VerdictForm(resubmit)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            if not request.htmx:
                messages.success(request, _("Verdict recorded."))
                return redirect("claims:claim_detail", pk=claim.pk)
            claim.refresh_from_db()
            response = render(
                request, "claims/claim_detail.html#verdict", _claim_context(claim, saved=True)
            )
            return trigger_client_event(response, "claimUpdated")
    template = "claims/claim_detail.html#verdict" if request.htmx else "claims/claim_detail.html"
    return render(request, template, _claim_context(claim, verdict_form=form, **extra))


@require_POST
@can_read
def claim_attribution(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("article", "claimant"), pk=pk)
    form = AttributionForm(request.POST, claim=claim)
    extra: dict = {}
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.claim_edit_attribution(
                claim=claim,
                user=request.user,
                expected_version=data.get("version") or claim.version,
                content_start=data["content_start"],
                content_end=data["content_end"],
                source_start=data["source_start"],
                source_end=data["source_end"],
                cue_start=data["cue_start"],
                cue_end=data["cue_end"],
                claimant_name=data["claimant"],
                kind=data["kind"],
            )
        except services.EditConflict as conflict:
            extra = _conflict_context(claim, conflict)
            resubmit = request.POST.copy()
            resubmit["version"] = str(claim.version)
            form = AttributionForm(resubmit, claim=claim)
            form.is_valid()
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Attribution saved."))
            return redirect("claims:claim_detail", pk=claim.pk)
    status = 409 if extra else 200
    return render(
        request,
        "claims/claim_detail.html",
        _claim_context(claim, attribution_form=form, **extra),
        status=status,
    )


def _refused(request: HttpRequest, claim: Claim, what: str, form) -> HttpResponse:
    """A form that did not validate: say which field and why, back on the claim page."""
    problems = [f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()]
    messages.error(request, what + " " + "; ".join(problems))
    return redirect("claims:claim_detail", pk=claim.pk)


def _conflict_page(
    request: HttpRequest, claim: Claim, conflict: services.EditConflict
) -> HttpResponse:
    """The claim page with what changed since the form was loaded (409 Conflict)."""
    context = _claim_context(claim, **_conflict_context(claim, conflict))
    return render(request, "claims/claim_detail.html", context, status=409)


def _status_message(before: str, after: str) -> str:
    if after == Claim.Status.PUBLISHED:
        return _("Published.")
    if before == Claim.Status.PUBLISHED:
        return _("Unpublished.")
    return _("Status changed to “%(status)s”.") % {"status": Claim.Status(after).label}


@require_POST
@can_read
def claim_status(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _refused(request, claim, _("The status was not changed."), form)
    data, before = form.cleaned_data, claim.status
    try:
        services.claim_transition(
            claim=claim,
            to=data["to"],
            reason=data["reason"],
            user=request.user,
            expected_version=data.get("version"),
        )
    except services.EditConflict as conflict:
        return _conflict_page(request, claim, conflict)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _status_message(before, data["to"]))
    return redirect("claims:claim_detail", pk=claim.pk)


@require_POST
@can_read
def claim_take(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("assignee"), pk=pk)
    if not request.user.has_perm("claims.change_claim"):
        raise PermissionDenied
    form = TakeForm(request.POST)
    if not form.is_valid():
        return _refused(request, claim, _("The claim was not assigned."), form)
    holder = claim.assignee
    if holder is not None and holder.pk != request.user.pk and not form.cleaned_data["takeover"]:
        # Someone else is on it: taking it over is a deliberate, confirmed step.
        messages.warning(
            request,
            _("This claim is assigned to %(user)s. Confirm to take it over.")
            % {"user": holder.get_username()},
        )
        return redirect("claims:claim_detail", pk=claim.pk)
    try:
        services.claim_assign(
            claim=claim,
            assignee=request.user,
            user=request.user,
            expected_version=form.cleaned_data.get("version"),
        )
    except services.EditConflict as conflict:
        return _conflict_page(request, claim, conflict)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if holder is not None and holder.pk != request.user.pk:
            messages.success(
                request, _("You took the claim over from %(user)s.") % {"user": holder}
            )
        elif _back_to(request):
            messages.success(request, _("Claim #%(pk)s is assigned to you.") % {"pk": claim.pk})
    return redirect(_back_to(request) or reverse("claims:claim_detail", args=[claim.pk]))


def _back_to(request: HttpRequest) -> str:
    """Where a form asked to go back to (the queue, for the `a` key), if it is on this site."""
    target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else ""


@require_POST
@can_read
def claim_assign(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=pk)
    if not request.user.has_perm("claims.reassign_claim"):
        raise PermissionDenied
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _refused(request, claim, _("The claim was not assigned."), form)
    assignee = form.cleaned_data["assignee"]
    try:
        services.claim_assign(
            claim=claim,
            assignee=assignee,
            user=request.user,
            expected_version=form.cleaned_data.get("version"),
        )
    except services.EditConflict as conflict:
        return _conflict_page(request, claim, conflict)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if assignee is None:
            messages.success(request, _("Unassigned."))
        else:
            messages.success(request, _("Assigned to %(user)s.") % {"user": assignee})
    return redirect("claims:claim_detail", pk=claim.pk)


def pk_url(name: str) -> Callable[[int], str]:
    """reverse() for many primary keys: one resolver call, then string formatting."""
    marker = str(2**62)
    head, tail = reverse(name, args=[marker]).split(marker)
    return lambda pk: f"{head}{pk}{tail}"


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def queue_rows(claims) -> list[dict]:
    """The queue's rows as plain dicts: with 50 rows a page, per-row template lookups on
    model instances (display methods, url tags, filters) were most of the page's cost."""
    claims = list(claims)
    flags = selectors.corroboration_flags([c.pk for c in claims], get_language() or "en")
    claim_url, article_url = pk_url("claims:claim_detail"), pk_url("claims:article_detail")
    kinds, statuses = dict(Claim.Kind.choices), dict(Claim.Status.choices)
    kinds = {key: str(label) for key, label in kinds.items()}
    statuses = {key: str(label) for key, label in statuses.items()}
    rows = []
    for claim in claims:
        rows.append(
            {
                "pk": claim.pk,
                "url": claim_url(claim.pk),
                "content": shorten(claim.content, 600),  # cut to one line by CSS; all on hover
                "claimant": str(claim.claimant) if claim.claimant else claim.source_text or "—",
                "kind": kinds.get(claim.kind, claim.kind),
                "checkworthiness": number_format(claim.checkworthiness, 2),
                "status": claim.status,
                "status_label": statuses.get(claim.status, claim.status),
                "assignee": claim.assignee.get_username() if claim.assignee else "—",
                "rating": claim.current_rating_label or "—",
                "article_url": article_url(claim.article_id),
                "article": shorten(str(claim.article), 200),
                **flags.get(claim.pk, {}),
            }
        )
    return rows


@require_GET
@can_read
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    # cleaned_data keeps the valid parameters only: an invalid one is reported (problems)
    # and left out, the others still apply.
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    claims = (
        selectors.claim_list(user=request.user, filters=filters)
        .select_related("article", "claimant", "assignee")
        .defer("article__text")
        .with_current_rating_label(request.LANGUAGE_CODE)
    )
    page = CappedPaginator(claims, PAGE_SIZE, cap=QUEUE_COUNT_CAP).get_page(request.GET.get("page"))
    counts = status_counts()
    rows = queue_rows(page.object_list)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "counts": counts,
        "filter_problems": form.problems() if form.is_bound else [],
        "export_links": export_links(request),
    }
    template = "claims/queue.html#queue-table" if request.htmx else "claims/queue.html"
    return render(request, template, context)


@require_POST
@can_read
def queue_bulk(request: HttpRequest) -> HttpResponse:
    """Bulk action from the queue: a confirmation page first, then all claims or none."""
    form = BulkForm(request.POST)
    if not form.is_valid():
        problems = [m for errors in form.errors.values() for m in errors]
        messages.error(request, " ".join(problems) or _("Select claims and an action first."))
        return redirect(form.cleaned_data.get("next") or reverse("claims:queue"))
    data = form.cleaned_data
    back = data["next"]
    claims = list(data["ids"].select_related("article"))
    if not data["confirm"]:
        return render(request, "claims/queue_confirm.html", {"form": form, "claims": claims})
    try:
        count = services.claims_bulk_apply(
            claims=claims, action=data["action"], user=request.user, reason=data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if data["action"] == "take":
            done = ngettext("%(n)s claim assigned to you.", "%(n)s claims assigned to you.", count)
        else:
            done = ngettext("%(n)s claim dismissed.", "%(n)s claims dismissed.", count)
        messages.success(request, done % {"n": count})
    return redirect(back)


@require_GET
@can_read
def export_csv(request: HttpRequest) -> HttpResponse:
    """The queue's selection as CSV, with the queue's filters; an invalid parameter gets a
    400 page that names it rather than a file with different rows."""
    options, problems = csv_export.parse(request.GET, lang=request.LANGUAGE_CODE)
    if options is None:
        return render(request, "claims/export_error.html", {"problems": problems}, status=400)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    chunks = csv_export.export_chunks(options, user=request.user)
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{options.filename}-{stamp}.csv"'
    return response


def export_links(request: HttpRequest) -> list[tuple[str, str]]:
    """The export links of the queue, each carrying the queue's current filters (not the
    page); published-only replaces the status filter, the one it cannot combine with."""
    base = reverse("claims:export_csv")
    links = []
    for label, extra, drop in (
        (_("Export verdicts (CSV)"), {}, ()),
        (_("Verdict history (CSV)"), {"shape": "history"}, ()),
        (_("Published only (CSV)"), {"published": "1"}, ("status",)),
    ):
        params = request.GET.copy()
        for name in ("page", *drop):
            params.pop(name, None)
        for name, value in extra.items():
            params[name] = value
        links.append((label, f"{base}?{params.urlencode()}" if params else base))
    return links


def login_locked_out(request: HttpRequest, original_response=None, credentials=None):
    """django-axes' answer to a login attempt while blocked: the site's page, in words."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {"minutes": minutes, "limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/locked_out.html", context, status=429)
