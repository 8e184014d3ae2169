"""The search index over reports and verdicted claims (the Django side of retrieval).

Two stages: the database's full-text search proposes candidates (FTS5 `bm25()` on SQLite,
a GIN-indexed tsvector and `ts_rank` on PostgreSQL; any shared term is enough), then
`ranker.rerank` orders them with collection statistics kept in `SearchTerm`.
Every function takes `using`, the database alias, so that `match_claims` can run the very
same code on a scratch database.
"""

from collections import Counter

from django.db import connections, transaction
from django.db.models import Q

from claims.models import Claim, Report, SearchEntry, SearchKind, SearchTerm

from .ranker import Candidate, Query, Ranked, Stats, build_query, rerank
from .terms import analyse

DOCS, LENGTH = " docs", " length"  # reserved SearchTerm rows: entry count, total length
_UPSERT = (
    "INSERT INTO claims_searchterm (kind, term, df) VALUES {values} "
    "ON CONFLICT (kind, term) DO UPDATE SET df = claims_searchterm.df + excluded.df"
)


def _terms(text: str, lang: str) -> list[str]:
    return [t.term for t in analyse(text, lang)]


def index_report(report: Report, *, using: str = "default") -> None:
    """Add or refresh the report's entry (idempotent)."""
    lang = report.language or "en"
    _upsert(
        SearchKind.REPORT,
        {"report": report},
        lang,
        _terms(report.title, lang),
        _terms(report.text, lang),
        using,
    )


def index_claim(claim: Claim, *, using: str = "default") -> None:
    """Add or refresh the entry of a claim that has a verdict; other claims are left out."""
    if not claim.verdicts.using(using).exists():
        return
    lang = claim.article.language or "en"
    _upsert(SearchKind.CLAIM, {"claim": claim}, lang, [], _terms(claim.content, lang), using)


def _upsert(kind, target: dict, lang: str, title: list[str], body: list[str], using) -> None:
    with transaction.atomic(using=using):
        old = SearchEntry.objects.using(using).select_for_update().filter(**target).first()
        delta: Counter[str] = Counter(set(title) | set(body))
        delta.update({DOCS: 1, LENGTH: len(title) + len(body)})
        if old is not None:
            delta.subtract(set(old.title_terms.split()) | set(old.terms.split()))
            delta.subtract({DOCS: 1, LENGTH: old.length})
        SearchEntry.objects.using(using).update_or_create(
            **target,
            defaults={
                "kind": kind,
                "language": lang,
                "title_terms": " ".join(title),
                "terms": " ".join(body),
                "length": len(title) + len(body),
            },
        )
        _count(kind, {t: n for t, n in delta.items() if n}, using)


def _count(kind: str, delta: dict[str, int], using: str) -> None:
    items = list(delta.items())
    with connections[using].cursor() as cursor:
        for start in range(0, len(items), 300):
            chunk = items[start : start + 300]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            params = [p for term, n in chunk for p in (kind, term[:200], n)]
            cursor.execute(_UPSERT.format(values=values), params)


def query_for_claim(claim: Claim) -> Query:
    return build_query(
        claim.content,
        claim.article.language or "en",
        claimant=claim.claimant.name if claim.claimant_id else "",
        entities=claim.entities or (),
        quantities=claim.quantities or (),
        published=claim.article.published_at,
    )


def search_reports(
    query: Query, *, k: int = 10, candidates: int = 50, using: str = "default"
) -> list[Ranked]:
    """The `k` reports that best check the claim; ids are Report pks."""
    return _search(query, SearchKind.REPORT, k, candidates, None, using)


def search_claims(
    query: Query, *, k: int = 5, exclude_claim_id: int | None = None, using: str = "default"
) -> list[Ranked]:
    """The `k` earlier verdicted claims closest to the query; ids are Claim pks."""
    return _search(query, SearchKind.CLAIM, k, 50, exclude_claim_id, using)


def _search(query: Query, kind: str, k: int, limit: int, exclude, using: str) -> list[Ranked]:
    terms = sorted({t[:200] for t in query.all_terms})
    if not terms or k <= 0:
        return []
    stats = _stats(kind, terms, using)
    first = _first_stage(_selective(terms, stats), kind, limit + (1 if exclude else 0), using)
    entries = SearchEntry.objects.using(using).filter(pk__in=first)
    if kind == SearchKind.CLAIM:
        entries = entries.filter(claim__verdicts__isnull=False).exclude(claim_id=exclude)
        entries = entries.select_related("claim").distinct()
    else:
        entries = entries.select_related("report")
    found = [_candidate(e, first[e.pk]) for e in entries]
    return rerank(query, found, stats)[:k]


# The candidate stage leaves out terms that many entries hold (more than 2% of a large
# index): they would make it score a good part of the index for nothing. The re-ranker
# still weighs them.
COMMON_SHARE, COMMON_MIN = 0.02, 500
MIN_TERMS, MAX_TERMS = 4, 24


