"""Attributable claims from article text.

For each paragraph that is not navigation, the spaCy parse gives sentences, lemmas and
dependencies. Sentences are merged so that no quotation straddles a boundary; each such
*unit* is searched for three kinds of cue, in this order:

1. prepositional cues ("selon X", "d'après X", "according to X"): the source is the phrase
   after the cue, the content the clause it modifies;
2. reporting verbs from the lexicon: the speaker is the subject (before or inverted after
   the verb), the content is a que/that clause, a quotation, or the text before a
   postposed reporting clause ("…, ont prévenu les États-Unis");
3. what is left of a unit with a finite verb is the author's own narration (unattributed).

Offsets are into the stored text; spaCy reads a same-length parse view (see text.py).
"""

import itertools
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token

from .checkworthiness import note_parse, score_checkworthiness
from .claimants import group_role, normalise_claimant
from .cues import (
    CALL_TO_ACTION,
    COMPLEMENTISERS,
    NOMINAL_CUES,
    OPINION_VERBS,
    REPORTING_FORMS,
    REPORTING_VERBS,
    TIME_WORDS,
)
from .dedupe import mark_duplicates
from .entities import entities_in
from .nlp import detect_language, get_nlp
from .quantities import Quantity, find_quantities
from .text import Paragraph, fold, paragraphs, parse_view

logger = logging.getLogger(__name__)

MAX_PARAGRAPH_CHARS = 10_000
# Sources that are documents rather than people, as in "Poll: …" headlines.
NAMED_DOCUMENTS = {"poll", "report", "study", "survey", "sondage", "rapport", "étude", "enquête"}
MIN_CONTENT_WORDS = 3
SUBJECT_DEPS = {"nsubj", "nsubj:pass", "nsubjpass", "expl:subj", "csubj"}
CLAUSE_DEPS = {"ccomp", "xcomp", "csubj"}
PUNCT_EDGE = " \t\n,;:.!?\"'()-–—…"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class ExtractedClaim:
    content: Span
    kind: str
    sentence: Span
    source: Span | None = None
    cue: Span | None = None
    claimant: str | None = None
    quantities: list[Quantity] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    checkworthiness: float = 0.0
    checkworthiness_reasons: list[str] = field(default_factory=list)
    cw_features: dict[str, float] = field(default_factory=dict)  # from the parse, see note_parse
    duplicate_of: int | None = None
    # False when the content is only the phrase a verb governs, with no that/que clause,
    # quotation or colon to mark it as reported speech.
    anchored: bool = True
    # Lemma of the cue word ("prévenir" for "ont prévenu"), for check-worthiness.
    cue_lemma: str = ""
    # The cue is a participle with no auxiliary ("Asked about …, Clinton said").
    participle: bool = False
    # The source names a person (NER), so a later "he"/"elle" may refer back to it.
    source_is_person: bool = False

    def as_dict(self) -> dict:
        return {
            "content": self.content.as_dict(),
            "source": self.source.as_dict() if self.source else None,
            "cue": self.cue.as_dict() if self.cue else None,
            "claimant": self.claimant,
            "kind": self.kind,
            "quantities": [q.as_dict() for q in self.quantities],
            "checkworthiness": self.checkworthiness,
            "duplicate_of": self.duplicate_of,
        }


@dataclass(slots=True)
class Extraction:
    """One article's claims, and how many of its paragraphs could not be read.

    A paragraph whose processing raises is logged with its traceback and skipped; the
    claims of the other paragraphs are kept. A later step that fails on a claim
    (quantities, check-worthiness) or on the article (speakers, duplicates) leaves the
    claims as they were and is counted in `failed_steps`.
    """

    lang: str
    claims: list[ExtractedClaim]
    failed_paragraphs: int = 0
    failed_steps: int = 0


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
    for unit_start, unit_end, quotes in _units(doc, view, offset):
        found = _unit_claims(text, view, doc, offset, unit_start, unit_end, quotes, lang)
        if not _continues_quote(text, view, previous, found, unit_start, unit_end):
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
        pieces = [p for p in _pieces(view) if not p.boilerplate] if text.strip() else []
        return cls(text, lang, view, view.replace('"', " "), pieces)

    def finish(self, faults: _Faults) -> Extraction:
        """Article-wide steps; one that fails on a claim leaves the claim as it was."""
        failed = 0
        for claim in self.claims:
            at = f"the claim at {claim.content.start}"
            failed += not faults.attempt(f"quantities of {at}", self._quantities, claim)[0]
            failed += not faults.attempt(f"check-worthiness of {at}", self._checkworthiness, claim)[
                0
            ]
        for step in (_resolve_pronoun_speakers, _resolve_group_speakers, mark_duplicates):
            name = step.__name__.strip("_").replace("_", " ")
            failed += not faults.attempt(name, step, self.claims)[0]
        return Extraction(self.lang, self.claims, self.failed_paragraphs, failed)

    def _quantities(self, claim: ExtractedClaim) -> None:
        claim.quantities = find_quantities(
            self.view, claim.content.start, claim.content.end, self.lang, text=self.text
        )

    def _checkworthiness(self, claim: ExtractedClaim) -> None:
        claim.checkworthiness, claim.checkworthiness_reasons = score_checkworthiness(
            claim, self.lang
        )


PERSON_LABELS = {"PER", "PERSON"}
SINGULAR_PRONOUNS = frozenset("he she il elle him her lui".split())


def _resolve_pronoun_speakers(claims: list[ExtractedClaim]) -> None:
    """ "he said" after "Senator Warren said": the claimant is the last person quoted.

    Only singular personal pronouns are resolved, to the nearest earlier claim whose source
    is a named person; the source span stays the pronoun as written.
    """
    last_person: str | None = None
    for claim in claims:
        if claim.source is None:
            continue
        if claim.source_is_person and claim.claimant:
            last_person = claim.claimant
        elif claim.source.text.lower() in SINGULAR_PRONOUNS and last_person:
            claim.claimant = last_person


GROUP_NAME = re.compile(r"(?P<role>.+) of (?P<n>\d+) countries(?P<eu> and the EU)?")


def _resolve_group_speakers(claims: list[ExtractedClaim]) -> None:
    """Later mentions of a group of countries take the name of its first, complete mention:
    "les dix pays et l'UE" and "les chefs de la diplomatie" after "les chefs de diplomatie
    de l'Australie, du Canada, … et de l'UE" are all "Foreign ministers of 10 countries and
    the EU"."""
    groups: list[re.Match[str]] = []
    for claim in claims:
        if claim.source is None:
            continue
        named = GROUP_NAME.fullmatch(claim.claimant or "")
        if named:
            earlier = next(
                (
                    g
                    for g in reversed(groups)
                    if g["n"] == named["n"] and bool(g["eu"]) == bool(named["eu"])
                ),
                None,
            )
            if earlier is not None and named["role"] == "Governments":
                claim.claimant = earlier.string
            else:
                groups.append(named)
        elif (role := group_role(claim.source.text)) and groups:
            earlier = next((g for g in reversed(groups) if g["role"] == role), None)
            if earlier is not None:
                claim.claimant = earlier.string


