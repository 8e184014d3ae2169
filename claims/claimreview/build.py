"""The schema.org ClaimReview of a published verdict, as Google's fact-check documentation
asks for it: required claimReviewed, reviewRating (with alternateName) and url; recommended
author, datePublished, itemReviewed (a Claim with author, datePublished, appearance,
firstAppearance) and the rating's ratingValue, bestRating, worstRating and name."""

from datetime import datetime

from django.conf import settings

from ..models import Article, Claim, Claimant, Verdict

CONTEXT = "https://schema.org"
# Google shows claimReviewed on one line of a phone: the claim is cut past this.
CLAIM_REVIEWED_MAX_CHARS = 300


def organisation() -> dict:
    """Who publishes the reviews: our organisation, from the settings."""
    return {
        "@type": "Organization",
        "name": settings.ORGANISATION_NAME,
        "url": settings.ORGANISATION_URL,
    }


def _claimant(claim: Claim) -> dict | None:
    """The claim's author: a Person for a person, an Organization for anyone else."""
    claimant: Claimant | None = claim.claimant
    if claimant is not None:
        kind = "Person" if claimant.kind == Claimant.Kind.PERSON else "Organization"
        return {"@type": kind, "name": claimant.name}
    if claim.source_text:
        return {"@type": "Organization", "name": claim.source_text}
    return None


def _work(article: Article) -> dict:
    work = {"@type": "CreativeWork", "url": article.url}
    if article.title:
        work["headline"] = article.title
    if article.published_at:
        work["datePublished"] = article.published_at.isoformat()
    return work


def _first_article(claim: Claim) -> Article | None:
    """The earliest dated article carrying the same claim (its cluster), when it is not
    the claim's own: where the claim first appeared, as far as we know."""
    if not claim.cluster_id:
        return None
    first = (
        Article.objects.filter(claims__cluster_id=claim.cluster_id, published_at__isnull=False)
        .exclude(url="")
        .defer("text")
        .order_by("published_at", "id")
        .first()
    )
    return first if first is not None and first.pk != claim.article_id else None


def item_reviewed(claim: Claim) -> dict:
    """The Claim the review is about: who made it, when, and where it appeared."""
    article = claim.article
    item: dict = {"@type": "Claim", "text": claim.content}
    if author := _claimant(claim):
        item["author"] = author
    if article.published_at:
        item["datePublished"] = article.published_at.date().isoformat()
    if article.url:
        item["appearance"] = _work(article)
    first = _first_article(claim)
    if first is not None:
        item["firstAppearance"] = _work(first)
    return item


def review_rating(verdict: Verdict, language: str) -> dict:
    rating = verdict.rating
    label = rating.label(language)
    return {
        "@type": "Rating",
        "ratingValue": rating.rating_value,
        "bestRating": rating.best_rating,
        "worstRating": rating.worst_rating,
        "alternateName": label,
        "name": label,
    }


def claim_review(claim: Claim, verdict: Verdict, *, url: str, published_at: datetime) -> dict:
    """The ClaimReview JSON-LD object (with its @context) of a published verdict."""
    language = claim.article.language
    content = claim.content
    if len(content) > CLAIM_REVIEWED_MAX_CHARS:
        content = content[: CLAIM_REVIEWED_MAX_CHARS - 1].rstrip() + "…"
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": content,
        "itemReviewed": item_reviewed(claim),
        "reviewRating": review_rating(verdict, language),
        "reviewBody": verdict.rationale,
        "author": organisation(),
        "datePublished": published_at.date().isoformat(),
        "inLanguage": language,
    }
