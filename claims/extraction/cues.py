"""Reporting cues: verbs of saying, thinking and announcing (lemmas), and prepositional cues.

The verb lists follow the classes of reporting verbs used in attribution corpora (speech,
statement, belief, evidence), written out for both languages. The French lists cover the
cue lemmas of the ASFALDA training set (`python -m claims.extraction.fr_lexicon` lists
them and what is still missing).
"""

import re
from collections.abc import Iterator

from spacy.tokens import Token

from . import cue_seq
from .cues_fr import NOTICING_VERBS, incise_in_quote, misread_verb, reports_as_noticing
from .records import Cue, Span, Unit
from .signatures import signature_dashes
from .spans import exact_span

REPORTING_VERBS = {
    "fr": frozenset(
        """
        accuser admettre affirmer ajouter alerter annoncer appeler argumenter assurer
        attester avancer avertir avouer certifier clamer commenter communiquer conclure
        confesser confier confirmer considérer constater contester critiquer croire
        déclarer déclamer déplorer démentir dénoncer détailler dire écrire espérer
        estimer évoquer exhorter expliquer exprimer fustiger garantir
        glisser griffonner indiquer informer insister interroger ironiser jurer juger
        lâcher marteler menacer mentionner nier noter notifier objecter observer penser
        plaider poursuivre préciser prédire prétendre prévenir prévoir proclamer
        promettre protester publier raconter rapporter rappeler reconnaître regretter
        relever répéter répliquer répondre révéler revendiquer saluer signaler souhaiter
        souligner soutenir suggérer supposer témoigner tweeter twitter craindre redouter
        inquiéter condamner réclamer demander
        assener asséner rétorquer concéder arguer crier conter relater narrer
        qualifier proposer recommander préconiser conseiller réaffirmer réitérer reprocher prôner
        remarquer professer hurler exclamer citer renchérir
        """.split()
    ),
    "en": frozenset(
        """
        accuse acknowledge add admit advise affirm agree allege announce answer argue
        assert assure believe boast brief caution charge claim comment complain concede
        conclude confirm contend counter decry declare demand deny describe disclose
        dismiss emphasize emphasise estimate explain fear find forecast guess hint hope
        indicate inform insist lament maintain mention note object observe pledge point
        predict proclaim promise propose protest question quip reaffirm recall recount
        reiterate remark repeat reply report respond reveal say show signal speculate
        state stress suggest suspect swear tell testify think tweet underscore urge vow
        warn worry write told said says acknowledged
        attack blast call cite criticize criticise condemn decline refuse expect
        know want plan support seem ask encourage slam praise hail
        recommend oppose endorse reject defend discuss echo liken rule promote
        detail reference illustrate chastise debate admire talk speak rail lash
        joke muse
        """.split()
    ),
}

# Reporting nouns of the ASFALDA training set that report only with a topic or a clause
# ("des précisions sur le calendrier", "l'observation que …"): as a sentence's subject
# they are not a speaker ("Les citations de ce poète figurent dans les manuels").
TOPIC_ONLY_NOUNS = frozenset(
    """
    précision précisions réplique répliques citation citations indication indications
    observation observations
    """.split()
)

# Nouns that report speech or documents: "le rapport de la Commission sur …".
NOMINAL_CUES = {
    "fr": frozenset(
        """
        rapport déclaration déclarations mention mentions remarque remarques constat
        annonce affirmation affirmations allégation allégations témoignage
        témoignages propos aveu avertissement accusation accusations démenti estimation
        """.split()
    )
    | TOPIC_ONLY_NOUNS,
    "en": frozenset(
        """
        statement statements report claim claims allegation allegations announcement
        testimony warning accusation remarks estimate
        """.split()
    ),
}

# Complementisers that open reported content after a verb.
COMPLEMENTISERS = {"fr": {"que", "qu'", "qu"}, "en": {"that"}}

# Verbs whose claims are opinions, fears or predictions rather than checkable facts.
OPINION_VERBS = frozenset(
    """
    penser croire estimer juger considérer craindre redouter espérer souhaiter supposer
    prévoir prédire believe think fear hope suppose expect predict forecast worry guess
    suspect speculate exprimer express
    """.split()
)
# Verbs and forms that make the content a call to action or a warning.
CALL_TO_ACTION = frozenset(
    """
    exhorter appeler demander réclamer urger inviter enjoindre supplier prier exiger urge
    call demand ask plead implore
    """.split()
)