def _continues_quote(
    text: str,
    view: str,
    previous: list[ExtractedClaim],
    found: list[ExtractedClaim],
    start: int,
    end: int,
) -> bool:
    """“A,” she said. “B.” – the second quotation belongs to the first claim.

    A unit that opens with a quotation and has no speaker of its own continues the quoted
    claim of the unit before it when that claim's reporting clause came after its content.
    """
    attributed = [c for c in previous if c.kind in {"direct", "mixed"} and c.cue]
    if not attributed or view[start] != '"' or any(c.kind != "unattributed" for c in found):
        return False
    claim = attributed[-1]
    if claim.cue.start < claim.content.end:
        return False
    extended = _span(text, view, claim.content.start, end)
    if extended is None:
        return False
    claim.content = extended
    found.clear()  # the narration of the unit is the quotation itself
    return True


def _pieces(view: str) -> Iterator[Paragraph]:
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


def _units(doc: Doc, view: str, offset: int) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
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
        if bounds and (inside_quote or wordless or continues or initial):
            bounds[-1][1] = e
        else:
            bounds.append([s, e])
    for s, e in bounds:
        s, e = _trim(view, s, e)
        # Take in a quotation mark that opens or closes the unit (blank to the parser).
        before = len(view[offset:s].rstrip(" ")) + offset
        if any(q0 == before - 1 for q0, _ in quotes):
            s = before - 1
        after = e + len(view[e:]) - len(view[e:].lstrip(" "))
        if any(q1 == after for _, q1 in quotes):
            e = after + 1
        if e > s:
            yield s, e, [q for q in quotes if s <= q[0] and q[1] < e]


def _trim(view: str, start: int, end: int, chars: str = " \t\n") -> tuple[int, int]:
    while start < end and view[start] in chars:
        start += 1
    while end > start and view[end - 1] in chars:
        end -= 1
    return start, end


def _tokens_span(text: str, view: str, offset: int, tokens: Sequence[Token]) -> Span | None:
    """From the first to the last of `tokens` (a parse can leave none: then None)."""
    if not tokens:
        return None
    first, last = tokens[0], tokens[-1]
    return _span(text, view, offset + first.idx, offset + last.idx + len(last))


def _span(text: str, view: str, start: int, end: int, edge: str = PUNCT_EDGE) -> Span | None:
    """Span trimmed of edge punctuation; quote marks are kept when they are balanced."""
    s, e = _trim(view, start, end, edge)
    # Keep the quotation marks that enclose the content: "« Un élargissement dangereux »".
    if s > start and view[s - 1] == '"' and e < end and view[e] == '"':
        s, e = s - 1, e + 1
    if e <= s or not re.search(r"\w", view[s:e]):
        return None
    return Span(s, e, text[s:e])


def _unit_claims(
    text: str,
    view: str,
    doc: Doc,
    offset: int,
    start: int,
    end: int,
    quotes: list[tuple[int, int]],
    lang: str,
) -> list[ExtractedClaim]:
    window = doc.char_span(start - offset, end - offset, alignment_mode="expand")
    tokens = [t for t in (window if window is not None else doc) if not t.is_space]
    tokens = [t for t in tokens if start <= offset + t.idx < end]
    if not tokens:
        return []
    sentence = Span(start, end, text[start:end])

    def in_quote(tok: Token) -> bool:
        pos = offset + tok.idx
        return any(q0 < pos < q1 for q0, q1 in quotes)

    claims: list[ExtractedClaim] = []
    used_quotes: set[tuple[int, int]] = set()
    para_end = offset + len(doc.text)
    if view[offset:start].strip(' "') == "" and (
        colon := _colon_claim(text, view, tokens, offset, start, para_end)
    ):
        claims.append(colon)
    for cue_tok, cue_end_tok in _according_cues(tokens, lang):
        claim = _according_claim(text, view, doc, offset, start, end, cue_tok, cue_end_tok)
        if claim:
            claims.append(claim)
    for noun in tokens:
        if noun.pos_ == "NOUN" and noun.lemma_.lower() in NOMINAL_CUES[lang] and not in_quote(noun):
            claim = _nominal_claim(text, view, offset, end, noun)
            if claim and not any(_same_claim(claim, c) for c in claims):
                claims.append(claim)
    for verb in tokens:
        verbal = verb.pos_ in {"VERB", "AUX", "ADJ"} or _verb_read_as_noun(verb, lang)
        if not verbal or in_quote(verb):
            continue
        if (
            verb.lemma_.lower() not in REPORTING_VERBS[lang]
            and verb.lower_ not in REPORTING_VERBS[lang]
            and verb.lower_ not in REPORTING_FORMS[lang]
            and (lang != "fr" or _light_verb_phrase(verb) is None)
        ):
            continue
        claim = _verb_claim(text, view, doc, offset, start, end, verb, quotes, used_quotes, lang)
        same = next((c for c in claims if _same_claim(claim, c)), None) if claim else None
        if claim and same is None:
            claims.append(claim)
        elif claim and _governs_rather(claim, same, verb):
            claims[claims.index(same)] = claim
        elif claim is None and claims and claims[-1].content.end < offset + verb.idx:
            _reattribute(text, view, doc, offset, end, verb, claims[-1])
    for claim in list(claims):
        if claim.kind != "according_to" and (
            background := _split_background(text, view, doc, offset, claim)
        ):
            claims.append(background)
    people = [
        (offset + e.start_char, offset + e.end_char) for e in doc.ents if e.label_ in PERSON_LABELS
    ]
    for claim in claims:
        claim.sentence = sentence
        claim.claimant = normalise_claimant(claim.source.text if claim.source else None)
        claim.source_is_person = bool(claim.source) and any(
            s < claim.source.end and claim.source.start < e for s, e in people
        )
        claim.entities = entities_in(doc, offset, claim.content.start, claim.content.end)
    claims.extend(_narration(text, view, doc, offset, start, end, tokens, claims, sentence))
    claims.sort(key=lambda c: c.content.start)
    return claims


def _verb_read_as_noun(tok: Token, lang: str) -> bool:
    """A French reporting verb the tagger took for a noun: "Le premier ministre juge cette
    proposition …" (after a noun, before a determiner), never "le juge Dupont"."""
    if lang != "fr" or tok.pos_ != "NOUN" or tok.lower_ not in REPORTING_FORMS[lang] or tok.i == 0:
        return False
    before, after = tok.doc[tok.i - 1], tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return before.pos_ in {"NOUN", "PROPN"} and after is not None and after.pos_ == "DET"


