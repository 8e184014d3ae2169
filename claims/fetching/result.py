"""What a fetch returns, and how its body becomes text."""

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
JSON_TYPES = ("application/json", "application/ld+json", "text/json")

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']""")
_WESTERN = ("utf_8", "cp1252", "latin_1", "iso8859_15")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def split_content_type(value: str) -> tuple[str, str | None]:
    """("text/html", "iso-8859-1") from 'text/html; charset="ISO-8859-1"'."""
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'").lower()
    return mime.strip().lower(), charset


def declared_charset(content: bytes) -> str | None:
    """The charset a document declares in its first bytes: <meta> or XML declaration."""
    head = content[:4096]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "ignore").lower() if match else None


def decode(content: bytes, header_charset: str | None) -> str:
    # A byte-order mark wins over the header, as in browsers.
    bom = next((name for mark, name in _BOMS if content.startswith(mark)), None)
    for charset in (bom, header_charset, declared_charset(content)):
        if not charset:
            continue
        try:
            return content.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _detected(content) or content.decode("utf-8", errors="replace")


def _detected(content: bytes) -> str | None:
    """The text in the charset detection finds likeliest, Western charsets first on a near
    tie: on French or English text charset-normalizer cannot tell windows-1252 from
    windows-1250 or -1257, and windows-1252 is what unlabelled Western pages use."""
    matches = from_bytes(content)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if match.encoding in _WESTERN and match.chaos <= best.chaos + 0.05:
            return str(match)
    return str(best)


@dataclass(frozen=True)
class FetchResult:
    url: str  # requested URL
    final_url: str  # after redirects
    status: int  # 200, or 304 when not_modified
    headers: dict[str, str]  # lower-cased names
    content: bytes  # decompressed body (b"" for 304)
    content_type: str  # e.g. "text/html"
    encoding: str | None  # the charset the Content-Type header names, if any
    etag: str
    last_modified: str
    not_modified: bool

    def text(self) -> str:
        """The body decoded: header charset, then the document's own declaration, then
        UTF-8, then a detected charset."""
        return decode(self.content, self.encoding)
