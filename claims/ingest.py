"""Turning what a newsroom hands us (pasted text, .txt or .html files) into article text."""

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from babel import Locale, UnknownLocaleError
from charset_normalizer import from_bytes
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import fetching
from .extraction import detect_language
from .extraction.nlp import foreign_language


class IngestError(ValueError):
    """Input that cannot become an article; the message is shown to the user as is."""


@dataclass(frozen=True)
class IngestedText:
    text: str
    title: str
    language: str
    published_at: datetime | None = None  # from an HTML page's metadata, when it has one


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


# Codecs Python knows that are not character sets (Unicode transformations and escapes);
# the bytes-to-bytes ones (base64, rot13, zlib…) are flagged by the codec itself.
_NOT_CHARSETS = {"punycode", "idna", "unicode-escape", "raw-unicode-escape", "undefined"}


def _charset(name: str) -> str | None:
    """The codec for a declared charset; None when Python does not know the name (it is
    skipped, as browsers do); IngestError when the name is a codec but not a charset."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        raise IngestError(
            _(
                "The file declares its character encoding as “%(name)s”, which is not a "
                "character set. Save it as UTF-8 and upload it again."
            )
            % {"name": name[:40]}
        )
    return info.name


def _refuse_nul(text: str) -> str:
    """NUL characters never belong to an article (and PostgreSQL cannot store them)."""
    if "\x00" in text:
        raise IngestError(
            _(
                "The text contains NUL characters (the first at character %(at)s): it is "
                "binary or damaged, not an article. Save it again as plain text (UTF-8)."
            )
            % {"at": f"{text.index(chr(0)) + 1:,}"}
        )
    return text


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode uploaded bytes: BOM, declared charset, UTF-8, then a detected charset."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(_("This file looks binary, not text. Upload a .txt or .html article."))
    candidates = []
    if data.startswith(b"\xef\xbb\xbf"):
        candidates.append("utf-8-sig")
    if declared:
        candidates.append(declared)
    match = _META_CHARSET.search(data[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", "ignore"))
    candidates.append("utf-8")
    for name in candidates:
        encoding = _charset(name)
        if encoding is None:
            continue
        try:
            return _refuse_nul(data.decode(encoding))
        except UnicodeError:
            continue
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError(_("The file's character encoding could not be determined."))
    return _refuse_nul(str(best))


def _check_text(text: str) -> str:
    text = _refuse_nul(text)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise IngestError(_("The article is empty."))
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t")
    if controls > max(10, len(text) // 100):
        raise IngestError(_("This looks like binary data, not an article's text."))
    if sum(c.isalpha() for c in text) < 20:
        raise IngestError(_("The article has too little text to extract claims from."))
    return text


def text_from_plain(text: str, *, title: str = "", language: str | None = None) -> IngestedText:
    text = _check_text(text)
    if not title:
        first_line = text.strip().split("\n", 1)[0]
        title = first_line[:120] + ("…" if len(first_line) > 120 else "")
    _check_language(text)
    return IngestedText(text=text, title=title, language=language or detect_language(text))


def text_from_html(
    html: str, *, title: str = "", language: str | None = None, url: str | None = None
) -> IngestedText:
    """Main text of an HTML page (trafilatura), keeping paragraphs as lines."""
    if not html.strip():
        raise IngestError(_("The page is empty."))
    import trafilatura  # here: loaded only by the processes that read web pages

    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=True,
    )
    body = getattr(extracted, "text", None) if extracted else None
    if not body or not body.strip():
        raise IngestError(_("No article text was found in this HTML page."))
    page_title = title or (getattr(extracted, "title", None) or "")
    lang = language or getattr(extracted, "language", None)
    result = text_from_plain(
        body, title=page_title, language=lang if lang in ("fr", "en") else None
    )
    return replace(result, published_at=_page_date(getattr(extracted, "date", None)))


def _page_date(value: str | None) -> datetime | None:
    """trafilatura's date (ISO, often without a time zone: taken as UTC)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def text_from_upload(
    name: str,
    data: bytes,
    *,
    title: str = "",
    language: str | None = None,
    url: str | None = None,
) -> IngestedText:
    """An uploaded .txt or .html file, decoded and, for HTML, reduced to the article."""
    name = name.lower()
    decoded = decode_bytes(data)
    looks_html = decoded.lstrip()[:200].lower().startswith(("<!doctype html", "<html"))
    if name.endswith((".html", ".htm")) or looks_html:
        return text_from_html(decoded, title=title, language=language, url=url)
    if name.endswith(".txt") or not name:
        return text_from_plain(decoded, title=title, language=language)
    raise IngestError(_("Upload a .txt or .html file."))


def text_from_url(url: str, *, title: str = "", language: str | None = None) -> IngestedText:
    """The article at a web address, fetched through the guarded client."""
    try:
        page = fetching.fetch(url, accept=(*fetching.HTML_TYPES, "text/plain"))
    except fetching.FetchError as exc:
        raise IngestError(
            _("The page at %(url)s could not be fetched: %(error)s") % {"url": url, "error": exc}
        ) from exc
    if page.content_type == "text/plain":
        return text_from_plain(page.text(), title=title, language=language)
    return text_from_html(page.text(), title=title, language=language, url=page.final_url)


def content_hash(text: str) -> str:
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def _check_language(text: str) -> None:
    """Refuse a text clearly written in another language: it would be parsed as French or
    English and give nonsense claims. Short or mixed texts are accepted."""
    code = foreign_language(text)
    if code is None:
        return
    try:
        names = Locale.parse((get_language() or "en").replace("-", "_")).languages
    except (UnknownLocaleError, ValueError):
        names = Locale("en").languages
    raise IngestError(
        _("This text looks %(language)s; the workbench reads French and English.")
        % {"language": names.get(code, code)}
    )
