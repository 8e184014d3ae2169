"""Every entry of the extraction word lists can match something.

The lists are compared with one token's lower-cased text or lemma, so an entry that the
language's tokenizer never leaves as one token ("s'inquiéter", "faire-savoir"), or that has
capitals, can never match; such an entry only misleads the reader of the list.
"""

import pytest

from claims.extraction import cues, resolve, roles_rules, syntax, verb_content
from claims.extraction.nlp import get_nlp

BOTH = ("fr", "en")
# (name, entries, languages whose text the list is compared with)
LISTS = [
    *[(f"REPORTING_VERBS[{lang}]", cues.REPORTING_VERBS[lang], (lang,)) for lang in BOTH],
    *[(f"NOMINAL_CUES[{lang}]", cues.NOMINAL_CUES[lang], (lang,)) for lang in BOTH],
    *[(f"COMPLEMENTISERS[{lang}]", cues.COMPLEMENTISERS[lang], (lang,)) for lang in BOTH],
    *[
        (name, getattr(module, name), BOTH)
        for module, names in (
            (cues, "OPINION_VERBS CALL_TO_ACTION WARNING_VERBS TIME_WORDS FAIRE_PHRASES"),
            (
                syntax,
                "RELATIVE_PRONOUNS ADDRESSEE_VERBS OBJECT_CLITICS PRESENT_OR_PARTICIPLE "
                "IMPERSONAL SUBJECT_PRONOUNS",
            ),
            (verb_content, "TOPIC_PREPOSITIONS SUBORDINATORS TELL_WHEN"),
            (roles_rules, "NAMED_DOCUMENTS"),
            (resolve, "SINGULAR_PRONOUNS"),
        )
        for name in names.split()
    ],
]


def never_matching(entries, langs) -> list[str]:
    bad = []
    for word in sorted(entries):
        # A clitic ("qu'", "s'") is one token only before a word: try it in context.
        probe = word + "il" if word.endswith("'") else word
        one_token = any(get_nlp(lang).tokenizer(probe)[0].text == word for lang in langs)
        if word != word.lower() or not one_token:
            bad.append(word)
    return bad


@pytest.mark.parametrize(("name", "entries", "langs"), LISTS, ids=[row[0] for row in LISTS])
def test_every_word_list_entry_can_match_one_token(name, entries, langs):
    assert never_matching(entries, langs) == []


def test_the_check_finds_entries_that_cannot_match():
    assert never_matching({"s'inquiéter", "faire-savoir", "Déclarer", "dire"}, ("fr",)) == [
        "Déclarer",
        "faire-savoir",
        "s'inquiéter",
    ]


def test_phrases_are_cues_as_the_words_they_are_written_in():
    # "mettre en garde" is three tokens; the cue is the verb, whose lemma is "mettre".
    assert "mettre-en-garde" not in cues.WARNING_VERBS
    assert not hasattr(cues, "ACCORDING_TO")  # multi-word cues are found in according_cues
