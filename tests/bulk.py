"""A very large article and its claims, written in bulk (tests and bench/reader.py).

The text is paragraphs of reported statements ("Le ministre a déclaré que …"), one claim
per sentence with its source and cue spans, the density the extractor gives real wires
(a 990,000-character article gave 15,136 claims).
"""

from claims import ingest
from claims.models import Article, Claim

SENTENCES_PER_PARAGRAPH = 8
SPEAKERS = ["Le ministre", "La préfète", "Le porte-parole", "L'ONG Amnesty"]


def _sentence(n: int) -> tuple[str, int, int, int]:
    """A sentence, its speaker's length, its cue's end and its content's start."""
    speaker = SPEAKERS[n % len(SPEAKERS)]
    head = f"{speaker} a déclaré que "
    return f"{head}{n + 17} écoles étaient fermées lundi à {n}h.", len(speaker), len(head) - 5


def large_article(*, chars: int = 1_000_000, title: str = "Very long article") -> Article:
    """An article of at least `chars` characters and a claim in every sentence."""
    parts: list[str] = [f"{title}\n\n"]
    claims: list[dict] = []
    length, n = len(parts[0]), 0
    while length < chars:
        sentence, speaker_end, cue_end = _sentence(n)
        cue_start = speaker_end + 1
        content_start = cue_end + 5  # after "que "
        claims.append(
            {
                "index": n,
                "content_start": length + content_start,
                "content_end": length + len(sentence) - 1,  # the full stop stays out
                "content": sentence[content_start:-1],
                "sentence": sentence,
                "source_start": length,
                "source_end": length + speaker_end,
                "source_text": sentence[:speaker_end],
                "cue_start": length + cue_start,
                "cue_end": length + cue_end,
                "cue_text": sentence[cue_start:cue_end],
            }
        )
        end = "\n\n" if (n + 1) % SENTENCES_PER_PARAGRAPH == 0 else " "
        parts.append(sentence + end)
        length += len(sentence) + len(end)
        n += 1
    text = "".join(parts)
    article = Article.objects.create(
        title=title,
        language="fr",
        text=text,
        content_hash=ingest.content_hash(text),
        status=Article.Status.EXTRACTED,
    )
    Claim.objects.bulk_create(
        (
            Claim(article=article, kind=Claim.Kind.INDIRECT, checkworthiness=0.5, **fields)
            for fields in claims
        ),
        batch_size=2000,
    )
    return article
