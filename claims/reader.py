"""The article reader: the stored text cut into runs, each knowing which claim covers it.

A long article is read in sections of about SECTION_CHARS characters, each ending at a
line break when there is one nearby. A page loads only its section's slice of the text
(a substring computed by the database) and the claims whose spans fall in it, so the
reader costs about the same for a 1,000,000-character article as for a short one.
"""

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models.functions import Length, Substr
from django.http import Http404

from .extraction.text import paragraphs
from .models import Article, Claim

SECTION_CHARS = 10_000
# A section ends at the first line break this far past its nominal end (else a space).
BREAK_SLACK = 2_000
# A claim whose content starts this far outside a section still gets its source, cue or
# tail highlighted in it; claims reaching further are highlighted in their own section.
SPAN_SLACK = 2_000
# The slice a page loads: the longest section (the last, up to 1.5 of the nominal size)
# and the text where the next section's start is looked for.
WINDOW_CHARS = SECTION_CHARS * 3 // 2 + BREAK_SLACK
# A safety bound on one section's claims, far above any real density (~150 a section).
MAX_SECTION_CLAIMS = 1_000


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    claim: Claim | None = None  # the innermost claim whose content covers the run
    role: str = ""  # "source" or "cue" when the run is part of that claim's attribution
    boilerplate: bool = False
    anchors: tuple[int, ...] = ()  # claims whose content starts here (link targets)


@dataclass(frozen=True, slots=True)
class Section:
    number: int  # 1-based, as in the URL
    count: int  # sections in the article
    start: int  # offsets into the article text
    end: int
    text: str

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None


