"""Feeds (RSS, Atom) parsed from bytes we fetched ourselves: feedparser never fetches."""

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str
    summary: str
    published_at: datetime | None  # aware, UTC
    language: str
    content_html: str


@dataclass(frozen=True)
class ParsedFeed:
    entries: list[FeedEntry] = field(default_factory=list)
    error: str = ""  # why the feed is malformed; its readable entries are still there


def _published(entry) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        return datetime(*parsed[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _entry(entry, *, base_url: str, feed_language: str) -> FeedEntry | None:
    link = (entry.get("link") or "").strip()
    if not link:
        return None
    content = entry.get("content") or []
    return FeedEntry(
        url=urljoin(base_url, link) if base_url else link,
        title=(entry.get("title") or "").strip(),
        summary=entry.get("summary") or "",
        published_at=_published(entry),
        language=(entry.get("language") or feed_language or "").lower(),
        content_html=content[0].get("value", "") if content else "",
    )


def parse_feed(data: bytes, *, base_url: str = "") -> ParsedFeed:
    # A file object, never a string: feedparser would fetch a string that looks like a URL.
    # Its XML parser (expat) neither reads external entities nor expands entity bombs.
    # The charset comes from the XML declaration (application/xml defaults to UTF-8).
    headers = {"content-type": "application/xml", "content-location": base_url}
    parsed = feedparser.parse(
        io.BytesIO(data), response_headers=headers, resolve_relative_uris=bool(base_url)
    )
    feed_language = parsed.feed.get("language") or ""
    entries = [_entry(e, base_url=base_url, feed_language=feed_language) for e in parsed.entries]
    error = str(parsed.get("bozo_exception") or "") if parsed.get("bozo") else ""
    return ParsedFeed(entries=[e for e in entries if e], error=error)
