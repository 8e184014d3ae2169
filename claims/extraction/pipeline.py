"""Attributable claims from article text: a thin orchestrator over five stages.

1. segment (segment.py): paragraphs without navigation, cut to a bounded length, parsed by
   spaCy in batches; sentences merged into `Unit`s so that no quotation straddles one;
2. cues (cues.py, `find_cues`): "NAME:" line starts, prepositional cues ("selon X",
   "according to X"), reporting nouns and reporting verbs, as `Cue`s;
3. roles (roles.py, `find_roles`): the source and content of each cue, by the rules of
   roles_rules.py and roles_verb.py; attribution.py merges a unit's claims and adds the
   author's own narration (unattributed);
4. resolve (resolve.py): claimants normalised, pronouns and groups to earlier speakers;
5. enrich (enrich.py): quantities, check-worthiness, duplicates.

A paragraph whose stages raise is skipped and counted; the other paragraphs keep their
claims. Offsets are into the stored text; spaCy reads a same-length parse view (text.py).
"""

import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from .attribution import continues_quote, unit_claims
from .checkworthiness import note_parse, score_checkworthiness
from .dedupe import mark_duplicates
from .enrich import add_checkworthiness, add_quantities
from .nlp import detect_language, get_nlp
from .records import ExtractedClaim, Extraction, Span
from .resolve import resolve_group_speakers, resolve_pronoun_speakers
from .segment import MAX_PARAGRAPH_CHARS, paragraph_pieces, units
from .text import Paragraph, parse_view

__all__ = [
    "MAX_PARAGRAPH_CHARS",
    "ExtractedClaim",
    "Extraction",
    "Span",
    "extract",
    "extract_article",
    "extract_articles",
    "extract_many",
    "paragraph_claims",
]

# The old private name, still imported by tests.
_pieces = paragraph_pieces

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Faults:
    """What to do when one paragraph or one claim's enrichment raises."""

    # Raise instead of skipping (tests use it to see the first fault, not a count).
    strict: bool = False
    # Exceptions that must stop the whole run, such as a task's time limit.
    fatal: tuple[type[BaseException], ...] = ()

    def attempt[T](self, what: str, step: Callable[..., T], *args: object) -> tuple[bool, T | None]:
        """(True, `step(*args)`), or (False, None) when it raised an error that is not
        fatal: that one is logged with its traceback."""
        try:
            return True, step(*args)
        except Exception as exc:
            if self.strict or isinstance(exc, self.fatal):
                raise
            logger.exception("extraction: %s failed and was skipped", what)
            return False, None


def extract(text: str, lang: str | None = None) -> list[ExtractedClaim]:
    """Claims of one article; `lang` None means detect French or English."""
    return extract_article(text, lang).claims


def extract_article(
    text: str,
    lang: str | None = None,
    *,
    strict: bool = False,
    fatal: tuple[type[BaseException], ...] = (),
) -> Extraction:
    """Claims of one article with the count of paragraphs that could not be read."""
    return next(extract_articles([(text, lang)], strict=strict, fatal=fatal))


def extract_many(
    items: Iterable[tuple[str, str | None]], batch_size: int = 64, chunk: int = 32
) -> Iterator[tuple[str, list[ExtractedClaim]]]:
    """(language, claims) per (text, lang) input, in order (see `extract_articles`)."""
    for result in extract_articles(items, batch_size=batch_size, chunk=chunk):
        yield result.lang, result.claims


