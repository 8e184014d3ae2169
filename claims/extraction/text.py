"""Text views that keep offsets.

The stored article text is never changed. Parsing works on a *parse view*: a string of
exactly the same length where typographic variants (curly and angle quotes, non-breaking
and narrow spaces, control characters) are replaced one character for one character, so
an offset into the view is an offset into the stored text.
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

DOUBLE_QUOTES = '"“”«»„‟〝〞＂'
APOSTROPHES = "’‘‛`´ʼ′"
SPACES = "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000"

_TRANSLATION = {ord(c): '"' for c in DOUBLE_QUOTES}
_TRANSLATION.update({ord(c): "'" for c in APOSTROPHES})
_TRANSLATION.update({ord(c): " " for c in SPACES})
_TRANSLATION.update({ord(c): " " for c in "\t\v\f\u200b\u200c\u200d\ufeff"})
# Keep newlines: they separate paragraphs. Other control characters become spaces.
_TRANSLATION.update({i: " " for i in range(32) if i not in (10, 13)})
_TRANSLATION[13] = "\n"
_TRANSLATION[0x2028] = "\n"
_TRANSLATION[0x2029] = "\n"


_DOUBLED_APOSTROPHE = re.compile(r"''|``")


def parse_view(text: str) -> str:
    """Same-length copy of `text` with quotes, apostrophes and spaces normalised."""
    view = text.translate(_TRANSLATION)
    # Some wires write quotation marks as two apostrophes (''Yes,'' she said).
    view = _DOUBLED_APOSTROPHE.sub('" ', view)
    # Characters outside the BMP are one str index in Python, so translate keeps length;
    # the assertion guards against a future mapping to multi-character strings.
    assert len(view) == len(text)
    return view


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _drop_combining(match: re.Match[str]) -> str:
    return "" if unicodedata.combining(match.group()) else match.group()


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case, accent-free, quote-normalised form for comparisons and lookups."""
    text = unicodedata.normalize("NFKD", parse_view(text).lower())
    # Combining marks are never ASCII: only the other characters need a look.
    return text if text.isascii() else _NON_ASCII.sub(_drop_combining, text)


WORD_RE = re.compile(r"\w+")


def word_tokens(text: str) -> list[str]:
    return WORD_RE.findall(fold(text))


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    boilerplate: bool


# Navigation, sharing prompts, bylines and credits that scrapers leave in article text.
_BOILERPLATE_LINE = re.compile(
    r"""^(?:
        suivez\b.* | lire\ aussi\b.* | [àa]\ lire\ aussi\b.* | voir\ aussi\b.*
      | sur\ le\ m[eê]me\ sujet.*
      | related(?:\ news|\ articles?|\ stories|\ coverage)?\b.* | read\ more\b.* | see\ also\b.*
      | also\ read\b.* | more\ on\ this\ story.* | recommended\b.* | most\ read\b.*
      | (?:partager|share|tweet|imprimer|print|email|e-mail|abonnez-vous|subscribe
        |newsletter)\b.{0,60}
      | follow\ (?:us|the\ latest)\b.* | sign\ up\b.{0,80} | publicit[ée] | advertisement
      | (?:photo|cr[ée]dit\ photo|image|illustration|credit)\s*:.{0,120}
      | (?:par|by)\ [A-ZÉ][\w'’.-]+(?:\ [A-ZÉ][\w'’.-]+){0,3}(?:\s*[,/|]\s*.{0,60})?
      | (?:publi[ée]|mis\ [àa]\ jour|updated|published)\b.{0,60}
      | \(?avec\ (?:afp|reuters|ap)\b.{0,40}
      | [-–—•*|_=~.…\s]*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# A line that introduces a link to another article: the next line is that article's headline.
_LINK_INTRO = re.compile(
    r"""^(?:lire\ aussi|[àa]\ lire\ aussi|voir\ aussi|suivez\ la\ couverture\ compl[eè]te
        |read\ more|see\ also|also\ read|related)\b.{0,3}$""",
    re.IGNORECASE | re.VERBOSE,
)
_BYLINE_CASE = re.compile(r"^(?:Par|By) [A-ZÉ]")
# Wire and newspaper credits: "Reporting by A; Additional reporting by B and C; Editing by
# D", "A reported from Midway Atoll, and B from Hawaii", "A contributed reporting."
_NAMES = r"[A-Z][\w'’-]*\.?(?:\ [A-Z][\w'’-]*\.?)*"
_CREDIT = re.compile(
    rf"""^\(?(?:Additional\ )?(?:[Rr]eporting|[Ee]diting|[Ww]riting|[Cc]ompiled|[Gg]raphics)
        \ by\ {_NAMES}(?:(?:,\ |\ and\ |,\ and\ ){_NAMES})*(?:\ in\ {_NAMES})?\)?$""",
    re.VERBOSE,
)
_REPORTED_FROM = re.compile(
    rf"^{_NAMES}(?:(?:,\ |\ and\ |,\ and\ ){_NAMES})*\ (?:contributed\ reporting|reported\ from)"
    r"\b(?!.*\bthat\b)[^.]*\.?$",
    re.VERBOSE,
)


def _is_credit(line: str) -> bool:
    parts = [p.strip() for p in re.split(r"[;.]\s+|;", line.rstrip(". ")) if p.strip()]
    return bool(parts) and all(_CREDIT.match(p) for p in parts) or bool(_REPORTED_FROM.match(line))


def is_boilerplate_line(line: str) -> bool:
    line = parse_view(line).strip()
    if not line:
        return True
    if line.lower().startswith(("par ", "by ")) and not _BYLINE_CASE.match(line):
        return False
    if _is_credit(line):
        return True
    if _BOILERPLATE_LINE.match(line):
        # "Par ..." and "By ..." are bylines only when short and without a sentence end.
        return not (line[:3].lower() in {"par", "by "} and len(line.split()) > 8)
    return False


def paragraphs(text: str, view: str | None = None) -> Iterator[Paragraph]:
    """Non-empty lines of the text, trimmed, each flagged when it is navigation or credit."""
    view = parse_view(text) if view is None else view
    after_link_intro = False
    for match in re.finditer(r"[^\n]+", view):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        end = start + len(stripped)
        boiler = after_link_intro or is_boilerplate_line(stripped)
        # A headline (no final stop) straight after "Lire aussi" belongs to the link.
        after_link_intro = bool(_LINK_INTRO.match(stripped))
        yield Paragraph(start, end, boiler)