def _reattribute(
    text: str, view: str, doc: Doc, offset: int, end: int, verb: Token, claim: ExtractedClaim
) -> None:
    """A reporting clause left on its own after a quote names the real speaker.

    Scraped text can break "“…”, a-t-il ajouté, ont déclaré dans un communiqué les chefs de
    la diplomatie …" into a fragment that opens with the verb. When the quote before it has
    only a pronoun (or no one) as speaker, the named phrase after the verb replaces it.
    """
    before = view[claim.content.end : offset + verb.idx]
    opens_fragment = re.search(r"[.!?]\s*(?:[\w'-]+\s+){0,2}$", before)
    if not opens_fragment or normalise_claimant(claim.source.text if claim.source else None):
        return
    i = verb.i + 1
    tokens = doc[i : i + 40]
    k = 0
    # Skip "dans un communiqué", "lundi": prepositional phrases and time words.
    while k < len(tokens):
        tok = tokens[k]
        if tok.is_space or tok.lower_ in TIME_WORDS or tok.pos_ == "ADV":
            k += 1
        elif tok.pos_ == "ADP":
            # One noun phrase after the preposition: "dans un communiqué".
            k += 1
            while k < len(tokens) and tokens[k].pos_ in {"DET", "ADJ", "SPACE"}:
                k += 1
            k += 1
        else:
            break
    if k >= len(tokens) or tokens[k].pos_ not in {"DET", "NOUN", "PROPN"}:
        return
    speaker = _span(text, view, offset + tokens[k].idx, end)
    if speaker is not None:
        claim.source = speaker
        claim.cue = _cue_span(text, offset, verb)
        claim.cue_lemma = verb.lemma_.lower()


def _split_background(
    text: str, view: str, doc: Doc, offset: int, claim: ExtractedClaim
) -> ExtractedClaim | None:
    """Cut a trailing ", partiellement occupée par …" off a claim as the author's narration.

    A past participle set off by a comma at the end of reported content describes the
    place or thing before it; the article asserts it, not the speaker.
    """
    window = doc.char_span(
        claim.content.start - offset, claim.content.end - offset, alignment_mode="expand"
    )
    if window is None:
        return None
    tokens = [t for t in window if not t.is_space]
    for n, tok in enumerate(tokens[2:-2], start=2):
        nxt = tokens[n + 1] if tokens[n + 1].pos_ != "ADV" else tokens[n + 2]
        if not (tok.text == "," and "Part" in nxt.morph.get("VerbForm")):
            continue
        if "Past" not in nxt.morph.get("Tense") or any(
            "Fin" in t.morph.get("VerbForm") for t in tokens[n + 1 :]
        ):
            continue
        # The noun phrase described: the largest one that ends right before the comma.
        head = tokens[n - 1]
        while head.head != head and head.head.right_edge == tokens[n - 1]:
            head = head.head
        if head.pos_ not in {"NOUN", "PROPN"} or head.left_edge.i >= tokens[n - 1].i:
            continue
        first = next((t for t in head.subtree if t.dep_ not in {"case", "mark"}), head)
        background = _span(text, view, offset + first.idx, claim.content.end)
        cut = _span(text, view, claim.content.start, offset + tok.idx)
        if background is None or cut is None:
            return None
        claim.content = cut
        return ExtractedClaim(content=background, kind="unattributed", sentence=claim.sentence)
    return None


def _governs_rather(new: ExtractedClaim, old: ExtractedClaim, verb: Token) -> bool:
    """Of two cues for one proposition, the finite reporting verb that introduces it wins
    over an opinion verb or a participle before it ("je crois pouvoir dire que …",
    "Soulignant …, X précisait que …")."""
    if old.cue is None or new.cue is None or old.cue.start >= new.cue.start:
        return False
    if new.cue.start > new.content.start or old.kind == "according_to":
        return False
    weak = (
        old.cue_lemma in OPINION_VERBS
        or old.participle
        or re.search(r"(?:ant|ing)$", old.cue.text.lower())
    )
    return bool(weak) and verb.lemma_.lower() not in OPINION_VERBS


def _same_claim(new: ExtractedClaim, old: ExtractedClaim) -> bool:
    """Two cues for one proposition ("a dit et répété que …"), not a nested attribution.

    A claim reported inside another one ("X a dit que Y affirme que Z") keeps its own row.
    """
    if new.content == old.content or (new.cue and old.cue and _overlaps(new.cue, old.cue)):
        return True
    nested = (
        new.cue is not None
        and new.source is not None
        and old.content.start <= new.cue.start < old.content.end
        and (new.kind != "indirect" or new.anchored)
    )
    inner = (
        old.cue is not None
        and new.content.start <= old.cue.start < new.content.end
        and new.content.start <= old.content.start
        and old.content.end <= new.content.end
    )
    return _overlaps(new.content, old.content) and not nested and not inner


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _according_cues(tokens: list[Token], lang: str) -> Iterator[tuple[Token, Token]]:
    for i, tok in enumerate(tokens):
        low = tok.lower_
        nxt = tokens[i + 1].lower_ if i + 1 < len(tokens) else ""
        prev = tokens[i - 1].lower_ if i else ""
        if lang == "fr":
            if low == "selon":
                yield tok, tok
            elif low in {"d'", "d"} and nxt in {"après", "'"}:
                # "d'après", and "d' après" as pre-tokenised text writes it
                last = tokens[i + 1] if nxt == "après" else tokens[min(i + 2, len(tokens) - 1)]
                if last.lower_ == "après":
                    yield tok, last
            elif low == "d'après":
                yield tok, tok
            elif low == "aux" and nxt == "dires" and i + 2 < len(tokens):
                # "aux dires de ses voisins": the speaker follows "de".
                yield tok, tokens[i + 2] if tokens[i + 2].lower_ in {"de", "d'"} else tokens[i + 1]
        else:
            if low == "according" and nxt == "to":
                yield tok, tokens[i + 1]
            elif low == "per" and (i == 0 or prev in {",", "(", "—", "-"}):
                yield tok, tok


def _phrase_after(tokens_doc: Doc, first: int, limit: int = 14) -> tuple[int, int] | None:
    """Token range [first, last] of the noun phrase starting at doc index `first`."""
    last = None
    for tok in tokens_doc[first : first + limit]:
        if tok.is_space:
            continue
        if tok.is_punct and tok.text not in {"-", "'"}:
            break
        if tok.pos_ in {"VERB", "AUX", "SCONJ"} or (
            tok.pos_ == "PRON" and tok.lower_ in {"que", "qui", "that", "which", "who"}
        ):
            break
        last = tok.i
    return (first, last) if last is not None else None


def _according_claim(
    text: str, view: str, doc: Doc, offset: int, start: int, end: int, cue: Token, cue_end: Token
) -> ExtractedClaim | None:
    phrase = _phrase_after(doc, cue_end.i + 1)
    if not phrase:
        return None
    src_start = offset + doc[phrase[0]].idx
    src_end = offset + doc[phrase[1]].idx + len(doc[phrase[1]])
    cue_start, cue_stop = offset + cue.idx, offset + cue_end.idx + len(cue_end)
    before = view[start:cue_start].strip(PUNCT_EDGE)
    after_src = view[src_end:end]
    if not before:  # "Selon Washington, …"
        content = _span(text, view, src_end, end)
    elif not after_src.strip(PUNCT_EDGE):  # "…, selon Washington."
        content = _span(text, view, start, cue_start)
    else:  # "… marqué, selon Washington, par l'envoi …": the phrase the cue modifies
        content = _governed_clause(text, view, doc, offset, start, end, cue)
    if content is None or len(content.text.split()) < MIN_CONTENT_WORDS:
        return None
    source = Span(src_start, src_end, text[src_start:src_end])
    lead = re.match(r"\s*([^,]{2,80}?)\s*,\s*$", view[start:cue_start])
    if lead and OWN_WRITINGS.match(fold(source.text)):
        # "Valéry Giscard d'Estaing, d'après ses mémoires, est surpris …": the writer of
        # "his memoirs" speaks, named before the cue.
        source = _span(text, view, start + lead.start(1), start + lead.end(1)) or source
    return ExtractedClaim(
        content=content,
        kind="according_to",
        sentence=Span(start, end, text[start:end]),
        source=source,
        cue=Span(cue_start, cue_stop, text[cue_start:cue_stop]),
    )


