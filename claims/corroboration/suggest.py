"""Corroboration of one claim: ranked reports become suggested evidence, earlier checked
claims become matches. Services (re-exported by `claims.services`); re-running them
leaves the same rows."""

import logging
from dataclasses import dataclass

from babel import Locale
from django.conf import settings
from django.db import IntegrityError, transaction

from ..claimreview.store import claim_match_factchecks
from ..extraction.claimants import SEATS_OF_POWER, country_code
from ..extraction.text import word_tokens
from ..jobs import (
    RANKING,
    SEARCHING,
    WAITING,
    Parts,
    job_dispatch,
    job_fail,
    job_progress,
    job_start,
    job_succeed,
)
from ..models import Claim, ClaimEvent, ClaimMatch, Evidence, Job, Report, Source
from . import index, stance
from .reports import source_search

logger = logging.getLogger(__name__)


@dataclass
class CorroborationResult:
    suggested: int = 0  # new suggestions
    updated: int = 0  # existing, still unreviewed suggestions re-scored
    matches: int = 0  # earlier checked claims found
    factchecks: int = 0  # earlier fact-checks by other organisations found
    conflicts: int = 0
    search_errors: tuple[str, ...] = ()

    def summary(self) -> Parts:
        """The job's message, language-neutral (translated when shown: Job.display_message)."""
        parts: Parts = [
            ("suggested", {"count": self.suggested}),
            ("matches", {"count": self.matches}),
        ]
        if self.conflicts:
            parts.append(("conflicts", {"count": self.conflicts}))
        if self.search_errors:
            parts.append(("search_failed", {"errors": "; ".join(self.search_errors)[:400]}))
        return parts


def claimant_names(claim: Claim) -> list[str]:
    """Names a report may quote the claimant by: the source as written, the claimant,
    its aliases, and for a government its country and seat of power in both languages."""
    names = [claim.source_text] if claim.source_text else []
    claimant = claim.claimant
    if claimant is not None:
        bare = claimant.name.removesuffix(" (government)")
        names += [claimant.name, bare, *(a.alias for a in claimant.aliases.all())]
        code = country_code(bare) if bare != claimant.name else None
        if code:
            names += [Locale(lang).territories.get(code, "") for lang in ("en", "fr")]
            names += [seat for seat, c in SEATS_OF_POWER.items() if c == code]
    return list(dict.fromkeys(n for n in names if n))


def _search_words(claim: Claim) -> list[str]:
    """A short keyword query for a source's search page: names first, then long words."""
    names = [e["text"] for e in claim.entities if e.get("text")]
    words = [w for w in word_tokens(claim.content) if len(w) >= 5 and not w.isdigit()]
    return list(dict.fromkeys([*names, *words]))[:8]


def _hints(claim: Claim, figures: list[stance.Figure], names: list[str], report: Report) -> list:
    return stance.hints_for(
        claim_figures=figures,
        claimant_names=names,
        report_text=f"{report.title}. {report.text}",
        report_lang=report.language or claim.article.language,
        report_published=report.published_at,
        claim_published=claim.article.published_at or claim.article.created_at,
    )


def _suggested_stance(hints: list[dict]) -> str:
    kinds = {h["kind"] for h in hints}
    if "quantity_conflict" in kinds:
        return Evidence.Stance.REFUTES
    if "quantity_match" in kinds or "claimant_quoted" in kinds:
        return Evidence.Stance.SUPPORTS
    return Evidence.Stance.CONTEXT


def _suggestion_values(report: Report, ranked, hints: list[dict]) -> dict:
    return {
        "report": report,
        "score": round(ranked.score, 4),
        "matched_terms": list(ranked.matched_terms)[:12],
        "hints": hints,
        "conflict": any(h["kind"] == "quantity_conflict" for h in hints),
        "stance": _suggested_stance(hints),
    }


def _upsert_suggestion(claim: Claim, current: Evidence | None, values: dict) -> str:
    """'created', 'updated' or 'kept' (a reviewed or reviewer-added link is never touched)."""
    url = values["report"].url
    if current is None:
        try:
            with transaction.atomic():
                Evidence.objects.create(
                    claim=claim, url=url, origin=Evidence.Origin.SUGGESTED, **values
                )
        except IntegrityError:
            return "kept"  # a concurrent run stored it first
        return "created"
    if current.origin != Evidence.Origin.SUGGESTED or current.accepted is not None:
        return "kept"
    Evidence.objects.filter(pk=current.pk).update(**values)
    return "updated"


def _search_sources(claim: Claim) -> tuple[str, ...]:
    """Ask the sources that have a search URL; their hits are indexed like feed entries."""
    if not settings.CORROBORATE_SEARCH_SOURCES:
        return ()
    errors = []
    for source in Source.objects.filter(active=True).exclude(search_url_template=""):
        result = source_search(source=source, terms=_search_words(claim))
        if result.error:
            errors.append(result.error)
    return tuple(errors)