# Verbs that make the content a warning: an assessment of risk, not a checkable fact.
WARNING_VERBS = frozenset(
    """prévenir avertir alerter menacer warn caution alert threaten""".split()
)

TIME_WORDS = frozenset(
    """
    lundi mardi mercredi jeudi vendredi samedi dimanche hier aujourd'hui demain matin soir
    soirée midi semaine mois année jour nuit récemment également ainsi aussi encore monday
    tuesday wednesday thursday friday saturday sunday yesterday today tomorrow morning
    evening night week month year recently also
    """.split()
)


def _french_forms(verbs: frozenset[str]) -> frozenset[str]:
    """Inflected forms of first-group verbs, for when the lemmatizer misses ("indique")."""
    endings = "e es ent ons ez é ée és ées ait aient ant a ais era eront ".split()
    return frozenset(
        v[:-2] + ending for v in verbs if v.endswith("er") and " " not in v for ending in endings
    )


REPORTING_FORMS = {"fr": _french_forms(REPORTING_VERBS["fr"]), "en": frozenset()}


def verb_read_as_noun(tok: Token, lang: str) -> bool:
    """A French reporting verb the tagger took for a noun: "Le premier ministre juge cette
    proposition …", "…, note un observateur" (cues_fr.misread_verb), never "le juge Dupont"."""
    return lang == "fr" and misread_verb(tok, REPORTING_FORMS[lang])


def according_cues(tokens: list[Token], lang: str) -> Iterator[tuple[Token, Token]]:
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


# "faire part de", "faire état de", "faire savoir que": the noun or verb after "faire"
# makes it a reporting phrase.
FAIRE_PHRASES = frozenset("part état etat savoir".split())


def light_verb_phrase(verb: Token) -> Token | None:
    """The second word of "faire part / état / savoir", or None."""
    if verb.lemma_.lower() != "faire" or verb.i + 1 >= len(verb.doc):
        return None
    following = verb.doc[verb.i + 1]
    return following if following.lower_ in FAIRE_PHRASES else None


def cue_span(text: str, offset: int, verb: Token) -> Span:
    first, last = verb, light_verb_phrase(verb) or verb
    for child in verb.children:
        if child.i < first.i and child.dep_.startswith("aux"):
            first = child
    return exact_span(text, offset, first, last)


def find_cues(unit: Unit) -> list[Cue]:
    """Stage 2: a unit's candidate cues, in the order the roles stage takes them.

    A "NAME:" line start (only in a paragraph's first unit), prepositional cues, reporting
    nouns and reporting verbs; nouns and verbs inside a quotation are the quoted
    speaker's words, not cues.
    """
    if not unit.tokens:
        return []
    cues: list[Cue] = []
    if unit.view[unit.offset : unit.start].strip(' "') == "":
        cues.append(Cue("colon"))
    cues += [Cue("according", tok, last) for tok, last in according_cues(unit.tokens, unit.lang)]
    cues += [Cue("noun", tok) for tok in unit.tokens if _nominal_cue(unit, tok)]
    cues += [Cue("verb", tok) for tok in unit.tokens if _verbal_cue(unit, tok)]
    cues += [Cue("signature", tok) for tok in signature_dashes(unit)]
    if USE_CUE_MODEL.get(unit.lang):
        cues += learned_cues(unit)
    return cues


# Languages whose cues the learned labeller (cue_seq.py) adds to the lexicon's. Off: the
# rules alone (still measurable with eval_halves --cue-model none).
USE_CUE_MODEL: dict[str, bool] = {"en": True, "fr": False}


def lexicon_cue(tok: Token) -> bool:
    """An English token the lexicon takes: a reporting verb or noun, "according", "per"."""
    lemma, low = tok.lemma_.lower(), tok.lower_
    verbs = REPORTING_VERBS["en"]
    if tok.pos_ in {"VERB", "AUX", "ADJ"} and (lemma in verbs or low in verbs):
        return True
    return tok.pos_ == "NOUN" and lemma in NOMINAL_CUES["en"] or low in {"according", "per"}


def learned_cues(unit: Unit) -> list[Cue]:
    """The unit's verbs, nouns and adjectives outside the lexicon that the learned
    labeller takes as cues."""
    return cue_seq.learned_cues(unit, lexicon_cue)


