"""Stage 1, segment: paragraphs, sentence units and quotation spans.

Paragraphs come from `text.paragraphs` (navigation and boilerplate flagged there); a
very long paragraph is cut at sentence ends. Sentences of the parse are merged into
*units* so that no quotation straddles a boundary.
"""

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from .records import Span, Unit
from .signatures import starts_signature
from .spans import trim
from .text import Paragraph, paragraphs

MAX_PARAGRAPH_CHARS = 10_000


def paragraph_pieces(view: str) -> Iterator[Paragraph]:
    """Paragraphs, with very long ones cut at sentence ends to bound memory."""
    for para in paragraphs(view, view):
        start = para.start
        while para.end - start > MAX_PARAGRAPH_CHARS:
            window = view[start : start + MAX_PARAGRAPH_CHARS]
            cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
            cut = cut + 1 if cut > MAX_PARAGRAPH_CHARS // 2 else window.rfind(" ")
            cut = cut if cut > 0 else MAX_PARAGRAPH_CHARS
            yield Paragraph(start, start + cut, para.boilerplate)
            start += cut
            while start < para.end and view[start].isspace():
                start += 1
        if start < para.end:
            yield Paragraph(start, para.end, para.boilerplate)


def quote_pairs(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """(open, close) offsets of double quote marks in view[start:end], paired in order."""
    marks = [m.start() for m in re.finditer('"', view[start:end])]
    return [(start + marks[i], start + marks[i + 1]) for i in range(0, len(marks) - 1, 2)]


def units(text: str, view: str, doc: Doc, offset: int, lang: str) -> Iterator[Unit]:
    """Sentence units of a parsed paragraph, merged so that quotations stay whole."""
    # "BRUSSELS, March 12 (Reuters) - …": the dateline is no one's claim.
    lead = len(doc.text) - len(doc.text.lstrip())
    after_dateline = dateline_end(view, offset + lead, offset + len(doc.text)) or offset
    for start, end, quotes in unit_ranges(doc, view, offset):
        if end <= after_dateline:
            continue
        start = max(start, after_dateline)
        tokens = _unit_tokens(doc, offset, start, end)
        yield Unit(text, view, doc, offset, start, end, quotes, lang, tokens)


# A wire dateline: a place in capitals, then a date or an agency in brackets (or an
# em dash), then a dash: "BRUSSELS, March 12 (Reuters) -", "PARIS (AFP) –", "KYIV —".
DATELINE = re.compile(
    r"""(?P<place>[A-ZÀ-Ý][A-ZÀ-Ý'.-]+(?:[ ][A-ZÀ-Ý][A-ZÀ-Ý'.-]+){0,3})
    (?P<date>,[ ][\w.]+(?:[ ][\w.]+){0,3})?
    (?P<agency>[ ]?\([A-Za-zÀ-ÿ .&/-]{2,30}\))?
    [ ]*(?P<dash>[-–—])[ ]+(?=\S)""",
    re.VERBOSE,
)


def dateline_end(view: str, start: int, end: int) -> int | None:
    """Where the text after a dateline at `start` begins (None when there is none)."""
    match = DATELINE.match(view, start, end)
    if match is None or not (match["date"] or match["agency"] or match["dash"] != "-"):
        return None
    return match.end()


def _unit_tokens(doc: Doc, offset: int, start: int, end: int) -> list[Token]:
    window = doc.char_span(start - offset, end - offset, alignment_mode="expand")
    tokens = [t for t in (window if window is not None else doc) if not t.is_space]
    return [t for t in tokens if start <= offset + t.idx < end]


def unit_ranges(
    doc: Doc, view: str, offset: int
) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
    """Sentence ranges (absolute), merged so that quotations stay whole, with their quotes."""
    quotes = quote_pairs(view, offset, offset + len(doc.text))
    bounds: list[list[int]] = []
    for sent in doc.sents:
        s, e = offset + sent.start_char, offset + sent.end_char
        inside_quote = any(q0 < s <= q1 and view[q0 + 1 : s].strip() for q0, q1 in quotes)
        wordless = not re.search(r"\w", view[s:e])
        # Scraped text breaks sentences before ", ont prévenu …" or a lower-case fragment.
        first = view[s:e].lstrip()[:1]
        continues = first == "," or first.islower()
        # A sentence cannot end on an initial or a title: "F.L. Copperman", "M. Dupont".
        initial = bool(bounds) and re.search(
            r"(?:^|[\s(\[])(?:[A-Z]\.){1,3}\s*$|\b(?:M|Mme|Mr|Mrs|Dr|St)\.\s*$",
            view[bounds[-1][0] : s],
        )
        # "“…” ― Maria Lopez": the signature belongs with the quotation it signs.
        signed = bool(bounds) and starts_signature(view, bounds[-1][0], s, e)
        tag = bool(bounds) and _tag(view, bounds, sent)
        if bounds and (inside_quote or wordless or continues or initial or signed or tag):
            bounds[-1][1] = e
        else:
            bounds.append([s, e])
    for s, e in bounds:
        s, e = trim(view, s, e)
        # Take in a quotation mark that opens or closes the unit (blank to the parser).
        before = len(view[offset:s].rstrip(" ")) + offset
        if any(q0 == before - 1 for q0, _ in quotes):
            s = before - 1
        after = e + len(view[e:]) - len(view[e:].lstrip(" "))
        if any(q1 == after for _, q1 in quotes):
            e = after + 1
        if e > s:
            yield s, e, [q for q in quotes if s <= q[0] and q[1] < e]


def _tag(view: str, bounds: list[list[int]], sent) -> bool:
    """“Why now?” Clinton asked. : a short clause of a verb that follows a quotation ending
    with its own "?" or "!" is that quotation's reporting clause, not a sentence."""
    if not re.search(r"[?!]\s*\"\s*$", view[bounds[-1][0] : bounds[-1][1]]):
        return False
    words = re.findall(r"\w+", sent.text)
    root = sent.root
    return (
        len(words) <= 10
        and '"' not in sent.text
        and root.pos_ == "VERB"
        and not any(c.dep_ in {"ccomp", "xcomp", "dobj", "obj"} for c in root.children)
    )


def speech_kind(view: str, content: Span, quotes: list[tuple[int, int]]) -> str:
    """direct when one quotation is the whole content, mixed when quotations are inside."""
    lo, hi = around_quote(view, content.start, -1), around_quote(view, content.end, 1)
    inside = [q for q in quotes if lo <= q[0] and q[1] <= hi]
    if not inside:
        return "indirect"
    outside_words = view[lo : hi + 1]
    for q0, q1 in inside:
        outside_words = outside_words.replace(view[q0 : q1 + 1], " ", 1)
    return "direct" if not re.search(r"\w", outside_words) else "mixed"


def around_quote(view: str, pos: int, step: int) -> int:
    """Widen a span edge over spaces and closing punctuation to a quote mark, if one is there."""
    probe = pos if step > 0 else pos - 1
    for _ in range(3):
        if not 0 <= probe < len(view):
            break
        if view[probe] == '"':
            return probe
        if view[probe] not in " .,!?":
            break
        probe += step
    return pos if step > 0 else pos