# A person's own writings: "d'après ses mémoires", "according to his memoir".
OWN_WRITINGS = re.compile(
    r"(?:ses|son|sa|leur|leurs|his|her|their) (?:memoires|rapport|lettre|communique|livre"
    r"|journal|carnets|blog|memoirs?|report|letter|statement|book|diary)\b"
)


def _governed_clause(
    text: str, view: str, doc: Doc, offset: int, start: int, end: int, cue: Token
) -> Span | None:
    """Content around a mid-sentence "…, selon X, …": the phrase it interrupts, to the end.

    The phrase is found from the word before the parenthetical, climbing through modifiers
    to the noun phrase they qualify ("leur rapprochement marqué, selon Washington, par …").
    """
    anchor = next((t for t in reversed(doc[: cue.i]) if not (t.is_punct or t.is_space)), None)
    left = start
    if anchor is not None:
        node = anchor
        while node.dep_ in {"acl", "amod", "nmod", "advmod", "conj", "acl:relcl", "flat:name"}:
            if node.head == node:
                break
            node = node.head
        edge = offset + node.left_edge.idx
        if node.pos_ in {"NOUN", "PROPN"} and node.dep_ != "ROOT" and start < edge:
            left = edge
    return _span(text, view, left, end)


# "faire part de", "faire état de", "faire savoir que": the noun or verb after "faire"
# makes it a reporting phrase.
FAIRE_PHRASES = frozenset("part état etat savoir".split())


def _light_verb_phrase(verb: Token) -> Token | None:
    """The second word of "faire part / état / savoir", or None."""
    if verb.lemma_.lower() != "faire" or verb.i + 1 >= len(verb.doc):
        return None
    following = verb.doc[verb.i + 1]
    return following if following.lower_ in FAIRE_PHRASES else None


def _cue_span(text: str, offset: int, verb: Token) -> Span:
    first, last = verb, _light_verb_phrase(verb) or verb
    for child in verb.children:
        if child.i < first.i and child.dep_.startswith("aux"):
            first = child
    s, e = offset + first.idx, offset + last.idx + len(last)
    return Span(s, e, text[s:e])


RELATIVE_PRONOUNS = frozenset("that who which whom qui que lequel laquelle".split())
# Verbs whose object is the person addressed, not what is said.
ADDRESSEE_VERBS = frozenset("tell inform remind brief".split())
OBJECT_CLITICS = frozenset("me te nous vous lui leur".split())
# French forms that are both the present and the participle: "…, dit X, …"; a form
# tagged as a participle without a participle's ending ("souligne") is a present.
PRESENT_OR_PARTICIPLE = frozenset("dit écrit décrit prédit redit".split())
PARTICIPLE_ENDING = re.compile(r"(?:é|ée|és|ées|i|ie|is|ies|u|ue|us|ues|t|te|ts|tes|s|se|ses)$")
IMPERSONAL = frozenset("il it ce cela".split())
SUBJECT_PRONOUNS = frozenset("je tu il elle on nous vous ils elles i he she we they".split())


def _subject(verb: Token, depth: int = 0) -> Token | None:
    """The speaker: the verb's subject, or the one it shares with the clause it hangs on.

    "…, saying that …" and "… to explain …" take the subject of the main verb; a relative
    pronoun ("the senator who said …") stands for the noun it modifies.
    """
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if subjects:
        # Of two subjects the parser gave one verb ("c'est pourquoi j'ai décidé"), the
        # nearer one before it.
        before = [c for c in subjects if c.i < verb.i]
        # "Le commissaire nous a assuré": an object clitic is not the nearer subject.
        named = [c for c in before if c.lower_ not in OBJECT_CLITICS]
        before = named or before
        subject = before[-1] if before else subjects[0]
        if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ in {"relcl", "acl:relcl"}:
            return verb.head
        return subject
    previous = verb.doc[verb.i - 1] if verb.i > 0 else None
    if (
        previous is not None
        and previous.lower_ in SUBJECT_PRONOUNS
        and previous.pos_ == "PRON"
        and "Fin" in verb.morph.get("VerbForm")
    ):
        # "vous devez en faire part": a subject pronoun the parser took for an object.
        return previous
    if verb.head == verb or depth > 3:
        return None
    if verb.dep_ in {"conj", "xcomp"}:
        return _subject(verb.head, depth + 1)
    non_finite = verb.tag_ in {"VBG", "VBN"} or bool(
        {"Part", "Inf"} & set(verb.morph.get("VerbForm"))
    )
    if verb.dep_ == "advcl" and non_finite:
        return _subject(verb.head, depth + 1)  # "…, saying", "pour indiquer …"
    after_comma = verb.i > 0 and verb.doc[verb.i - 1].text == ","
    if verb.dep_ == "acl" and after_comma and non_finite and verb.sent.root != verb:
        # "X a menacé de produire une liste d'élus …, soutenant que …": a participle set off
        # by a comma describes the sentence's subject, whatever noun the parser chose.
        return _subject(verb.sent.root, depth + 1)
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"} and non_finite:
        return verb.head  # "a statement saying …", "ce jeune homme annonçant …"
    return None


def _noun_phrase_before(verb: Token) -> Token | None:
    """The noun (or subject pronoun) right before a finite verb the parser gave no subject,
    adverbs skipped: "Obama and Clinton call them …", "$20 million experts say it costs …"."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and doc[i].pos_ == "ADV":
        i -= 1
    if i < 0 or doc[i].pos_ not in {"NOUN", "PROPN", "PRON"}:
        return None
    if doc[i].pos_ == "PRON" and doc[i].lower_ not in SUBJECT_PRONOUNS:
        return None
    return doc[i]


def _inverted_subject(verb: Token) -> Token | None:
    """Subject after a postposed reporting verb: "…, ont prévenu lundi les États-Unis"."""
    for child in verb.rights:
        if child.lower_ in TIME_WORDS or child.is_punct or child.dep_ in {"obl:mod", "advmod"}:
            continue
        if child.pos_ in {"NOUN", "PROPN", "PRON"} and child.dep_ in {
            "obj",
            "nsubj",
            "nsubj:pass",
            "dobj",
            "attr",
            "obl",
            "expl:subj",
            "dep",
            "nmod",
        }:
            return child
    return None


def _token_range_span(text: str, view: str, offset: int, tok: Token, stop: int) -> Span | None:
    """A token's subtree as a span, cut before `stop` (an absolute offset) and at sentence end."""
    s = offset + tok.left_edge.idx
    e = offset + tok.right_edge.idx + len(tok.right_edge)
    if s < stop <= e:
        e = stop
    return _span(text, view, s, e)


