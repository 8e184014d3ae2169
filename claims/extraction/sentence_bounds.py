"""The sentence around a span of text, found without a parser.

Used when a reviewer corrects an attribution: the corrected content, source and cue may
lie outside the sentence the extractor saw, and the claim's "sentence" must follow them.
A full stop after a title or an initial ("M. Dupont", "Sen. Warren", "J. Smith") does not
end a sentence; a line break always does.
"""

import re

BOUNDARY = re.compile(r"(?P<punct>[.!?…]+[»”\"’)\]]*)[^\S\n]+|(?P<line>\s*\n\s*)")
# Words after which a full stop is an abbreviation's, not a sentence's end.
ABBREVIATIONS = frozenset(
    "m mm mme mmes mlle mr mrs ms dr pr prof me st ste sen rep gov gen col lt sgt capt "
    "jr sr no vs cf ex etc av bd".split()
)
WORD_BEFORE = re.compile(r"(\w+)$")
# How far either side of the span a boundary is looked for.
REACH = 3_000


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    if match.group("line") is not None:
        return True
    if not match.group("punct").startswith("."):
        return True
    word = WORD_BEFORE.search(text, 0, match.start())
    if word is None:
        return True
    before = word.group(1)
    return not (before.lower() in ABBREVIATIONS or (len(before) == 1 and before.isupper()))


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence (or sentences) holding text[start:end], spaces trimmed."""
    lo, hi = max(start - REACH, 0), min(end + REACH, len(text))
    left, right = lo, hi
    for match in BOUNDARY.finditer(text, lo, hi):
        if not _ends_sentence(text, match):
            continue
        stop = match.end("punct") if match.group("punct") is not None else match.start()
        if match.end() <= start:
            left = match.end()
        elif stop >= end:
            right = stop
            break
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right
