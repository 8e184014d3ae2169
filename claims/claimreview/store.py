"""Writes of ClaimReview import and matching: services, re-exported by `claims.services`.

An import is one transaction and leaves one FactCheckImport row (who, what, the counts
and every skipped item with its reason); the same review URL imported again updates its
row, so re-importing a feed never duplicates anything."""

from dataclasses import asdict
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import fetching, ingest
from ..corroboration import index
from ..corroboration.ranker import Query
from ..extraction.nlp import detect_language
from ..models import Claim, ClaimEvent, ExternalFactCheck, FactCheckImport, FactCheckMatch
from .match import index_terms, matching_factchecks, stored_terms
from .parse import Parsed, ParsedReview, parse_document

IMPORT_PERMISSIONS = ("claims.add_externalfactcheck", "claims.change_externalfactcheck")


def _require_import(user: AbstractBaseUser | None) -> None:
    """A person needs the import permissions; None is the system (a command or a task)."""
    if user is not None and not user.has_perms(IMPORT_PERMISSIONS):
        raise PermissionDenied("You are not allowed to import fact-checks.")


def _fields(review: ParsedReview) -> dict:
    values = asdict(review)
    values.pop("url")
    values["language"] = review.language or detect_language(review.claim_text)
    terms = index_terms(review.claim_text, values["language"])
    values["terms"], values["length"] = stored_terms(terms), len(terms)
    return values


def _store(reviews: list[ParsedReview], user, record: FactCheckImport) -> None:
    latest = {review.url: review for review in reviews}  # the last one of a URL wins
    existing = {
        check.url: check for check in ExternalFactCheck.objects.filter(url__in=list(latest))
    }
    for url, review in latest.items():
        values = _fields(review)
        check = existing.get(url)
        if check is None:
            try:
                with transaction.atomic():
                    ExternalFactCheck.objects.create(url=url, imported_by=_person(user), **values)
                record.created += 1
                continue
            except IntegrityError:
                # Another import stored this URL meanwhile: update its row instead.
                check = ExternalFactCheck.objects.filter(url=url).first()
                if check is None:
                    raise
        if any(getattr(check, name) != value for name, value in values.items()):
            ExternalFactCheck.objects.filter(pk=check.pk).update(**values)
            record.updated += 1
        else:
            record.unchanged += 1


def _person(user):
    return user if user is not None and user.is_authenticated else None


def factchecks_import(
    *, parsed: Parsed, source: str, user: AbstractBaseUser | None = None
) -> FactCheckImport:
    """Store parsed reviews (created, updated or unchanged by URL) and the import record."""
    _require_import(user)
    with transaction.atomic():
        record = FactCheckImport(source=source[:2000], actor=_person(user))
        record.skipped = list(parsed.skipped)
        _store(parsed.reviews, user, record)
        record.save()
    return record


def factchecks_import_text(
    *, text: str, source: str, user: AbstractBaseUser | None = None
) -> FactCheckImport:
    """Import the reviews of a JSON or HTML document (a file, an upload)."""
    return factchecks_import(parsed=parse_document(text), source=source, user=user)


def factchecks_import_file(
    *, data: bytes, name: str, user: AbstractBaseUser | None = None
) -> FactCheckImport:
    """Import an uploaded or local file; one that is too large or not text is recorded as
    skipped with the reason, like any other unreadable input."""
    limit = settings.CLAIMREVIEW_IMPORT_MAX_BYTES
    if len(data) > limit:
        problem = _("The file is larger than %(limit)s bytes.") % {"limit": limit}
        return factchecks_import(parsed=Parsed(skipped=[problem]), source=name, user=user)
    try:
        text = ingest.decode_bytes(data)
    except ingest.IngestError as exc:
        return factchecks_import(parsed=Parsed(skipped=[str(exc)]), source=name, user=user)
    return factchecks_import_text(text=text, source=name, user=user)


def factchecks_import_url(
    *, url: str, user: AbstractBaseUser | None = None, max_pages: int | None = None
) -> FactCheckImport:
    """Import the reviews at a web address, following a feed's `next` links (at most
    CLAIMREVIEW_IMPORT_MAX_PAGES pages), fetched through the project's guarded client.
    A page that cannot be fetched is reported as skipped; the pages before it are kept."""
    _require_import(user)
    limit = max_pages or settings.CLAIMREVIEW_IMPORT_MAX_PAGES
    total, seen, current = Parsed(), set(), url
    while current and current not in seen:
        if len(seen) >= limit:
            total.skipped.append(
                _("Stopped after %(n)s pages; the feed goes on at %(url)s.")
                % {"n": limit, "url": current}
            )
            break
        seen.add(current)
        try:
            page = fetching.fetch(current, accept=(*fetching.JSON_TYPES, *fetching.HTML_TYPES))
        except fetching.FetchError as exc:
            total.skipped.append(
                _("%(url)s could not be fetched: %(error)s") % {"url": current, "error": exc}
            )
            break
        parsed = parse_document(page.text())
        total.reviews += parsed.reviews
        total.skipped += [f"{current}: {message}" for message in parsed.skipped]
        current = urljoin(page.final_url, parsed.next_url) if parsed.next_url else ""
    return factchecks_import(parsed=total, source=url, user=user)


def claim_match_factchecks(*, claim: Claim, query: Query) -> int:
    """Store the earlier fact-checks that state the claim; returns how many are new.
    Called inside corroboration's transaction, which records the claim's event."""
    created = 0
    for factcheck_id, probability, words in matching_factchecks(query):
        _match, new = FactCheckMatch.objects.update_or_create(
            claim=claim,
            factcheck_id=factcheck_id,
            defaults={"score": round(probability, 4), "matched_terms": words},
        )
        created += new
    return created


def open_claims_match_factchecks(*, limit: int = 5000) -> int:
    """Match the claims already in the queue (open, newest first, at most `limit`) against
    the earlier fact-checks, as corroboration does for new ones; after an import. Each
    claim given a new match gets an event. Returns the matches created."""
    claims = (
        Claim.objects.open()
        .filter(duplicate_of__isnull=True)
        .select_related("article", "claimant")
        .defer("article__text")
        .order_by("-created_at", "-id")[:limit]
    )
    total = 0
    for claim in claims:
        with transaction.atomic():
            locked = Claim.objects.select_for_update().get(pk=claim.pk)
            created = claim_match_factchecks(claim=claim, query=index.query_for_claim(claim))
            if created:
                ClaimEvent.objects.create(
                    claim=locked,
                    actor=None,
                    action=ClaimEvent.Action.SUGGESTED,
                    changes={"earlier_factchecks": [None, created]},
                )
        total += created
    return total
