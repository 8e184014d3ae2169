"""Reports: storing them once, and polling the feeds and search pages that bring them.

The write functions here are services (re-exported by `claims.services`): tasks, admin
actions and commands call them; nothing else writes a Report or a Feed's state.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote_plus

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.html import strip_tags

from .. import fetching, ingest
from ..extraction import detect_language
from ..models import Feed, Report, Source
from . import index

logger = logging.getLogger(__name__)


@dataclass
class PollResult:
    """What one poll of a feed (or a search page) did, in words for the admin."""

    new: int = 0
    seen: int = 0
    not_modified: bool = False
    error: str = ""

    def summary(self) -> str:
        if self.error and not self.new:
            return self.error
        if self.not_modified:
            return "not modified since the last poll"
        text = f"{self.new} new report(s), {self.seen} already stored"
        return f"{text}; {self.error}" if self.error else text


def _language(declared: str | None, title: str, text: str) -> str:
    declared = (declared or "").lower()[:2]
    if declared in ("fr", "en"):
        return declared
    sample = f"{title}. {text}"[:2000]
    return detect_language(sample) if len(sample) > 20 else ""


def report_store(
    *,
    url: str,
    title: str,
    text: str,
    language: str | None = None,
    published_at: datetime | None = None,
    source: Source | None = None,
    feed: Feed | None = None,
    origin: str = Report.Origin.FEED,
) -> tuple[Report, bool]:
    """Store a report once (by canonical URL, then by content) and index it for search."""
    canonical = fetching.canonical_url(url)
    title = " ".join(title.split())[:500]
    text = text.strip()[: settings.REPORT_MAX_TEXT_CHARS]
    # The same story under two addresses: one hash of title and text, case aside.
    digest = ingest.content_hash(f"{title}\n{text}".lower()) if (title or text) else ""
    existing = Report.objects.filter(Q(url=canonical) | Q(content_hash=digest, content_hash__gt=""))
    if found := existing.first():
        return found, False
    try:
        with transaction.atomic():
            report = Report.objects.create(
                url=canonical,
                title=title,
                text=text,
                language=_language(language, title, text),
                published_at=published_at,
                source=source or (feed.source if feed else None),
                feed=feed,
                origin=origin,
                content_hash=digest,
            )
            index.index_report(report)
    except IntegrityError:
        # Another worker stored the same URL or story between our lookup and insert.
        return existing.get(), False
    return report, True


def _page(url: str) -> ingest.IngestedText | None:
    """An entry's article page as text, or None when it cannot be fetched or read."""
    try:
        return ingest.text_from_url(url)
    except ingest.IngestError as exc:
        logger.info("report page %s not used: %s", url, exc)
        return None


def _entry_report(
    entry: fetching.FeedEntry, *, source: Source | None, feed: Feed | None, origin: str, page: bool
) -> tuple[Report, bool]:
    text = " ".join(strip_tags(entry.content_html or entry.summary or "").split())
    title, language, published = entry.title, entry.language, entry.published_at
    fetched = _page(entry.url) if page else None
    if fetched is not None:
        text, title = fetched.text, title or fetched.title
        language = language or fetched.language
        published = published or fetched.published_at
    return report_store(
        url=entry.url,
        title=title or entry.url,
        text=text,
        language=language,
        published_at=published,
        source=source,
        feed=feed,
        origin=origin,
    )


def _store_entries(
    entries: list[fetching.FeedEntry], *, source: Source | None, feed: Feed | None, origin: str
) -> PollResult:
    result = PollResult()
    known = set(
        Report.objects.filter(
            url__in=[fetching.canonical_url(e.url) for e in entries if e.url]
        ).values_list("url", flat=True)
    )
    for entry in entries:
        if not entry.url or fetching.canonical_url(entry.url) in known:
            result.seen += 1
            continue
        if result.new >= settings.FEED_MAX_NEW_ENTRIES:
            break  # the rest waits for the next poll
        page = settings.FEED_FETCH_PAGES
        report, created = _entry_report(entry, source=source, feed=feed, origin=origin, page=page)
        if created:
            result.new += 1
        else:
            result.seen += 1
    return result


def feed_poll(*, feed_id: int) -> PollResult:
    """Fetch a feed (conditional GET), store its new entries as reports, record its health."""
    feed = Feed.objects.select_related("source").get(pk=feed_id)
    now = timezone.now()
    try:
        response = fetching.fetch(
            feed.url,
            accept=fetching.FEED_TYPES,
            etag=feed.etag,
            last_modified=feed.last_modified,
        )
    except fetching.FetchError as exc:
        Feed.objects.filter(pk=feed.pk).update(last_fetched_at=now, last_error=str(exc)[:2000])
        return PollResult(error=str(exc))
    if response.not_modified:
        Feed.objects.filter(pk=feed.pk).update(
            last_fetched_at=now, last_success_at=now, last_error=""
        )
        return PollResult(not_modified=True)
    parsed = fetching.parse_feed(response.content, base_url=response.final_url)
    result = _store_entries(
        parsed.entries, source=feed.source, feed=feed, origin=Report.Origin.FEED
    )
    result.error = parsed.error
    Feed.objects.filter(pk=feed.pk).update(
        last_fetched_at=now,
        last_success_at=now,
        last_error=parsed.error[:2000],
        last_entry_count=len(parsed.entries),
        etag=response.etag[:500],
        last_modified=response.last_modified[:100],
    )
    return result


def feed_test(*, feed: Feed) -> str:
    """Fetch and parse a feed without storing anything: what an editor sees before saving."""
    label = f"{feed.source.name} — {feed.url}"
    try:
        response = fetching.fetch(feed.url, accept=fetching.FEED_TYPES)
    except fetching.FetchError as exc:
        return f"{label}: {exc}"
    parsed = fetching.parse_feed(response.content, base_url=response.final_url)
    titles = "; ".join(e.title for e in parsed.entries[:3] if e.title)
    text = f"{label}: {len(parsed.entries)} entries"
    text += f" (e.g. {titles})" if titles else ""
    return f"{text}; {parsed.error}" if parsed.error else text


def feeds_due(*, now: datetime | None = None) -> list[int]:
    """Feeds of active sources whose source's fetch interval has passed since the last poll."""
    now = now or timezone.now()
    feeds = Feed.objects.filter(source__active=True).annotate(
        interval=F("source__fetch_interval_minutes")
    )
    due = []
    for feed_id, last, minutes in feeds.values_list("pk", "last_fetched_at", "interval"):
        if last is None or last + timedelta(minutes=minutes) <= now:
            due.append(feed_id)
    return due


def source_search(*, source: Source, terms: list[str]) -> PollResult:
    """Run a source's search URL for these words; a search answering with RSS or Atom
    brings reports (an HTML results page is not scraped)."""
    if not source.search_url_template or "{query}" not in source.search_url_template:
        return PollResult(error=f"{source.name} has no search URL with {{query}}")
    query = " ".join(terms[:8])
    url = source.search_url_template.replace("{query}", quote_plus(query))
    try:
        response = fetching.fetch(url, accept=fetching.FEED_TYPES)
    except fetching.FetchError as exc:
        return PollResult(error=f"{source.name}: {exc}")
    parsed = fetching.parse_feed(response.content, base_url=response.final_url)
    result = _store_entries(
        parsed.entries[: settings.SEARCH_MAX_RESULTS],
        source=source,
        feed=None,
        origin=Report.Origin.SEARCH,
    )
    result.error = parsed.error
    return result