def _verb_claim(
    text: str,
    view: str,
    doc: Doc,
    offset: int,
    start: int,
    end: int,
    verb: Token,
    quotes: list[tuple[int, int]],
    used_quotes: set[tuple[int, int]],
    lang: str,
) -> ExtractedClaim | None:
    cue = _cue_span(text, offset, verb)
    if verb.dep_ in RELATIVE_CLAUSE_DEPS and any(
        c.dep_ in SUBJECT_DEPS and c.lower_ in RELATIVE_PRONOUNS for c in verb.children
    ):
        # "The senator, who said that the bill would pass, left early": the content ends
        # with the relative clause.
        end = min(end, offset + verb.right_edge.idx + len(verb.right_edge))
    before_cue = view[start : cue.start]
    # A subject pronoun placed between the comma and the verb ("…, he said") also counts.
    subject = _subject(verb)
    phrase = _light_verb_phrase(verb) if lang == "fr" else None
    if subject is None and phrase is not None and verb.head == phrase:
        # "j'ai décidé et fait savoir que": the parser hangs "fait" on "savoir".
        subject = _subject(phrase)
    anchored = True
    # Up to three words between the comma and the verb, titles included ("Mr. Obama").
    after_comma = bool(
        re.search(r",\s*\"?\s*(?:(?:[A-Z][a-z]{0,3}\.|[\w'-]+)\s+){0,3}$", before_cue)
    ) and bool(before_cue.strip(PUNCT_EDGE))
    # “…,” Senate Majority Leader Mitch McConnell, R-Ky., said: the quotation closes with a
    # comma, and a speaker of any length (no new quotation) stands before the verb.
    quote_comma = before_cue.rfind(',"')
    speaker_words = before_cue[quote_comma + 2 :].split() if quote_comma >= 0 else []
    if quote_comma >= 0 and '"' not in before_cue[quote_comma + 2 :] and len(speaker_words) <= 25:
        after_comma = bool(before_cue[:quote_comma].strip(PUNCT_EDGE))
    cut = quote_comma if quote_comma >= 0 and after_comma else before_cue.rfind(",")
    # "…, adding later, “…”": a present participle introduces what follows it.
    gerund = verb.tag_ == "VBG" or (
        "Part" in verb.morph.get("VerbForm") and "Pres" in verb.morph.get("Tense")
    )
    postposed = after_comma and not gerund
    # Possessive: a word is never re-split while backtracking (which took seconds a page).
    incise = re.match(r"\s*(?:[^\W\d_][\w'-]*+\s*){1,6},\s*\S", view[cue.end : end])
    # The parser may take the interrupted clause's subject for the verb's: one that sits
    # before the comma is not the speaker.
    inverted_order = subject is None or subject.i > verb.i or offset + subject.idx < start + cut
    # "…, comme devait conclure Roger Thiriot, …": a modal carries the tense.
    # "…, dit cette délégation, …": "dit" read as a participle is the verb when its
    # subject follows it (not "Le texte, publié le mois dernier, …").
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    finite = (
        not ({"Part", "Inf"} & set(verb.morph.get("VerbForm")))
        or bool(re.search(r",\s*comme\s+(?:[\w'-]+\s+){0,2}$", before_cue))
        or (
            (verb.lower_ in PRESENT_OR_PARTICIPLE or not PARTICIPLE_ENDING.search(verb.lower_))
            and following is not None
            and following.pos_ in {"DET", "PRON", "PROPN"}
        )
    )
    introduces = re.match(r"\s*(?:que|qu'|qu)\b", view[cue.end : end])
    # A reporting clause set in its content names the speaker the parse may miss.
    speaker = whole = None
    rest = view[cue.end : end]
    # "Le gouvernement, a-t-il précisé, ne reculera pas": the subject is a clitic.
    clitic = next(
        (
            c
            for c in verb.children
            if c.dep_ in SUBJECT_DEPS and re.fullmatch(r"-(?:t-)?\w+", c.text) and c.lower_ != "-t"
        ),
        None,
    )
    clitic_incise = clitic is not None and after_comma and bool(re.match(r"\s*,\s*\S", rest))
    if re.fullmatch(r"\s*(?:comme|ainsi que|as)\s+(?:l'|le\s+|la\s+)?", before_cue, re.I) and (
        "," in rest
    ):
        # "Comme l'a souligné M. Dupont, le projet manque de financement": the speaker
        # stands between the verb and the comma, the content after it.
        comma = cue.end + rest.index(",")
        speaker, whole = _span(text, view, cue.end, comma), _span(text, view, comma + 1, end)
    elif (
        lang == "fr"
        and not introduces
        and (clitic_incise or (after_comma and incise and inverted_order and finite))
    ):
        # « Le programme …, dit cette délégation, ne suffit pas »: the reporting clause
        # interrupts its content, which is the whole sentence.
        whole = _span(text, view, start, end)
        if clitic_incise:
            speaker = _span(text, view, offset + clitic.idx, offset + clitic.idx + len(clitic))
        else:
            speaker = _span(text, view, cue.end, cue.end + rest.index(","))
    if speaker and whole:
        return ExtractedClaim(
            content=whole,
            kind=_speech_kind(view, whole, quotes),
            sentence=Span(start, end, text[start:end]),
            source=speaker,
            cue=cue,
            cue_lemma=verb.lemma_.lower(),
        )
    if postposed and subject is not None and subject.i < verb.i and subject.head == verb:
        # "Douglas Brinkley, a historian …, recalled": what precedes is the speaker (not
        # the subject of another clause the verb is coordinated with).
        lead = view[start : offset + subject.left_edge.idx]
        postposed = bool(lead.strip(PUNCT_EDGE))
    if postposed and quote_comma < 0 and re.match(r'\s*[,:]?\s*"', view[cue.end : end]):
        # "Asked about the bomb, Clinton said, “I think …”": no quotation closes before
        # the speaker and one opens after the verb; that one is the content.
        postposed = False
    if postposed:
        comma = start + cut
        postposed = _reported_before(doc, view, offset, start, comma, verb, lang)
    # A quotation split by its reporting clause: “A,” he said, “B.” / “A,” he said, but “B.”
    split_pair = None
    if postposed:
        follow = re.match(
            r'\s*(?:[\w\s.\'-]{0,30}?)\s*,\s*(?:(?:but|and|mais|et)\s+)?"', view[cue.end : end]
        )
        if follow:
            opening = cue.end + follow.end() - 1
            split_pair = next((q for q in quotes if q[0] == opening), None)
    content: Span | None = None
    if postposed and (
        split_pair is not None
        or not any(c.dep_ in CLAUSE_DEPS and c.i > verb.i for c in verb.children)
    ):
        content = _span(text, view, start, start + cut)
        # The parser often takes a word of the preceding content as the subject; the
        # speaker of a postposed cue comes after it ("…, ont prévenu lundi les États-Unis").
        if subject is None or (content and offset + subject.idx < content.end):
            subject = _inverted_subject(verb)
    # Titles' periods ("M. Sakellariou") do not end the reporting clause.
    colon = re.match(
        r"[^.!?:]{0,60}:", re.sub(r"\b([A-Z][a-z]{0,3})\.", r"\1_", view[cue.end : end])
    )
    if content is None and colon:
        # "ce qu'a dit M. Sakellariou : la communauté …", "the Times reports:" – the
        # content follows the colon, or is the next paragraph when the line ends there.
        content = _span(text, view, cue.end + colon.end(), end) or _next_paragraph(text, view, end)
    if content is None:
        content = _complement_clause(text, view, doc, offset, end, verb, lang)
    if content is None:
        clause = next((c for c in verb.children if c.dep_ in CLAUSE_DEPS and c.i > verb.i), None)
        if clause is not None and clause.pos_ in {"ADJ", "NOUN"}:
            # "se déclare incompétent pour instruire le cas": a predicative complement
            # runs on through what the verb governs after it, to the next comma.
            last = clause.right_edge
            for tok in doc[clause.right_edge.i + 1 : verb.right_edge.i + 1]:
                if tok.text in ",;:":
                    break
                last = tok
            content = _span(
                text, view, offset + clause.left_edge.idx, offset + last.idx + len(last)
            )
        elif clause is not None and (passive := _passive_subject(verb)) is not None:
            # "Une jeune fille … était signalée disparue": who is said to be what.
            last = clause.right_edge
            content = _span(
                text, view, offset + passive.left_edge.idx, offset + last.idx + len(last)
            )
        elif clause is not None:
            content = _token_range_span(text, view, offset, clause, end)
    if content is None:
        content = _nearest_quote(text, view, verb, offset, quotes, used_quotes, lang)
    if content is None:
        # "talked about the economy", "warned against cuts", "commented on the poll".
        prep = next(
            (
                c
                for c in verb.children
                if c.i > verb.i and c.dep_ == "prep" and c.lower_ in TOPIC_PREPOSITIONS
            ),
            None,
        )
        if prep is not None and any(t.dep_ == "pobj" for t in prep.children):
            # "what he was talking about": the object can stand before the preposition.
            objects = [t for t in prep.subtree if t.i > prep.i and not t.is_space]
            content = _tokens_span(text, view, offset, objects)
            anchored = False
    if (
        content is None
        and lang == "fr"
        and (verb.lemma_.lower() in TELL_WHEN or _light_verb_phrase(verb) is not None)
    ):
        # Leaflets: "Prévenez votre médecin si vous présentez …", "Si vous remarquez …,
        # veuillez en informer votre médecin": what is to be reported is the si-clause.
        content = _condition_clause(text, view, doc, offset, start, end)
    reported_noun = False
    # French only: English news uses these for events ("the plan announced Monday").
    if content is None and lang == "fr" and (noun_phrase := _reported_noun_phrase(verb)):
        # "le montant que le commissaire annoncerait", "les cas rapportés", "des cas …
        # ont été rapportés": what is reported is the noun the verb describes.
        content = _tokens_span(text, view, offset, noun_phrase)
        reported_noun = content is not None
    opens_sentence = not before_cue.strip() or before_cue.rstrip()[-1] in ".!?"
    if content is None and not opens_sentence:
        # No clause, quote or postposed content: what the verb governs after it
        # ("Kiev a indiqué lundi l'envoi de renforts", "effets rapportés chez …").
        # A unit that opens with the verb is a scraping fragment: its content went before.
        if phrase is not None:
            right = max(verb.right_edge.i, phrase.right_edge.i)
            after = [t for t in verb.doc[phrase.i + 1 : right + 1] if not t.is_space]
        else:
            # Not a coordinated reporting verb's words: "crie au scandale et affirme que …".
            joined = min(
                (
                    c.left_edge.i
                    for c in verb.rights
                    if c.dep_ == "conj" and c.lemma_.lower() in REPORTING_VERBS[lang]
                ),
                default=len(doc),
            )
            # Nor the agent of a passive ("was criticized by the governor as reckless"), nor
            # whom one tells ("told the Post Thursday").
            skip = {"agent", "obl:agent"}
            if verb.lemma_.lower() in ADDRESSEE_VERBS:
                skip |= {"dobj", "dative", "iobj"}
            by = {t.i for c in verb.rights if c.dep_ in skip for t in c.subtree}
            after = [
                t
                for t in verb.subtree
                if verb.i < t.i < joined and not t.is_space and t.i not in by
            ]
        # Words that say when, where or how long, not what: "told the Post Thursday",
        # "spoke for about five minutes", "a group known as Fancy Bear".
        inside = {t.i for t in after}
        parts = [c for c in verb.children if c.i in inside]
        circumstance = bool(after) and (
            all(t.lower_ in TIME_WORDS or t.is_punct or t.like_num for t in after)
            or (
                lang == "en"
                and all(
                    c.is_punct
                    or c.dep_ in {"npadvmod", "advmod"}
                    or (
                        c.dep_ == "prep"
                        and c.lower_ not in TOPIC_PREPOSITIONS
                        # "criticized … as reckless", but not "a group known as Fancy Bear"
                        and not (c.lower_ == "as" and verb.lemma_.lower() != "know")
                        # "called for new tariffs", "asked for help" (not "spoke for an hour")
                        and not (c.lower_ == "for" and verb.lemma_.lower() in CALL_TO_ACTION)
                    )
                    for c in parts
                )
            )
        )
        if after and not circumstance:
            content = _tokens_span(text, view, offset, after)
            # "fait état de …" is a reporting phrase; other verbs' objects are weaker.
            anchored = phrase is not None
    if content is not None and split_pair is not None and content.start < split_pair[0]:
        content = _span(text, view, content.start, split_pair[1] + 1) or content
    shortest = 1 if reported_noun or (not anchored and subject is not None) else MIN_CONTENT_WORDS
    if content is None or len(re.findall(r"\w+", content.text)) < shortest:
        return None
    if subject is None and not postposed and "Fin" in verb.morph.get("VerbForm"):
        subject = _noun_phrase_before(verb)
    if (
        gerund
        and not before_cue.strip(PUNCT_EDGE)
        and (subject is None or offset + subject.idx >= content.start)
    ):
        # "Estimant que le texte était incomplet, les députés ont demandé …": an opening
        # participle speaks for the subject of the clause after its own.
        comma = next((t for t in doc[verb.i + 1 :] if t.text == ","), None)
        after = doc[comma.i + 1 : comma.i + 12] if comma is not None else []
        main = next((t for t in after if t.dep_ in SUBJECT_DEPS and t.head.i > t.i), None)
        if main is not None and offset + comma.idx < end:
            subject = main
            content = _span(text, view, content.start, min(content.end, offset + comma.idx))
            if content is None:
                return None
    source = None
    agent = next((c for c in verb.children if c.dep_ in {"obl:agent", "agent"}), None)
    if agent is not None and agent.dep_ == "agent":
        agent = next((c for c in agent.children if c.dep_ == "pobj"), None)
    if agent is not None and (
        subject is None or subject.dep_ in PASSIVE_SUBJECT_DEPS or subject.lower_ in IMPERSONAL
    ):
        # "Il a été annoncé par le ministère que …", "was announced by the ministry":
        # the agent of a passive reporting verb speaks.
        words = [t for t in agent.subtree if t.dep_ != "case" and not t.is_space]
        source = _tokens_span(text, view, offset, words)
        if source is not None and _overlaps(source, content):
            source = None
        subject = None
    if subject is not None:
        # The noun a relative clause hangs on speaks, up to its relative pronoun.
        relative = verb.dep_ in RELATIVE_CLAUSE_DEPS and subject.i == verb.head.i
        pronoun = next((c for c in verb.children if c.lower_ in RELATIVE_PRONOUNS), None)
        stop = end
        if relative:
            # "The senator, who": the noun and the pronoun that stands for it.
            stop = offset + (pronoun.idx + len(pronoun) if pronoun else verb.left_edge.idx)
        source = _token_range_span(text, view, offset, subject, stop)
        coordinated = source and re.search(
            r"(?:[A-ZÀ-Ý][\w'-]*\s*,\s*)*[A-ZÀ-Ý][\w'-]*\s+(?:et|and)\s+$",
            view[start : source.start],
        )
        if coordinated and source.text[:1].isupper():
            # "Washington et Séoul ont affirmé": names the parser left out of the subject.
            source = _span(text, view, start + coordinated.start(), source.end)
        inside_split = split_pair is not None and source and source.end <= split_pair[0]
        if source and _overlaps(source, content) and not inside_split:
            # Keep only the part of the speaker's phrase before the content starts.
            source = (
                _span(text, view, source.start, content.start)
                if source.start < content.start
                else None
            )
    if source is None and gerund:
        # "Trump said, adding later, “NATO is …”": the parser took a word of the quotation
        # for the participle's subject; the verb just before it has the speaker.
        for prev in reversed(doc[max(0, verb.i - 6) : verb.i]):
            main = _subject(prev) if prev.pos_ == "VERB" else None
            if main is not None and main.i < prev.i and offset + main.idx < content.start:
                source = _token_range_span(text, view, offset, main, offset + prev.idx)
                break
    closes_quote = quote_comma >= 0 and content.end <= start + quote_comma + 2
    if source is None and after_comma and not gerund and closes_quote:
        # “…,” Flynn, a top Trump surrogate, said: the speaker is what stands between.
        source = _span(text, view, start + quote_comma + 2, cue.start)
    for pair in quotes:
        if content.start <= pair[0] and pair[1] < content.end:
            used_quotes.add(pair)
    return ExtractedClaim(
        content=content,
        kind="direct" if split_pair is not None else _speech_kind(view, content, quotes),
        sentence=Span(start, end, text[start:end]),
        source=source,
        cue=cue,
        anchored=anchored,
        cue_lemma=verb.lemma_.lower(),
        participle=(verb.tag_ in {"VBN", "VBG"} or "Part" in verb.morph.get("VerbForm"))
        and not any(c.dep_.startswith("aux") for c in verb.children),
    )


