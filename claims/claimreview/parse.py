"""Reading ClaimReview JSON-LD that other organisations publish.

Accepted: a JSON document (one review, a list, an `@graph`, an ItemList, or our own feed:
`{"items": [...], "next": url}`) or an HTML page with `<script type="application/ld+json">`
blocks. Whatever cannot be read is left out with a message saying what and why; nothing
here raises on bad input.
"""

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser

from django.utils.translation import gettext as _

MAX_REVIEWS = 10_000
CLAIM_MAX_CHARS = 5_000
NAME_MAX_CHARS = 300
RATING_MAX_CHARS = 200
URL_MAX_CHARS = 2_000
LANGUAGE_NAMES = {"french": "fr", "français": "fr", "francais": "fr", "english": "en"}


@dataclass(frozen=True)
class ParsedReview:
    url: str
    organisation: str
    organisation_url: str
    claim_text: str
    claimant: str
    rating: str
    rating_value: float | None
    best_rating: float | None
    worst_rating: float | None
    reviewed_on: date | None
    language: str  # "fr", "en", or "" when the review does not say
    appearance_url: str


@dataclass
class Parsed:
    reviews: list[ParsedReview] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    next_url: str = ""


class _LdScripts(HTMLParser):
    """The text of each `<script type="application/ld+json">` of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        kind = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
        self._inside = tag == "script" and kind == "application/ld+json"
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


def parse_document(text: str) -> Parsed:
    """The reviews in a JSON or HTML document, what was skipped, and the feed's next page."""
    result = Parsed()
    documents = _json_documents(text, result.skipped)
    for document in documents:
        if isinstance(document, dict) and isinstance(document.get("next"), str):
            result.next_url = document["next"].strip()
    nodes = [node for document in documents for node in _review_nodes(document)]
    if documents and not nodes:
        result.skipped.append(_("No ClaimReview was found in the document."))
    if len(nodes) > MAX_REVIEWS:
        result.skipped.append(
            _("Only the first %(n)s reviews were read; %(more)s more were left out.")
            % {"n": MAX_REVIEWS, "more": len(nodes) - MAX_REVIEWS}
        )
    for number, node in enumerate(nodes[:MAX_REVIEWS], start=1):
        review = review_from_node(node)
        if isinstance(review, ParsedReview):
            result.reviews.append(review)
        else:
            result.skipped.append(
                _("Review %(n)s%(url)s: %(reason)s")
                % {"n": number, "url": _url_note(node), "reason": review}
            )
    return result


def _url_note(node: dict) -> str:
    url = node.get("url")
    return f" ({url[:200]})" if isinstance(url, str) and url.strip() else ""


def _json_documents(text: str, skipped: list[str]) -> list:
    """The JSON values of the document: itself, or each JSON-LD block of an HTML page."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        try:
            return [json.loads(stripped)]
        except (ValueError, RecursionError) as exc:
            skipped.append(_("The file is not valid JSON: %(error)s") % {"error": exc})
            return []
    scripts = _LdScripts()
    try:
        scripts.feed(text)
        scripts.close()
    except Exception as exc:  # HTMLParser raises little, but a page is anyone's text
        skipped.append(_("The page could not be read: %(error)s") % {"error": exc})
    if not scripts.blocks:
        skipped.append(_("The document is neither JSON nor a page with JSON-LD."))
    documents = []
    for number, block in enumerate(scripts.blocks, start=1):
        try:
            documents.append(json.loads(block))
        except (ValueError, RecursionError) as exc:
            skipped.append(
                _("JSON-LD block %(n)s is not valid JSON: %(error)s") % {"n": number, "error": exc}
            )
    return documents


def _is_claim_review(node: dict) -> bool:
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    return any(
        isinstance(t, str) and t.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "ClaimReview"
        for t in types
    )


def _review_nodes(value, depth: int = 0) -> list[dict]:
    """Every ClaimReview object in a JSON value, in document order: at the top, in a list,
    an `@graph`, a feed's `items`, an ItemList, or nested in another object."""
    if depth > 20:
        return []
    if isinstance(value, list):
        return [node for item in value for node in _review_nodes(item, depth + 1)]
    if not isinstance(value, dict):
        return []
    if _is_claim_review(value):
        return [value]
    return [node for item in value.values() for node in _review_nodes(item, depth + 1)]


def _text(value, limit: int) -> str:
    """A property's text: a string, or the first string of a list; whitespace collapsed."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | int | float)), "")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return re.sub(r"\s+", " ", html.unescape(str(value))).strip()[:limit]


def _first(value) -> dict:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict)), None)
    return value if isinstance(value, dict) else {}


def _http_url(value) -> str:
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    url = _text(value, URL_MAX_CHARS + 1)
    if len(url) > URL_MAX_CHARS or not re.match(r"https?://[^\s/]+", url, re.I):
        return ""
    return url


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(str(value).replace(",", ".")) if value not in (None, "") else None
    except ValueError:
        return None
    return number if number is not None and abs(number) < 1e9 else None


def _date(value) -> date | None:
    text = _text(value, 40)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
        try:
            return date(*map(int, match.groups())) if match else None
        except ValueError:
            return None


def _language(value) -> str:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name") or ""
    text = _text(value, 40).lower()
    code = LANGUAGE_NAMES.get(text, text.split("-")[0].split("_")[0])
    return code if code in ("fr", "en") else ""


def _appearance(claim: dict) -> str:
    for key in ("appearance", "firstAppearance"):
        value = claim.get(key)
        for item in value if isinstance(value, list) else [value]:
            if url := _http_url(item):
                return url
    return ""


def review_from_node(node: dict) -> ParsedReview | str:
    """A ClaimReview object as a record, or the reason it cannot be one."""
    url = _http_url(node.get("url")) or _http_url(node.get("@id"))
    if not url:
        return _("it has no web address (url) starting with http:// or https://.")
    claim = _first(node.get("itemReviewed"))
    claim_text = _text(node.get("claimReviewed"), CLAIM_MAX_CHARS) or _text(
        claim.get("name") or claim.get("text"), CLAIM_MAX_CHARS
    )
    if not claim_text:
        return _("it does not say which claim it reviews (claimReviewed).")
    rating = _first(node.get("reviewRating"))
    rating_text = _text(rating.get("alternateName") or rating.get("name"), RATING_MAX_CHARS)
    if not rating_text:
        return _("its rating has no text (reviewRating.alternateName).")
    author = _first(node.get("author")) or _first(node.get("publisher"))
    organisation = _text(author.get("name"), NAME_MAX_CHARS) or _text(
        node.get("author"), NAME_MAX_CHARS
    )
    if not organisation:
        organisation = re.sub(r"^https?://(www\.)?", "", url, flags=re.I).split("/")[0]
    return ParsedReview(
        url=url,
        organisation=organisation,
        organisation_url=_http_url(author.get("url")),
        claim_text=claim_text,
        claimant=_text(_first(claim.get("author")).get("name") or claim.get("author"), 300),
        rating=rating_text,
        rating_value=_number(rating.get("ratingValue")),
        best_rating=_number(rating.get("bestRating")),
        worst_rating=_number(rating.get("worstRating")),
        reviewed_on=_date(node.get("datePublished")),
        language=_language(node.get("inLanguage")) or _language(claim.get("inLanguage")),
        appearance_url=_appearance(claim),
    )
