"""Features of a cue candidate: a verb, noun or adjective that the reporting lexicon misses.

PolNeAR marks many cues beyond the lexicon of cues.py: opinion, intention and stance words
("felt", "plans", "would like", "unveiled a plan"). The sentence labeller (cue_seq.py)
describes each such candidate by the parse the pipeline already made: lemma, part of
speech, tense, dependency, the clause, object or infinitive it governs and its first word,
modals, and who its subject is. (Until issue 12 these features fed a per-token maximum-
entropy classifier; the sentence labeller replaced it, see cue_seq.py.)
"""

from __future__ import annotations

from spacy.tokens import Token

CANDIDATE_POS = frozenset({"VERB", "NOUN", "AUX", "ADJ"})
PERSONAL = frozenset("i we you he she they it who".split())
MODALS = frozenset("would could should will might may can must".split())


def is_candidate(tok: Token) -> bool:
    """A word that may be a cue: a verb, noun or adjective (predicative: "is confident
    that") with letters."""
    return tok.pos_ in CANDIDATE_POS and tok.is_alpha and len(tok.text) > 1


def _subject(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    if tok.dep_ in {"xcomp", "conj"} and tok.head.i != tok.i:
        # "plans to", "and said": the subject of the verb it depends on
        return next((c for c in tok.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return None


def _subject_kind(subj: Token | None) -> str:
    if subj is None:
        return "none"
    if subj.lower_ in PERSONAL:
        return "pron:" + subj.lower_
    if subj.ent_type_:
        return "ent:" + subj.ent_type_
    return "pos:" + subj.pos_


def features(tok: Token, in_quote: bool) -> list[str]:
    """The sparse features of one candidate token (strings; all weights 1)."""
    doc = tok.doc
    lemma = tok.lemma_.lower()
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    feats = [
        "bias",
        "lemma=" + lemma,
        "pos=" + tok.pos_,
        "tag=" + tok.tag_,
        "dep=" + tok.dep_,
        "lemma_pos=" + lemma + "|" + tok.pos_,
        "lemma_dep=" + lemma + "|" + tok.dep_,
        "head_pos=" + tok.head.pos_,
        "head_lemma=" + tok.head.lemma_.lower(),
        "prev=" + (prev.lower_ if prev is not None else "<s>"),
        "next=" + (nxt.lower_ if nxt is not None else "</s>"),
        "next_pos=" + (nxt.pos_ if nxt is not None else "</s>"),
        "quoted=" + str(in_quote),
    ]
    deps = set()
    for child in tok.children:
        dep = child.dep_
        deps.add(dep)
        if dep in {"ccomp", "xcomp", "acl", "relcl", "advcl", "dobj", "prep", "attr"}:
            feats.append(f"child:{dep}={child.lemma_.lower()}")
            feats.append(f"child:{dep}_pos={child.pos_}")
            first = child.left_edge
            feats.append(f"child:{dep}_first={first.lower_}")
            feats.append(f"lemma_{dep}=" + lemma)
        if dep in {"aux", "auxpass"} and child.lower_ in MODALS:
            feats.append("modal=" + child.lower_)
        if dep == "punct" and child.text in {'"', "“", "”", ":"}:
            feats.append("punct_child=" + child.text)
    for dep in sorted(deps):
        feats.append("has=" + dep)
        feats.append("pos_has=" + tok.pos_ + "|" + dep)
    if not deps & {"ccomp", "xcomp"}:
        feats.append("no_clause")
    kind = _subject_kind(_subject(tok))
    feats += ["subj=" + kind, "subj_pos=" + kind + "|" + tok.pos_]
    if "ccomp" in deps:
        feats.append("subj_ccomp=" + kind)
    for child in (c for c in tok.children if c.dep_ == "poss"):
        feats.append("poss=" + _subject_kind(child))
    return feats
