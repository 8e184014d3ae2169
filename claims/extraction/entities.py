"""Named entities from spaCy NER, with countries normalised to ISO codes through CLDR."""

from spacy.tokens import Doc

from .claimants import country_code

LABELS = {
    "PER": "person",
    "PERSON": "person",
    "ORG": "organisation",
    "NORP": "group",
    "LOC": "place",
    "GPE": "place",
    "FAC": "place",
    "EVENT": "event",
    "MISC": "other",
}


def entities_in(doc: Doc, offset: int, start: int, end: int) -> list[dict]:
    found = []
    for ent in doc.ents:
        s, e = offset + ent.start_char, offset + ent.end_char
        if s < start or e > end or ent.label_ not in LABELS:
            continue
        entity = {"start": s, "end": e, "text": ent.text, "label": LABELS[ent.label_]}
        if entity["label"] == "place" and (code := country_code(ent.text)):
            entity["country"] = code
        found.append(entity)
    return found
