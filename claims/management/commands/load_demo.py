import json
from datetime import UTC, datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from claims import ingest, services
from claims.models import Feed, Report, Source

DEMO_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "demo"
SEED_URL = "https://www.example.org/monde/coree-du-nord-russie-soutien-direct"
DEMO_SOURCES = [
    # name, domain, kind, language, feeds
    ("Agence France-Presse", "afp.com", "wire", "fr", ["https://www.afp.com/fr/actus/rss"]),
    ("Reuters", "reuters.com", "wire", "en", []),
    (
        "Le Monde",
        "lemonde.fr",
        "newspaper",
        "fr",
        ["https://www.lemonde.fr/international/rss_full.xml"],
    ),
    ("BBC News", "bbc.co.uk", "broadcaster", "en", ["https://feeds.bbci.co.uk/news/world/rss.xml"]),
    ("U.S. Department of State", "state.gov", "government", "en", []),
]
DEMO_USERS = [
    # username, password, group, is_staff
    ("reviewer", "review-demo-2024", "reviewer", False),
    ("editor", "edit-demo-2024", "editor", True),
]


class Command(BaseCommand):
    help = "Load demo data: sources, users, and the seed article with its claims (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            for name, domain, kind, language, feeds in DEMO_SOURCES:
                source, _ = Source.objects.get_or_create(
                    name=name, defaults={"domain": domain, "kind": kind, "language": language}
                )
                for url in feeds:
                    Feed.objects.get_or_create(source=source, url=url)
            users = get_user_model().objects
            for username, password, group_name, is_staff in DEMO_USERS:
                user = users.filter(username=username).first()
                if user is None:
                    user = users.create_user(username=username, password=password)
                user.is_staff = is_staff
                user.save(update_fields=["is_staff"])
                user.groups.add(Group.objects.get(name=group_name))
        self._load_reports()
        seed = (DEMO_DIR / "seed-fr-coree-du-nord.txt").read_text(encoding="utf-8")
        article, created = services.article_create(
            text_in=ingest.text_from_plain(
                seed,
                title="La Corée du Nord en soutien « direct » de la Russie : "
                "un « dangereux élargissement » de la guerre",
                language="fr",
            ),
            url=SEED_URL,
            source=Source.objects.get(name="Agence France-Presse"),
            # The joint statement it reports was made on Monday 16 December 2024.
            published_at=datetime(2024, 12, 16, 18, 0, tzinfo=UTC),
            enqueue=False,
        )
        if created or not article.claims.exists():
            job = article.jobs.first()
            count = services.article_extract_claims(
                article_id=article.pk, job_id=job.pk if job else None
            )
            self.stdout.write(f"Seed article: {count} claims extracted.")
        else:
            self.stdout.write(f"Seed article already loaded ({article.claims.count()} claims).")
        self._corroborate(article)
        self.stdout.write("Demo logins:")
        for username, password, group_name, _ in DEMO_USERS:
            self.stdout.write(f"  {group_name:9} {username} / {password}")

    def _load_reports(self) -> None:
        """The offline demo reports (claims/fixtures/demo/reports.json), stored and indexed
        like feed entries so that the seed's claims get suggestions without internet."""
        sources = {source.name: source for source in Source.objects.all()}
        items = json.loads((DEMO_DIR / "reports.json").read_text(encoding="utf-8"))
        created = 0
        for item in items:
            _report, new = services.report_store(
                url=item["url"],
                title=item["title"],
                text=item["text"],
                language=item["language"],
                published_at=datetime.fromisoformat(item["published_at"]),
                source=sources.get(item["source"]),
                origin=Report.Origin.FIXTURE,
            )
            created += new
        self.stdout.write(f"Demo reports: {created} new, {len(items) - created} already loaded.")

    def _corroborate(self, article) -> None:
        """Suggestions for the seed's claims now, so the demo shows them without a worker."""
        suggested = 0
        for claim in article.claims.all():
            suggested += services.claim_corroborate(claim_id=claim.pk).suggested
        self.stdout.write(f"Seed claims: {suggested} new report suggestions.")
