"""The one safe HTTP client of the project: feeds, source searches, URL ingest.

Every request goes through the guard against server-side request forgery (checked after
DNS, pinned to the checked address, on every redirect), within size and time caps, and
politely: robots.txt, a delay per host shared by all workers, backing off when asked.
"""

from .client import fetch
from .errors import (
    BadContentType,
    BlockedURL,
    DeadlineExceeded,
    FetchError,
    HTTPStatusError,
    RobotsDisallowed,
    TooLarge,
)
from .feeds import FeedEntry, ParsedFeed, parse_feed
from .result import FEED_TYPES, HTML_TYPES, JSON_TYPES, FetchResult
from .urls import canonical_url

__all__ = [
    "FEED_TYPES",
    "HTML_TYPES",
    "JSON_TYPES",
    "BadContentType",
    "BlockedURL",
    "DeadlineExceeded",
    "FeedEntry",
    "FetchError",
    "FetchResult",
    "HTTPStatusError",
    "ParsedFeed",
    "RobotsDisallowed",
    "TooLarge",
    "canonical_url",
    "fetch",
    "parse_feed",
]