RELATIVE_CLAUSE_DEPS = {"relcl", "acl:relcl"}
# What a verb governs as its object, in both treebanks' labels.
OBJECT_DEPS = {"obj", "dobj", "iobj", "obl", "obl:arg", "obl:mod", "pobj", "prep"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "nsubj:pass"}


def _passive_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS and c.i < verb.i), None)


def _reported_noun_phrase(verb: Token) -> list[Token]:
    """The noun phrase a reporting verb says something about when it has no clause of its
    own: the antecedent of its relative clause ("le nombre qu'ils avancent"), the noun its
    participle qualifies ("les cas rapportés"), or its passive subject."""
    # "les succès dont nous pouvons faire état": the relative clause is the modal's.
    clause = verb.head if verb.dep_ == "xcomp" else verb
    # "le nombre qu'ils avancent": "que" fills the object slot of a relative clause.
    relative = clause.dep_ in RELATIVE_CLAUSE_DEPS or (
        clause.dep_ == "acl"
        and any(c.lower_ in RELATIVE_PRONOUNS or c.lower_ in {"qu'", "qu"} for c in clause.children)
        and not any(c.dep_ in {"obj", "dobj", "ccomp"} for c in clause.children)
    )
    if any(c.dep_ in SUBJECT_DEPS and c.lower_ in RELATIVE_PRONOUNS for c in clause.children):
        return []  # "les habitants, qui dénoncent …": the noun speaks, it is not reported
    if relative or (verb.dep_ == "acl" and "Part" in verb.morph.get("VerbForm")):
        head = clause.head
        if head.pos_ not in {"NOUN", "PROPN", "PRON"} or head.i > clause.i:
            return []
        return [t for t in head.subtree if t.i < clause.left_edge.i and not t.is_space]
    subject = _passive_subject(verb)
    if subject is not None:
        return [t for t in subject.subtree if not t.is_space]
    return []