def extract_articles(
    items: Iterable[tuple[str, str | None]],
    *,
    batch_size: int = 64,
    chunk: int = 32,
    strict: bool = False,
    fatal: tuple[type[BaseException], ...] = (),
) -> Iterator[Extraction]:
    """An `Extraction` per (text, lang) input, in order.

    Paragraphs of up to `chunk` articles go through spaCy together, so small articles are
    parsed in full batches; each parse is turned into claims at once and then dropped, which
    keeps memory bounded by the batch, not by the article. A paragraph that raises is
    skipped and counted (`strict` raises instead; `fatal` exceptions always propagate).
    """
    faults = _Faults(strict=strict, fatal=fatal)
    iterator = iter(items)
    while group := list(itertools.islice(iterator, chunk)):
        prepared = [_Prepared.of(text, lang) for text, lang in group]
        for lang in {p.lang for p in prepared}:
            work = [(p, piece) for p in prepared if p.lang == lang for piece in p.pieces]
            docs = _parse(get_nlp(lang), work, batch_size, faults)
            for (p, piece), doc in zip(work, docs, strict=True):
                where = f"paragraph at {piece.start}-{piece.end}"
                read, found = False, None
                if doc is not None:
                    args = (p.text, p.view, doc, piece.start, lang)
                    read, found = faults.attempt(where, paragraph_claims, *args)
                p.claims.extend(found or [])
                p.failed_paragraphs += not read
        for p in prepared:
            p.nlp_view = ""  # parsed: the copy spaCy read is not needed any more
            yield p.finish(faults)


def _parse(
    nlp: Language, work: list[tuple["_Prepared", Paragraph]], batch_size: int, faults: _Faults
) -> Iterator[Doc | None]:
    """A parse per paragraph, in order; None for one spaCy could not parse (logged).

    An error inside `nlp.pipe` loses its whole batch: from there on the paragraphs are
    parsed one at a time for a batch's length, then in batches again.
    """
    done = 0
    while done < len(work):
        texts = (p.nlp_view[piece.start : piece.end] for p, piece in work[done:])
        try:
            for doc in nlp.pipe(texts, batch_size=batch_size):
                done += 1
                yield doc
        except Exception as exc:
            if faults.strict or isinstance(exc, faults.fatal):
                raise
            logger.exception("extraction: a batch of paragraphs could not be parsed")
            for p, piece in work[done : done + batch_size]:
                text = p.nlp_view[piece.start : piece.end]
                done += 1
                yield faults.attempt(f"parsing the paragraph at {piece.start}", nlp, text)[1]


def paragraph_claims(
    text: str, view: str, doc: Doc, offset: int, lang: str
) -> list[ExtractedClaim]:
    """Claims of one parsed paragraph (`doc` parses view[offset:…])."""
    claims: list[ExtractedClaim] = []
    previous: list[ExtractedClaim] = []
    for unit in units(text, view, doc, offset, lang):
        found = unit_claims(unit)
        if not continues_quote(text, view, previous, found, unit.start, unit.end):
            previous = found
        claims.extend(found)
    note_parse(claims, doc, offset)
    return claims


@dataclass
class _Prepared:
    text: str
    lang: str
    view: str
    nlp_view: str
    pieces: list[Paragraph]
    claims: list[ExtractedClaim] = field(default_factory=list)
    failed_paragraphs: int = 0

    @classmethod
    def of(cls, text: object, lang: str | None) -> "_Prepared":
        text = text if isinstance(text, str) else ""
        lang = lang if lang in ("fr", "en") else detect_language(text)
        view = parse_view(text)
        # spaCy reads the view with quote marks blanked: "qu'”au" must be "qu'" + "au".
        pieces = [p for p in paragraph_pieces(view) if not p.boilerplate] if text.strip() else []
        return cls(text, lang, view, view.replace('"', " "), pieces)

    def finish(self, faults: _Faults) -> Extraction:
        """Stages 4 and 5 over the article; a step that fails on a claim leaves it as it was."""
        failed = 0
        for claim in self.claims:
            at = f"the claim at {claim.content.start}"
            args = (claim, self.text, self.view, self.lang)
            failed += not faults.attempt(f"quantities of {at}", add_quantities, *args)[0]
            args = (claim, self.lang, score_checkworthiness)
            failed += not faults.attempt(f"check-worthiness of {at}", add_checkworthiness, *args)[0]
        # Looked up here by name, so that a test can replace one step.
        for step in (resolve_pronoun_speakers, resolve_group_speakers, mark_duplicates):
            name = step.__name__.strip("_").replace("_", " ")
            failed += not faults.attempt(name, step, self.claims)[0]
        return Extraction(self.lang, self.claims, self.failed_paragraphs, failed)