def _suggest_reports(claim: Claim, query, result: CorroborationResult) -> None:
    ranked = [
        r
        for r in index.search_reports(query, k=settings.CORROBORATE_MAX_SUGGESTIONS)
        if r.score >= settings.CORROBORATE_MIN_SCORE
    ]
    reports = Report.objects.in_bulk([r.id for r in ranked])
    urls = [report.url for report in reports.values()]
    existing = {e.url: e for e in Evidence.objects.filter(claim=claim, url__in=urls)}
    figures = stance.figures(claim.content, claim.article.language)
    names = claimant_names(claim)
    for item in ranked:
        report = reports.get(item.id)
        if report is None or report.url == claim.article.url:
            continue
        values = _suggestion_values(report, item, _hints(claim, figures, names, report))
        outcome = _upsert_suggestion(claim, existing.get(report.url), values)
        result.suggested += outcome == "created"
        result.updated += outcome == "updated"
        result.conflicts += outcome != "kept" and values["conflict"]


def _match_earlier(claim: Claim, query, result: CorroborationResult) -> None:
    """Earlier checked claims the matcher judges the same statement (ranked by the ranker,
    kept by the matcher's absolute probability)."""
    ranked = index.search_claims(query, k=5, exclude_claim_id=claim.pk)
    same = index.same_claim_probabilities(query, [r.id for r in ranked])
    earlier = Claim.objects.in_bulk([r.id for r in ranked])
    for item in ranked:
        other, probability = earlier.get(item.id), same.get(item.id, 0.0)
        if other is None or probability < settings.CLAIM_MATCH_MIN_SCORE:
            continue
        _match, created = ClaimMatch.objects.update_or_create(
            claim=claim,
            earlier=other,
            defaults={
                "score": round(probability, 4),
                "matched_terms": list(item.matched_terms)[:12],
                "same_claimant": bool(claim.claimant_id) and claim.claimant_id == other.claimant_id,
            },
        )
        result.matches += created


def claim_corroborate(*, claim_id: int, job_id: int | None = None) -> CorroborationResult:
    """Find reports and earlier checks for a claim and store them as suggestions."""
    try:
        return _corroborate(claim_id, job_id)
    except Exception as exc:
        logger.exception("corroboration failed for claim %s", claim_id)
        error = f"{exc.__class__.__name__}: {exc}"[:1900]
        job_fail(job_id, [("corroboration_failed", {"error": error})])
        raise


def _corroborate(claim_id: int, job_id: int | None) -> CorroborationResult:
    claim = Claim.objects.select_related("article", "claimant").get(pk=claim_id)
    job_start(job_id, SEARCHING)
    result = CorroborationResult(search_errors=_search_sources(claim))
    job_progress(job_id, 50, RANKING)
    query = index.query_for_claim(claim)
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        _suggest_reports(claim, query, result)
        _match_earlier(claim, query, result)
        result.factchecks = claim_match_factchecks(claim=claim, query=query)
        if result.suggested or result.matches or result.factchecks:
            changes = {
                "reports": [None, result.suggested],
                "earlier_checks": [None, result.matches],
            }
            if result.factchecks:
                changes["earlier_factchecks"] = [None, result.factchecks]
            ClaimEvent.objects.create(
                claim=locked, actor=None, action=ClaimEvent.Action.SUGGESTED, changes=changes
            )
        job_succeed(job_id, result.summary())
    return result


def claim_corroboration_enqueue(*, claim: Claim, user=None) -> Job:
    """A corroboration job for the claim, queued after commit; one running job at a time."""
    with transaction.atomic():
        Claim.objects.select_for_update().get(pk=claim.pk)
        pending = claim.jobs.filter(
            kind=Job.Kind.CORROBORATE,
            state__in=[Job.State.UNSENT, Job.State.QUEUED, Job.State.RUNNING],
        ).first()
        if pending is not None:
            if pending.state == Job.State.UNSENT:
                # Asked again while the broker was unreachable: try sending it now.
                transaction.on_commit(lambda: job_dispatch(pending))
            return pending
        job = Job.objects.create(
            kind=Job.Kind.CORROBORATE,
            claim=claim,
            created_by=user if user is not None and user.is_authenticated else None,
            message=WAITING,
        )
        transaction.on_commit(lambda: job_dispatch(job))
    return job


def claims_corroborate_new(*, article_id: int) -> int:
    """Queue corroboration for an article's check-worthy new claims (after extraction)."""
    claims = Claim.objects.filter(
        article_id=article_id,
        status=Claim.Status.NEW,
        checkworthiness__gte=settings.CORROBORATE_MIN_CHECKWORTHINESS,
        duplicate_of__isnull=True,
    )
    count = 0
    for claim in claims:
        claim_corroboration_enqueue(claim=claim)
        count += 1
    return count
