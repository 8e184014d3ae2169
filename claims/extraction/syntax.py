"""Dependency-parse helpers shared by the role rules: who is the subject of a verb."""

import re

from spacy.tokens import Token

from .cues import (
    TIME_WORDS,
)

SUBJECT_DEPS = {"nsubj", "nsubj:pass", "nsubjpass", "expl:subj", "csubj"}


CLAUSE_DEPS = {"ccomp", "xcomp", "csubj"}


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


# English finite tags, for a verb whose morphology the parser left without VerbForm.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def is_finite(tok: Token) -> bool:
    """The one definition of a finite verb form: VerbForm=Fin, or a finite English tag."""
    return "Fin" in tok.morph.get("VerbForm") or tok.tag_ in FINITE_TAGS


def subject_of(verb: Token, depth: int = 0) -> Token | None:
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
        subject = euphonic_pronoun(before[-1] if before else subjects[0])
        if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ in {"relcl", "acl:relcl"}:
            return verb.head
        return subject
    previous = verb.doc[verb.i - 1] if verb.i > 0 else None
    if (
        previous is not None
        and previous.lower_ in SUBJECT_PRONOUNS
        and previous.pos_ == "PRON"
        and is_finite(verb)
    ):
        # "vous devez en faire part": a subject pronoun the parser took for an object.
        return previous
    if verb.head == verb or depth > 3:
        return None
    controller = object_controller(verb)
    if controller is not None:
        return controller
    if verb.dep_ in {"conj", "xcomp"}:
        return subject_of(verb.head, depth + 1)
    non_finite = verb.tag_ in {"VBG", "VBN"} or bool(
        {"Part", "Inf"} & set(verb.morph.get("VerbForm"))
    )
    if verb.dep_ == "advcl" and non_finite:
        return subject_of(verb.head, depth + 1)  # "…, saying", "pour indiquer …"
    after_comma = verb.i > 0 and verb.doc[verb.i - 1].text == ","
    if verb.dep_ == "acl" and after_comma and non_finite and verb.sent.root != verb:
        # "X a menacé de produire une liste d'élus …, soutenant que …": a participle set off
        # by a comma describes the sentence's subject, whatever noun the parser chose.
        return subject_of(verb.sent.root, depth + 1)
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"} and non_finite:
        return verb.head  # "a statement saying …", "ce jeune homme annonçant …"
    return None


def euphonic_pronoun(subject: Token) -> Token:
    """ "a-t-elle ajouté" splits into "a", "-t", "-elle" and the parser may make the
    euphonic "-t" the subject: the pronoun after it is."""
    doc = subject.doc
    if subject.lower_ == "-t" and subject.i + 1 < len(doc):
        following = doc[subject.i + 1]
        if following.pos_ == "PRON" and following.text.startswith("-"):
            return following
    return subject


# Verbs whose object does what their infinitive says: "permettez-moi de dire",
# "entendre la commissaire déclarer".
OBJECT_CONTROL = frozenset("permettre laisser entendre voir écouter autoriser".split())


def object_controller(verb: Token) -> Token | None:
    """The object of the verb an infinitive depends on, when that object speaks."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.lemma_.lower() not in OBJECT_CONTROL:
        return None
    return next(
        (
            c
            for c in head.children
            if head.i < c.i < verb.i
            and c.dep_ in {"obj", "iobj", "dobj", "dep"}
            and c.pos_ in {"NOUN", "PROPN", "PRON"}
        ),
        None,
    )


def noun_phrase_before(verb: Token) -> Token | None:
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


def inverted_subject(verb: Token) -> Token | None:
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


RELATIVE_CLAUSE_DEPS = {"relcl", "acl:relcl"}


# What a verb governs as its object, in both treebanks' labels.
OBJECT_DEPS = {"obj", "dobj", "iobj", "obl", "obl:arg", "obl:mod", "pobj", "prep"}


PASSIVE_SUBJECT_DEPS = {"nsubjpass", "nsubj:pass"}


def passive_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS and c.i < verb.i), None)


def reported_noun_phrase(verb: Token) -> list[Token]:
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
    subject = passive_subject(verb)
    if subject is not None:
        return [t for t in subject.subtree if not t.is_space]
    return []
