"""Start-up shared by the benchmarks that measure PostgreSQL: Django set up against
DATABASE_URL, or against a throwaway cluster started as the test suite starts one."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> Path:
    """Set Django up on PostgreSQL; returns the repository root."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    if not os.environ.get("DATABASE_URL"):
        from tests.services_plugin import start_postgres

        os.environ["DATABASE_URL"] = start_postgres()
    import django

    django.setup()
    return ROOT