def _selective(terms: list[str], stats: Stats) -> list[str]:
    """The query's rarest terms, without the common ones unless too few would be left."""
    by_rarity = sorted(terms, key=lambda t: (stats.df.get(t, 0), t))
    common = max(COMMON_SHARE * stats.docs, COMMON_MIN)
    rare = [t for t in by_rarity if stats.df.get(t, 0) <= common]
    return (rare if len(rare) >= MIN_TERMS else by_rarity[:MIN_TERMS])[:MAX_TERMS]


def _candidate(entry: SearchEntry, score: float) -> Candidate:
    title, body = entry.title_terms.split(), entry.terms.split()
    if entry.kind == SearchKind.REPORT:
        doc_id, doc_title, text = entry.report_id, entry.report.title, entry.report.text
    else:
        doc_id, doc_title, text = entry.claim_id, "", entry.claim.content
    return Candidate(
        id=doc_id,
        title=doc_title,
        text=text,
        lang=entry.language,
        terms=title + body,
        first_stage_score=score,
        title_terms=len(title),
    )


def _stats(kind: str, terms: list[str], using: str) -> Stats:
    rows = dict(
        SearchTerm.objects.using(using)
        .filter(Q(term__in=terms) | Q(term__in=[DOCS, LENGTH]), kind=kind)
        .values_list("term", "df")
    )
    docs = max(1, rows.pop(DOCS, 0))
    return Stats(docs=docs, avg_len=rows.pop(LENGTH, 0) / docs, df=rows)


def _first_stage(terms: list[str], kind: str, limit: int, using: str) -> dict[int, float]:
    """Entry id -> full-text score (higher is better) of the best `limit` entries."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        tsquery = " | ".join("'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in terms)
        sql = (
            "SELECT id, ts_rank(vec, q) AS score FROM claims_searchentry, CAST(%s AS tsquery) q "
            "WHERE kind = %s AND vec @@ q ORDER BY score DESC, id LIMIT %s"
        )
        params = [tsquery, kind, limit]
    elif connection.vendor == "sqlite":
        match = (
            "{title_terms terms} : ("
            + " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
            + ")"
        )
        sql = (
            "SELECT rowid, -bm25(claims_searchentry_fts, 0, 2.0, 1.0) FROM claims_searchentry_fts "
            "WHERE claims_searchentry_fts MATCH %s AND kind = %s "
            "ORDER BY bm25(claims_searchentry_fts, 0, 2.0, 1.0), rowid LIMIT %s"
        )
        params = [match, kind, limit]
    else:
        raise NotImplementedError(f"no full-text search for {connection.vendor}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: float(row[1]) for row in cursor.fetchall()}


def index_reports(reports, *, using: str = "default") -> None:
    """Index many reports at once: one insert for the new ones, counts added up once."""
    reports = list(reports)
    known = set(
        SearchEntry.objects.using(using)
        .filter(report__in=[r.pk for r in reports])
        .values_list("report_id", flat=True)
    )
    entries, delta = [], Counter()
    for report in reports:
        if report.pk in known:
            index_report(report, using=using)
            continue
        lang = report.language or "en"
        title, body = _terms(report.title, lang), _terms(report.text, lang)
        entries.append(
            SearchEntry(
                kind=SearchKind.REPORT,
                report=report,
                language=lang,
                title_terms=" ".join(title),
                terms=" ".join(body),
                length=len(title) + len(body),
            )
        )
        delta.update(set(title) | set(body))
        delta.update({DOCS: 1, LENGTH: len(title) + len(body)})
    with transaction.atomic(using=using):
        SearchEntry.objects.using(using).bulk_create(entries, batch_size=500)
        _count(SearchKind.REPORT, dict(delta), using)


def same_claim_probabilities(
    query: Query, claim_ids: list[int], *, using: str = "default"
) -> dict[int, float]:
    """For ranked earlier claims: the matcher's probability that each states the same claim
    (absolute, unlike the ranker's score, which is high for whatever ranks first)."""
    from .matcher import same_claim_probability

    entries = (
        SearchEntry.objects.using(using)
        .filter(kind=SearchKind.CLAIM, claim_id__in=claim_ids)
        .select_related("claim")
    )
    candidates = [_claim_as_check(entry) for entry in entries]
    stats = _stats(SearchKind.CLAIM, sorted(set(query.all_terms)), using)
    probabilities = same_claim_probability(query, candidates, stats)
    return {int(c.id): p for c, p in zip(candidates, probabilities, strict=True)}


def _claim_as_check(entry: SearchEntry) -> Candidate:
    """An earlier claim in the shape of the fact-checks the matcher learned from, whose
    title restates the claim: the claim's words are both its title and its text."""
    body = entry.terms.split()
    content = entry.claim.content
    return Candidate(
        id=entry.claim_id,
        title=content,
        text=content,
        lang=entry.language,
        terms=body + body,
        title_terms=len(body),
    )