TELL_WHEN = frozenset("informer prévenir prevenir avertir signaler".split())


def _condition_clause(
    text: str, view: str, doc: Doc, offset: int, start: int, end: int
) -> Span | None:
    mark = next(
        (
            t
            for t in doc
            if start <= offset + t.idx < end and t.lower_ in {"si", "s'"} and t.dep_ == "mark"
        ),
        None,
    )
    if mark is None:
        return None
    clause = [t for t in mark.head.subtree if t.i > mark.i and not t.is_space]
    return _tokens_span(text, view, offset, clause)


def _next_paragraph(text: str, view: str, end: int) -> Span | None:
    match = re.compile(r"\s*([^\n]+)").match(view, end)
    return _span(text, view, match.start(1), match.end(1)) if match else None


def _nominal_claim(
    text: str, view: str, offset: int, end: int, noun: Token
) -> ExtractedClaim | None:
    """ "le rapport de Mme Stenzel sur l'initiative EQUAL", "a statement by the ministry that …"."""
    source = content = None
    for child in noun.rights:
        case = next((c.lower_ for c in child.children if c.dep_ == "case"), "")
        of_whom = child.dep_ in {"nmod", "prep", "pobj"} and case in {"de", "du", "des", "d'", "by"}
        if of_whom and source is None and child.pos_ in {"PROPN", "NOUN", "PRON"}:
            source = _token_range_span(text, view, offset, child, end)
            continue
        if source is None and not case and child.pos_ == "PROPN" and child.i == noun.i + 1:
            # "le rapport Katiforis sur …": the name right after the noun is its author's.
            names = [t for t in child.subtree if t.i <= child.i or t.dep_ in {"flat", "flat:name"}]
            source = _tokens_span(text, view, offset, names)
            continue
        opener = child.left_edge.lower_
        about = case in {"sur", "concernant", "about", "on", "of"} or opener in {
            "que",
            "qu'",
            "that",
            "selon",
        }
        if (
            content is None
            and about
            and child.dep_ in {"nmod", "acl", "acl:relcl", "ccomp", "prep", "pobj"}
        ):
            content = _token_range_span(text, view, offset, child, end)
    if content is None and noun.dep_ in SUBJECT_DEPS and noun.head.pos_ in {"VERB", "AUX"}:
        # "ce rapport offre une approche flexible": what the report is said to say.
        verb = noun.head
        rest = [t for t in verb.subtree if t.i > noun.right_edge.i and not t.is_space]
        content = _tokens_span(text, view, offset, rest)
    if content is None or source is not None and _overlaps(source, content):
        return None
    if len(re.findall(r"\w+", content.text)) < MIN_CONTENT_WORDS - 1:
        return None
    cue = Span(offset + noun.idx, offset + noun.idx + len(noun), noun.text)
    return ExtractedClaim(
        content=content,
        kind="indirect",
        sentence=Span(0, 0, ""),
        source=source,
        cue=cue,
        cue_lemma=noun.lemma_.lower(),
    )


