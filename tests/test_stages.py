"""The extraction stages, each on sentences written for it."""

from claims.extraction import extract


def test_a_sentence_whose_only_finite_verb_is_a_modal_is_the_authors_claim():
    # "can't", "'ll": a modal is a finite verb, so the sentence is narration to check.
    for sentence in (
        "The mayor can't close the bridge before the election.",
        "She'll open the new hospital wing in March.",
    ):
        claims = extract(sentence, "en")
        assert [(c.kind, c.content.text) for c in claims] == [
            ("unattributed", sentence.rstrip("."))
        ]
