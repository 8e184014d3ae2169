import factory
from django.contrib.auth import get_user_model

from claims import ingest, services
from claims.models import Article, Claim, Evidence, Rating


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    language = "en"
    text = factory.Sequence(lambda n: f"The minister said that {n} schools had closed.")
    content_hash = factory.LazyAttribute(lambda a: ingest.content_hash(a.text))


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    index = factory.Sequence(lambda n: n)
    content_start = 23
    content_end = 45
    content = factory.LazyAttribute(lambda c: c.article.text[c.content_start : c.content_end])
    kind = Claim.Kind.INDIRECT
    checkworthiness = 0.5


def rating(slug: str = "false") -> Rating:
    return Rating.objects.get(slug=slug)


def suggestion(claim: Claim, url: str = "https://example.org/wire-report", score: float = 0.7):
    """Evidence a worker suggested for the claim, not yet accepted or rejected."""
    return Evidence.objects.create(
        claim=claim, url=url, stance="supports", origin=Evidence.Origin.SUGGESTED, score=score
    )


def verdict(claim: Claim, user, slug: str = "false", rationale: str = "r"):
    """Record a verdict through the service, attribution confirmed."""
    return services.verdict_record(
        claim=claim,
        rating=rating(slug),
        rationale=rationale,
        attribution_check="confirmed",
        user=user,
    )