def _nominal_cue(unit: Unit, tok: Token) -> bool:
    """ "la déclaration de …", "a statement by …"."""
    lemma = tok.lemma_.lower()
    return tok.pos_ == "NOUN" and lemma in NOMINAL_CUES[unit.lang] and not unit.in_quote(tok)


def _quoted_incise(unit: Unit, tok: Token) -> bool:
    """ "« …, a indiqué M. X, … »": the reporting clause stands inside the marks."""
    return unit.lang == "fr" and incise_in_quote(tok, unit.view, unit.offset)


def _verbal_cue(unit: Unit, tok: Token) -> bool:
    """A reporting verb of the lexicon (or "faire part / état / savoir"), out of quotes."""
    lang = unit.lang
    verbal = tok.pos_ in {"VERB", "AUX", "ADJ"} or verb_read_as_noun(tok, lang)
    lemma = tok.lemma_.lower()
    reporting = verbal and (
        lemma in REPORTING_VERBS[lang]
        or tok.lower_ in REPORTING_VERBS[lang]
        or tok.lower_ in REPORTING_FORMS[lang]
        or (lang == "fr" and light_verb_phrase(tok) is not None)
        or closes_a_quotation(unit, tok)
    )
    if not reporting or not_a_call_to_speak(tok):
        return False
    if unit.in_quote(tok) and not _quoted_incise(unit, tok):
        return False
    return not (lang == "fr" and lemma in NOTICING_VERBS) or reports_as_noticing(tok)


# "called in to a radio show", "called off the talks", "called back": a call, not words.
CALL_PARTICLES = frozenset("in into up back off".split())


def not_a_call_to_speak(tok: Token) -> bool:
    """ "call" that names ("a program called EB-5", "His group, called …") or phones, and
    not what someone called something."""
    if tok.lemma_.lower() != "call":
        return False
    if tok.tag_ == "VBN" and tok.dep_ in {"acl", "amod"} and tok.head.pos_ in {"NOUN", "PROPN"}:
        return not any(c.dep_ == "agent" for c in tok.children)  # "called by X" still says
    return any(
        c.lower_ in CALL_PARTICLES and (c.dep_ == "prt" or c.dep_ == "prep" and c.i == tok.i + 1)
        for c in tok.children
    )


# What may stand between a quotation and the verb that reports it, or after the verb up
# to the end of the sentence: its subject, auxiliary, a time word or adverb.
AROUND_QUOTE_VERB = {"AUX", "PROPN", "NOUN", "PRON", "DET", "ADV", "ADJ", "NUM", "SPACE"}
SPEAKERS = {"PROPN", "NOUN", "PRON"}


def closes_a_quotation(unit: Unit, verb: Token) -> bool:
    """Any verb is a cue in “…,” Clinton gushed. / « … », avait hurlé le PDG.: a quotation
    of a few words, a comma, a short clause of a speaker and the verb, and the end of the
    sentence ("devant les salariés" may follow)."""
    if verb.pos_ != "VERB" or not any(_opens(unit, q0) for q0, _ in unit.quotes):
        return False  # checked first: most units open with no quotation
    before = [t for t in reversed(unit.tokens) if t.i < verb.i][:6]
    comma = next((k for k, t in enumerate(before) if t.text == ","), None)
    if comma is None or comma + 1 >= len(before):
        return False
    if any(t.pos_ not in AROUND_QUOTE_VERB for t in before[:comma]):
        return False
    after = [t for t in unit.tokens if t.i > verb.i][:9]
    stop = next((k for k, t in enumerate(after) if t.text in {".", "!", "?", ";"}), None)
    if stop is None or any(t.pos_ not in AROUND_QUOTE_VERB | {"ADP"} for t in after[:stop]):
        return False
    if not any(t.pos_ in SPEAKERS for t in before[:comma] + after[:stop]):
        return False
    return _quotation_ends_at(unit, before[comma + 1])


def _quotation_ends_at(unit: Unit, mark: Token) -> bool:
    """Whether `mark` closes (or ends inside) a quotation of three words or more that
    opens the sentence."""
    pos = unit.offset + mark.idx
    for q0, q1 in unit.quotes:
        if q0 < pos <= q1 and pos + len(mark) >= q1 - 1:
            return _opens(unit, q0) and len(unit.text[q0:q1].split()) >= 3
    return False


def _opens(unit: Unit, q0: int) -> bool:
    """Whether the quotation opening at `q0` opens the unit (no word before it)."""
    return not re.search(r"\w", unit.view[unit.start : q0])