def _colon_claim(
    text: str, view: str, tokens: list[Token], offset: int, start: int, para_end: int
) -> ExtractedClaim | None:
    """ "PENCE: Well, look, …" (transcripts) and "Poll: Wealthy voters …" (headlines)."""
    match = re.match(
        r'"?\s*([^\W\d_][\w.\'-]*(?:[ ][^\W\d_][\w.\'-]*){0,3})\s?:\s+\S', view[start:]
    )
    if not match or start + match.end() > para_end:
        return None
    name_end = start + match.end(1)
    name_tokens = [t for t in tokens if offset + t.idx < name_end]
    if not name_tokens or not all(
        t.pos_ == "PROPN" or t.text.isupper() or t.lower_ in NAMED_DOCUMENTS for t in name_tokens
    ):
        return None
    colon = view.index(":", name_end)
    content = _span(text, view, colon + 1, para_end)
    source = _span(text, view, start + match.start(1), name_end)
    if content is None or source is None:
        return None
    return ExtractedClaim(
        content=content,
        kind="direct" if name_tokens[0].text.isupper() else "indirect",
        sentence=Span(start, para_end, text[start:para_end]),
        source=source,
        cue=Span(colon, colon + 1, text[colon : colon + 1]),
    )


TOPIC_PREPOSITIONS = frozenset("about of on against over sur contre".split())
SUBORDINATORS = frozenset(
    """although though while when whenever if because as after before since unless until
    once whereas quand lorsque lorsqu si s' bien alors tandis puisque comme avant après
    depuis parce pendant""".split()
)


def _reported_before(
    doc: Doc, view: str, offset: int, start: int, comma: int, verb: Token, lang: str
) -> bool:
    """Is the text before "…, said X" reported content, not an adverbial or the speaker?

    It must be a clause (a finite verb) or a quotation, and not a subordinate clause
    ("Although …, they criticised …"). In English a reporting verb placed after its
    content takes no direct object ("…, cited problems" is not "…, he said").
    """
    region = [t for t in doc if start <= offset + t.idx < comma and not t.is_space]
    if not region or region[0].lower_ in SUBORDINATORS:
        return False
    if lang == "en" and any(c.dep_ == "dobj" and c.i > verb.i for c in verb.children):
        return False
    quoted = '"' in view[max(0, start - 1) : comma + 1]
    finite = any(
        "Fin" in t.morph.get("VerbForm") or t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in region
    )
    return quoted or finite


def _complement_clause(
    text: str, view: str, doc: Doc, offset: int, end: int, verb: Token, lang: str
) -> Span | None:
    """Content introduced by que/qu'/that within a few tokens after the verb."""
    for tok in doc[verb.i + 1 : verb.i + 6]:
        low = tok.lower_.replace("'", "'")
        if low in COMPLEMENTISERS[lang] or (lang == "fr" and low.startswith("qu'")):
            s = offset + tok.idx + len(tok)
            return _span(text, view, s, end)
        if tok.is_punct and tok.text in ".;:!?":
            break
        if (
            tok.dep_ == "conj"
            and tok.head == verb
            and any(c.dep_ in OBJECT_DEPS and c.i < tok.i for c in verb.children)
        ):
            # "crie au scandale et affirme que …": the clause is the second verb's.
            break
    return None


def _nearest_quote(
    text: str,
    view: str,
    verb: Token,
    offset: int,
    quotes: list[tuple[int, int]],
    used: set[tuple[int, int]],
    lang: str,
) -> Span | None:
    pos = offset + verb.idx
    candidates = [
        q for q in quotes if q not in used and len(re.findall(r"\w+", view[q[0] : q[1]])) >= 3
    ]
    if not candidates:
        return None
    after = [q for q in candidates if q[0] > pos]
    pair = after[0] if after else candidates[-1]
    between = itertools.takewhile(lambda t: offset + t.idx < pair[0], verb.doc[verb.i + 1 :])
    if pair[0] > pos and any(
        t.pos_ == "VERB"
        and t.lemma_.lower() in REPORTING_VERBS[lang]
        and "Fin" in t.morph.get("VerbForm")
        for t in between
    ):
        # "Asked about the bomb, Clinton said, “…”": the quotation is the nearer verb's.
        return None
    used.add(pair)
    return _span(text, view, pair[0] + 1, pair[1])


def _speech_kind(view: str, content: Span, quotes: list[tuple[int, int]]) -> str:
    """direct when one quotation is the whole content, mixed when quotations are inside."""
    lo, hi = _around(view, content.start, -1), _around(view, content.end, 1)
    inside = [q for q in quotes if lo <= q[0] and q[1] <= hi]
    if not inside:
        return "indirect"
    outside_words = view[lo : hi + 1]
    for q0, q1 in inside:
        outside_words = outside_words.replace(view[q0 : q1 + 1], " ", 1)
    return "direct" if not re.search(r"\w", outside_words) else "mixed"


def _around(view: str, pos: int, step: int) -> int:
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


def _narration(
    text: str,
    view: str,
    doc: Doc,
    offset: int,
    start: int,
    end: int,
    tokens: list[Token],
    claims: list[ExtractedClaim],
    sentence: Span,
) -> list[ExtractedClaim]:
    """The author's own statements: the unit, or its part before an attributed claim."""
    if claims:
        first = min(
            min(
                c.content.start,
                c.source.start if c.source else c.content.start,
                c.cue.start if c.cue else c.content.start,
            )
            for c in claims
        )
        region = (start, first)
    else:
        region = (start, end)
    region_tokens = [t for t in tokens if region[0] <= offset + t.idx < region[1]]
    # Drop a dangling participle or conjunction that joins the narration to the claim.
    while region_tokens and (
        region_tokens[-1].is_punct
        or region_tokens[-1].pos_ in {"CCONJ", "SCONJ", "ADP", "DET"}
        or "Part" in region_tokens[-1].morph.get("VerbForm")
        and region_tokens[-1].morph.get("Tense") == ["Pres"]
    ):
        region_tokens.pop()
    if not region_tokens:
        return []
    finite = any(
        "Fin" in t.morph.get("VerbForm")
        or (t.pos_ in {"VERB", "AUX"} and t.tag_ in {"VBD", "VBZ", "VBP"})
        for t in region_tokens
    )
    words = [t for t in region_tokens if t.is_alpha]
    if not finite or len(words) < 4 or view[end - 1] == "?":
        return []
    last = region_tokens[-1]
    content = _span(text, view, region[0], offset + last.idx + len(last))
    if content is None:
        return []
    return [
        ExtractedClaim(
            content=content,
            kind="unattributed",
            sentence=sentence,
            entities=entities_in(doc, offset, content.start, content.end),
        )
    ]
