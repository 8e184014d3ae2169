"""The learned check-worthiness score: a probability, with reasons, in French as in English."""

import json
import math
from pathlib import Path

import pytest

from claims.extraction import checkworthiness, extract
from claims.extraction.checkworthiness import FEATURES, NAMES, load_model
from claims.extraction.train_checkworthiness import (
    Data,
    average_precision,
    fit,
    held_out,
    read_files,
)
from claims.models import CHECKWORTHINESS_REASONS


def best(text: str, lang: str) -> float:
    """A sentence's score as the shared scorer reads it: its best claim, 0 with none."""
    return max((c.checkworthiness for c in extract(text, lang)), default=0.0)


def test_the_shipped_weights_load_and_give_probabilities():
    model = load_model()
    assert model["features"] == list(NAMES)
    assert "CheckThat! 2019" in model["trained_on"]
    texts = [
        ("Le chômage a baissé de 2 % l'an dernier, selon l'Insee.", "fr"),
        ("Merci à tous !", "fr"),
        ("We lost 70,000 factories since China entered the WTO.", "en"),
        ("?", "en"),
    ]
    claims = [c for text, lang in texts for c in extract(text, lang)]
    assert claims
    for claim in claims:
        assert 0.0 <= claim.checkworthiness <= 1.0


@pytest.mark.parametrize(
    ("lang", "fact", "others"),
    [
        (
            "fr",
            "Selon l'Insee, le chômage a baissé de 2,5 % en 2023, plus qu'en Allemagne.",
            [
                "Je pense que c'est une belle journée.",
                "Bonjour à tous et merci d'être venus ce soir !",
                "Est-ce que vous êtes prêts ?",
            ],
        ),
        (
            "en",
            "The Labor Department said unemployment fell by 2.5 percent in 2023, "
            "more than in Germany.",
            [
                "I think it is a beautiful day.",
                "Hello everyone and thank you for coming tonight!",
                "Are you ready?",
            ],
        ),
    ],
)
def test_a_numeric_attributed_comparison_outranks_opinions_and_greetings(lang, fact, others):
    score = best(fact, lang)
    for other in others:
        assert best(other, lang) < score, other


def test_past_figures_outrank_a_promise_in_french():
    fact = "Le gouvernement a supprimé 12 000 postes d'enseignants en 2019."
    promise = "Nous ferons tout pour que chacun trouve sa place."
    assert best(fact, "fr") > best(promise, "fr")


def test_reasons_are_given_in_words_a_reviewer_can_read():
    claim = max(
        extract("Selon l'Insee, le chômage a baissé de 2,5 % en 2023.", "fr"),
        key=lambda c: c.checkworthiness,
    )
    assert claim.checkworthiness_reasons
    assert "quantity" in claim.checkworthiness_reasons
    for reason in claim.checkworthiness_reasons:
        assert reason in CHECKWORTHINESS_REASONS  # each has a translated label


@pytest.mark.parametrize("feature", ["call", "warning", "opinion"])
def test_a_feature_that_lowers_the_score_enough_is_named_and_a_negligible_one_is_not(feature):
    names = list(checkworthiness.NAMES)
    x = [1.0 if name == feature else 0.0 for name in names]
    model = {"intercept": 0.0, "mean": [0.0] * len(names), "scale": [1.0] * len(names)}
    strong = [-1.0 if name == feature else 0.0 for name in names]
    _, reasons = checkworthiness.explain({**model, "coef": strong}, x)
    assert reasons == [FEATURES[feature][1]]
    tiny = [-0.001 if name == feature else 0.0 for name in names]
    assert checkworthiness.explain({**model, "coef": tiny}, x)[1] == []


def test_every_reason_the_model_can_give_has_a_translated_label():
    for raised, lowered in FEATURES.values():
        assert raised in CHECKWORTHINESS_REASONS and lowered in CHECKWORTHINESS_REASONS


def test_a_weights_file_for_other_features_is_refused(tmp_path):
    path = tmp_path / "weights.json"
    path.write_text(json.dumps({"features": ["length"], "coef": [1.0]}), encoding="utf-8")
    with pytest.raises(ValueError, match="retrain"):
        checkworthiness.load_model(path)


def test_average_precision_counts_hits_by_rank_and_keeps_file_order_on_ties():
    import numpy as np

    labels = np.array([0.0, 1.0, 0.0, 1.0])
    assert average_precision(np.array([0.9, 0.8, 0.1, 0.7]), labels) == pytest.approx(
        (1 / 2 + 2 / 3) / 2
    )
    # A tie keeps file order: the first line ranks first.
    assert average_precision(np.zeros(4), labels) == pytest.approx((1 / 2 + 2 / 4) / 2)


def test_held_out_files_are_a_fixed_fifth_by_name():
    names = [f"{n:02d}.tsv" for n in range(19)]
    assert held_out(list(reversed(names))) == ["03.tsv", "08.tsv", "13.tsv", "18.tsv"]


def test_training_learns_that_figures_are_check_worthy(tmp_path):
    facts = [
        "Unemployment fell by {} percent last year.",
        "The deficit rose to {} billion dollars in 2019.",
    ]
    chatter = ["Thank you very much, everybody.", "I think that is a great question."]
    for f in range(2):
        lines = []
        for n in range(6):
            lines.append(f"{2 * n + 1}\tA\t{facts[n % 2].format(n + 3)}\t1")
            lines.append(f"{2 * n + 2}\tB\t{chatter[n % 2]}\t0")
        (tmp_path / f"file{f}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = Data(read_files(tmp_path))
    model = fit(data, [0, 1], l2=1.0)
    coef = dict(zip(NAMES, model["coef"], strict=True))
    assert coef["quantity"] > 0 and coef["greeting"] < 0
    scores = data.sentence_scores(model, [0])
    mine = data.file_of == 0
    assert average_precision(scores[mine], data.label[mine]) == 1.0
    assert all(0 < p < 1 for p in scores[mine] if p) and not math.isnan(scores.sum())


def test_a_claim_built_without_a_parse_still_gets_a_probability():
    from claims.extraction import Span
    from claims.extraction.pipeline import ExtractedClaim

    text = "Le chômage a baissé de 2 % en 2023."
    whole = Span(0, len(text), text)
    claim = ExtractedClaim(content=whole, kind="unattributed", sentence=whole)
    score, reasons = checkworthiness.score_checkworthiness(claim, "fr")
    assert 0.0 < score < 1.0 and isinstance(reasons, list)


CHECKWORTHINESS_TRAIN = Path(__file__).resolve().parents[1].parent / "shared" / "train"


@pytest.mark.skipif(
    not (CHECKWORTHINESS_TRAIN / "checkworthiness_en").is_dir(),
    reason="no ../shared/train/checkworthiness_en here",
)
def test_the_shipped_weights_were_trained_on_this_extractor():
    """The model is fitted on the extractor's claims: when extraction changes, the weights
    `make train-checkworthiness` gives change too, and the shipped ones must follow."""
    from claims.extraction import train_checkworthiness

    files = train_checkworthiness.read_files(CHECKWORTHINESS_TRAIN / "checkworthiness_en")
    shipped = checkworthiness.load_model().get("extraction_fingerprint")
    assert train_checkworthiness.extraction_fingerprint(files) == shipped, (
        "extraction changed since the check-worthiness weights were trained: "
        "run `make train-checkworthiness` and commit the weights"
    )
