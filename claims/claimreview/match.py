"""Which earlier fact-checks by other organisations state the same claim as ours.

The same two models as "already checked" between our own claims (claims.corroboration):
the ranker orders candidates, the matcher's absolute probability decides. Candidates come
from the fact-checks' stored index terms (one scan of the table per claim, in the
database); the statistics the features weigh terms with are counted in the same table.
"""

from functools import reduce
from operator import add, or_

from django.conf import settings
from django.db.models import Case, Count, ExpressionWrapper, FloatField, Q, Sum, Value, When

from ..corroboration.matcher import same_claim_probability
from ..corroboration.ranker import Candidate, Query, Stats, rerank
from ..corroboration.terms import analyse
from ..models import ExternalFactCheck

MAX_QUERY_TERMS = 40
MAX_CANDIDATES = 300
TOP = 5
# Terms held by more than this share of a large collection do not pick candidates.
COMMON_SHARE, COMMON_MIN = 0.02, 500


def index_terms(text: str, language: str) -> list[str]:
    return [t.term for t in analyse(text, language)]


def stored_terms(terms: list[str]) -> str:
    """As the `terms` column keeps them: a space at each end, so ` term ` finds one."""
    return f" {' '.join(terms)} " if terms else ""


def _has(term: str) -> Q:
    return Q(terms__contains=f" {term} ")


def _stats(terms: list[str]) -> Stats:
    counts = {f"t{i}": Count("id", filter=_has(term)) for i, term in enumerate(terms)}
    row = ExternalFactCheck.objects.aggregate(docs=Count("id"), total=Sum("length"), **counts)
    docs = max(1, row["docs"])
    df = {term: row[f"t{i}"] for i, term in enumerate(terms) if row[f"t{i}"]}
    return Stats(docs=docs, avg_len=(row["total"] or 0) / docs, df=df)


def _candidate(pk: int, claim_text: str, language: str, terms: str) -> Candidate:
    """A fact-check as the matcher learned them: its claim is both its title and text."""
    body = terms.split()
    return Candidate(
        id=pk,
        title=claim_text,
        text=claim_text,
        lang=language,
        terms=body + body,
        title_terms=len(body),
    )


def matching_factchecks(query: Query) -> list[tuple[int, float, list[str]]]:
    """(fact-check id, probability, shared words) of the fact-checks stating the query's
    claim, best first."""
    terms = sorted({t[:200] for t in query.all_terms if " " not in t})[:MAX_QUERY_TERMS]
    if not terms or not ExternalFactCheck.objects.exists():
        return []
    stats = _stats(terms)
    common = max(COMMON_SHARE * stats.docs, COMMON_MIN)
    picking = [t for t in terms if 0 < stats.df.get(t, 0) <= common]
    if not picking:
        return []
    # The first stage keeps the fact-checks that share the most information (IDF) with
    # the claim: with many candidates, the re-ranker sees the likeliest ones.
    shared = reduce(
        add,
        (Case(When(_has(t), then=Value(stats.idf(t))), default=Value(0.0)) for t in picking),
    )
    rows = (
        ExternalFactCheck.objects.filter(reduce(or_, map(_has, picking)))
        .annotate(shared=ExpressionWrapper(shared, output_field=FloatField()))
        .order_by("-shared", "pk")
        .values_list("pk", "claim_text", "language", "terms")
    )
    candidates = {row[0]: _candidate(*row) for row in rows[:MAX_CANDIDATES]}
    ranked = rerank(query, list(candidates.values()), stats)[:TOP]
    top = [candidates[int(r.id)] for r in ranked]
    probabilities = same_claim_probability(query, top, stats)
    return [
        (int(r.id), p, list(r.matched_terms)[:12])
        for r, p in zip(ranked, probabilities, strict=True)
        if p >= settings.CLAIM_MATCH_MIN_SCORE
    ]