def section_count(length: int) -> int:
    # A tail shorter than half a section joins the section before it.
    return max(1, (length + SECTION_CHARS // 2) // SECTION_CHARS)


def _break_after(chunk: str, nominal: int, length: int) -> int:
    """Where the section nominally starting at `nominal` starts, given the text from
    `nominal` on (at least BREAK_SLACK characters of it when there are that many)."""
    if nominal == 0:
        return 0
    limit = min(BREAK_SLACK, length - 1 - nominal)
    for separator in ("\n", " "):
        found = chunk.find(separator, 0, max(limit, 0))
        if found >= 0:
            return nominal + found + 1
    return nominal


def article_section(article_id: int, number: int, queryset=None) -> tuple[Article, Section]:
    """The article (text deferred) and its section `number` (clamped into range)."""
    queryset = queryset if queryset is not None else Article.objects.all()
    index = max(number, 1) - 1
    article = _fetch(queryset, article_id, index)
    count = section_count(article.text_length)
    if index >= count:  # a stale or made-up link: the last section, like get_page()
        index = count - 1
        article = _fetch(queryset, article_id, index)
    nominal, length = index * SECTION_CHARS, article.text_length
    window = article.window or ""
    start = _break_after(window, nominal, length)
    if index == count - 1:
        end = length
    else:
        end = _break_after(window[SECTION_CHARS:], nominal + SECTION_CHARS, length)
    text = window[start - nominal : end - nominal]
    return article, Section(index + 1, count, start, end, text)


def _fetch(queryset, article_id: int, index: int) -> Article:
    nominal = index * SECTION_CHARS
    found = (
        queryset.filter(pk=article_id)
        .defer("text")
        .annotate(
            text_length=Length("text"),
            window=Substr("text", nominal + 1, WINDOW_CHARS),
        )
        .first()
    )
    if found is None:
        raise Http404("No such article")
    return found


def section_of(article_id: int, offset: int) -> int:
    """The 1-based section holding character `offset`: one substring of BREAK_SLACK."""
    index = offset // SECTION_CHARS
    if index == 0:
        return 1
    nominal = index * SECTION_CHARS
    row = (
        Article.objects.filter(pk=article_id)
        .annotate(text_length=Length("text"), head=Substr("text", nominal + 1, BREAK_SLACK))
        .values_list("text_length", "head")
        .first()
    )
    if row is None:
        return 1
    length, head = row
    if index >= section_count(length):
        return section_count(length)  # in the last section, the longest one
    start = _break_after(head or "", nominal, length)
    return index + 1 if offset >= start else index


def requested_section(article_id: int, params) -> int:
    """The section a reader URL asks for: `?claim=<pk>` (the one holding that claim's
    content), else `?section=<n>`; anything unreadable is the first section."""
    if claim := _small_int(params.get("claim")):
        starts = Claim.objects.filter(pk=claim, article=article_id)
        offset = starts.values_list("content_start", flat=True).first()
        return section_of(article_id, offset) if offset is not None else 1
    return _small_int(params.get("section")) or 1


def _small_int(value: str | None) -> int | None:
    return int(value) if value and len(value) < 10 and value.isdecimal() else None


def section_claims(article: Article, section: Section) -> list[Claim]:
    """Claims with a span in the section, by position; the index on (article,
    content_start) reads only the section's rows."""
    return list(
        article.claims.filter(
            content_start__gte=max(section.start - SPAN_SLACK, 0),
            content_start__lt=section.end + SPAN_SLACK,
        )
        .select_related("claimant")
        .order_by("content_start", "index")[:MAX_SECTION_CLAIMS]
    )


def article_runs(text: str, claims: Iterable[Claim], offset: int = 0) -> list[Run]:
    """Runs of `text` split at every claim, source, cue and navigation-line boundary.

    `text` is the article's text from character `offset` on (a section) and the claims
    carry offsets into the whole article; spans outside the text are clipped away."""
    claims = list(claims)
    end = offset + len(text)
    boiler = [(p.start + offset, p.end + offset) for p in paragraphs(text) if p.boilerplate]
    cuts = {offset, end}
    for claim in claims:
        for start, stop in _spans(claim):
            cuts.update((start, stop))
    for span in boiler:
        cuts.update(span)
    bounds = sorted(c for c in cuts if offset <= c <= end)
    starts = bounds[:-1]
    covering: list[Claim | None] = [None] * len(starts)
    roles: list[tuple[str, Claim] | None] = [None] * len(starts)
    grey = [False] * len(starts)
    anchors: list[list[int]] = [[] for _ in starts]
    for claim in claims:
        for i in _covered(starts, claim.content_start, claim.content_end):
            current = covering[i]
            if current is None or _length(claim) < _length(current):
                covering[i] = claim
        if offset <= claim.content_start < end:
            anchors[bisect_left(starts, claim.content_start)].append(claim.pk)
        # A later claim's attribution wins over an earlier one's; a claim's source over its cue.
        for role, start, stop in (
            ("cue", claim.cue_start, claim.cue_end),
            ("source", claim.source_start, claim.source_end),
        ):
            if start is not None and stop is not None:
                for i in _covered(starts, start, stop):
                    roles[i] = (role, claim)
    for start, stop in boiler:
        for i in _covered(starts, start, stop):
            grey[i] = True
    runs = []
    for i, (start, stop) in enumerate(zip(bounds, bounds[1:], strict=False)):
        role, candidate = roles[i] or ("", None)
        runs.append(
            Run(
                text=text[start - offset : stop - offset],
                claim=covering[i] or candidate,
                role=role,
                boilerplate=grey[i],
                anchors=tuple(anchors[i]),
            )
        )
    return runs


def _spans(claim: Claim) -> Iterable[tuple[int, int]]:
    yield claim.content_start, claim.content_end
    for start, stop in ((claim.source_start, claim.source_end), (claim.cue_start, claim.cue_end)):
        if start is not None and stop is not None:
            yield start, stop


def _covered(starts: Sequence[int], start: int, stop: int) -> range:
    """Indexes of the runs (by their start offsets) lying inside [start, stop)."""
    return range(bisect_left(starts, start), bisect_left(starts, stop))


def _length(claim: Claim) -> int:
    return claim.content_end - claim.content_start


# The claim page shows the passage around a claim: its lines, and this much beyond them.
PASSAGE_CONTEXT = 400
PASSAGE_MAX = 3_000


@dataclass(frozen=True, slots=True)
class Passage:
    runs: list[Run]
    cut_before: bool  # the text goes on before the passage, in the same line
    cut_after: bool


def claim_passage(claim: Claim) -> Passage:
    """The article text around `claim` (the lines holding its content, source and cue,
    cut to PASSAGE_CONTEXT characters either side), as runs highlighting only this claim.

    Only that slice of the text is loaded, whatever the article's length."""
    spans = list(_spans(claim))
    first, last = min(s for s, _e in spans), max(e for _s, e in spans)
    lo = max(first - PASSAGE_CONTEXT, 0)
    hi = min(last + PASSAGE_CONTEXT, first + PASSAGE_MAX)
    window = (
        Article.objects.filter(pk=claim.article_id)
        .annotate(window=Substr("text", lo + 1, hi - lo))
        .values_list("window", flat=True)
        .first()
    ) or ""
    wanted, hi = hi, lo + len(window)
    # Start after the line break before the claim and stop at the one after it, when near.
    head = window.rfind("\n", 0, first - lo)
    tail = window.find("\n", min(last, hi) - lo)
    start = lo + head + 1 if head != -1 else lo
    stop = lo + tail if tail != -1 else hi
    runs = article_runs(window[start - lo : stop - lo], [claim], offset=start)
    return Passage(runs, cut_before=head == -1 and lo > 0, cut_after=tail == -1 and hi == wanted)
