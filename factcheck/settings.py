"""Settings for the fact-check workbench, read from the environment.

Every value has a safe development default so that `make run` works on a bare machine;
production sets SECRET_KEY, DEBUG=false, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
# Runtime state of a development checkout: SQLite database, embedded broker, uploads.
VAR_DIR = Path(os.environ.get("FACTCHECK_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
# Values that sample files and old compose files shipped: never a production key.
PLACEHOLDER_SECRET_KEYS = {DEV_SECRET_KEY, "change-me", "change-me-in-production", "collectstatic"}


def weak_secret_key(key: str) -> str | None:
    """Why `key` is unfit for production, or None (the rules of Django's security.W009)."""
    if not key:
        return "it is empty"
    if key in PLACEHOLDER_SECRET_KEYS or key.startswith("django-insecure-"):
        return "it is a published placeholder"
    if len(key) < 50 or len(set(key)) < 5:
        return "it is shorter than 50 characters or has fewer than 5 different characters"
    return None


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not DEBUG and (problem := weak_secret_key(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"SECRET_KEY is unsafe with DEBUG=false: {problem}. Generate one with: "
        'python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )
SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, which reads the body first: an oversized post gets its form page back
    # with a message instead of a bare 400.
    "claims.middleware.OversizedRequestMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'factcheck.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # A web server and a worker process share the file. WAL lets readers carry on while a
    # writer commits; writers queue for the lock (busy timeout, seconds) instead of failing,
    # and take it when their transaction begins (IMMEDIATE), so no read-then-write upgrade
    # fails at once with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT", "30")),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The test database must be a file so that a real worker process can open it too.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("TEST_SQLITE_PATH", str(VAR_DIR / "test-factcheck.sqlite3"))
    }

REDIS_URL = os.environ.get("REDIS_URL", "")

# Shared by all web processes when Redis is configured; per process otherwise.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # The cache only saves work: give up quickly and read the database instead.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

if os.environ.get("TEST_FAST_PASSWORD_HASHER") == "1":
    # Set by the test suite only, which creates a few users in most of its tests: a salted
    # PBKDF2 hash costs about 0.4 s each on two cores. Everywhere else Django's default.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Login throttling (django-axes, attempts kept in the database): after AXES_FAILURE_LIMIT
# failed logins for one username, or from one address, further attempts are refused for
# the cool-off time, even with the right password. The same holds on /admin/login/.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "claims.views.login_locked_out"
AXES_VERBOSE = False
# Behind a reverse proxy the client's address is in X-Forwarded-For; set how many proxies
# stand in front (the address the outermost trusted proxy saw is used). 0: REMOTE_ADDR.
if _proxies := int(os.environ.get("TRUSTED_PROXY_COUNT", "0")):
    AXES_IPWARE_PROXY_COUNT = _proxies
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = "factcheck.formats"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Development serves files straight from the apps; production collects them first.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Production is served over HTTPS, usually by a TLS proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if not DEBUG else None
# Plain-HTTP requests are redirected to HTTPS; turn off only where the proxy already does it
# (or on a loopback-only stack without TLS).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Browsers remember to use HTTPS only (HSTS); 0 turns the header off.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
X_FRAME_OPTIONS = "DENY"
# Strict Content Security Policy: scripts and styles only from our own static files (htmx is
# vendored and runs with allowEval off), no inline code anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# Newsroom policy: a verdict may be recorded only once at least one evidence link is attached.
VERDICT_REQUIRES_EVIDENCE = env_bool("VERDICT_REQUIRES_EVIDENCE", False)
# The dashboard lists unassigned claims from this check-worthiness up. The score is a
# probability calibrated on debates (2.7 % check-worthy): 0.15 is the top 2 % of their claims.
DASHBOARD_HIGH_CHECKWORTHINESS = float(os.environ.get("DASHBOARD_HIGH_CHECKWORTHINESS", "0.15"))

# Uploads: articles are text; anything bigger than this is refused with a message.
ARTICLE_MAX_UPLOAD_BYTES = int(os.environ.get("ARTICLE_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))
ARTICLE_MAX_TEXT_CHARS = int(os.environ.get("ARTICLE_MAX_TEXT_CHARS", 1_000_000))
# Requests larger than the upload cap are still read to answer with a form error, not a 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = ARTICLE_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The most claims one bulk action from the queue may name (a page shows 50).
BULK_MAX_CLAIMS = int(os.environ.get("BULK_MAX_CLAIMS", "500"))
# Form fields in one request: a bulk action's ids plus its few other fields. Past this the
# page answers with a message (claims.middleware), not Django's bare 400.
DATA_UPLOAD_MAX_NUMBER_FIELDS = BULK_MAX_CLAIMS + 50

# Fetching (claims/fetching): the one HTTP client for feeds, searches and URL ingest.
# host:port pairs exempt from the private-address guard (e.g. a local test server).
FETCH_ALLOW = env_list("FETCH_ALLOW", "")
# Where a site's operator can read who we are; production should set it.
FETCH_CONTACT_URL = os.environ.get("FETCH_CONTACT_URL", "")
FETCH_USER_AGENT = os.environ.get("FETCH_USER_AGENT") or (
    f"FactCheckWorkbench/0.1 (+{FETCH_CONTACT_URL})"
    if FETCH_CONTACT_URL
    else "FactCheckWorkbench/0.1"
)
FETCH_MAX_BYTES = int(os.environ.get("FETCH_MAX_BYTES", 10 * 1024 * 1024))
FETCH_DEADLINE_SECONDS = float(os.environ.get("FETCH_DEADLINE_SECONDS", 30))
FETCH_CONNECT_TIMEOUT = float(os.environ.get("FETCH_CONNECT_TIMEOUT", 10))
FETCH_HOST_DELAY_SECONDS = float(os.environ.get("FETCH_HOST_DELAY_SECONDS", 2))
FETCH_MAX_REDIRECTS = int(os.environ.get("FETCH_MAX_REDIRECTS", 5))
FETCH_RETRIES = int(os.environ.get("FETCH_RETRIES", 3))
FETCH_ROBOTS_TTL_SECONDS = int(os.environ.get("FETCH_ROBOTS_TTL_SECONDS", 24 * 3600))

# Celery. With REDIS_URL the broker is Redis; without it, kombu's filesystem transport
# lets a real worker process run with no server at all (development only).
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
if not REDIS_URL:
    _broker_dir = VAR_DIR / "broker"
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        # The worker looks at the folder this often when it found nothing (kombu: 1 s, which
        # also spaced out consecutive tasks by a second).
        "polling_interval": 0.2,
    }
if REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A message a worker took and never acknowledged (the worker was killed) goes back
        # to the queue after this long; it must exceed the longest task's run time. Beat
        # notices a dead worker sooner (JOB_STALE_SECONDS) and sends its job again.
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
        # Sending a task while Redis is down fails after a few quick tries instead of
        # holding the request (kombu retries connecting for ever by default).
        "max_retries": 2,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
        "socket_connect_timeout": 2,
    }
    # Publishing retries too, as briefly; the job is then marked "not sent yet".
    CELERY_TASK_PUBLISH_RETRY_POLICY = {
        "max_retries": 2,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    }
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", 300))
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# A running job writes a heartbeat this often; one silent for JOB_STALE_SECONDS lost its
# worker and is sent again, up to JOB_MAX_ATTEMPTS runs, then failed with a message.
JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", "20"))
JOB_STALE_SECONDS = float(os.environ.get("JOB_STALE_SECONDS", "180"))
JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "2"))
# How often beat looks for dead and unsent jobs.
JOB_WATCH_SECONDS = float(os.environ.get("JOB_WATCH_SECONDS", "60"))
# Beat's own messages expire soon after the next one is sent: a busy worker does not pile
# them up.
_JOB_WATCH = {"schedule": JOB_WATCH_SECONDS, "options": {"expires": 2 * JOB_WATCH_SECONDS}}
CELERY_BEAT_SCHEDULE = {
    "reap-stale-jobs": {"task": "claims.tasks.jobs_reap_stale", **_JOB_WATCH},
    "resend-unsent-jobs": {"task": "claims.tasks.jobs_resend_unsent", **_JOB_WATCH},
    # Each feed is polled on its source's fetch interval; this only looks for due ones.
    "poll-due-feeds": {"task": "claims.tasks.poll_due_feeds", "schedule": 60.0},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Corroboration: new claims from this check-worthiness up are corroborated automatically
# (0.1: the top 5 % of debate claims, a quarter of the check-worthy ones).
CORROBORATE_MIN_CHECKWORTHINESS = float(os.environ.get("CORROBORATE_MIN_CHECKWORTHINESS", "0.1"))
CORROBORATE_MAX_SUGGESTIONS = int(os.environ.get("CORROBORATE_MAX_SUGGESTIONS", "8"))
# Ranked reports under this score are not suggested; earlier claims under the other are no match.
CORROBORATE_MIN_SCORE = float(os.environ.get("CORROBORATE_MIN_SCORE", "0.0005"))
CLAIM_MATCH_MIN_SCORE = float(os.environ.get("CLAIM_MATCH_MIN_SCORE", "0.7"))
# Ask sources that have a search URL template (answering RSS/Atom) for each claim.
CORROBORATE_SEARCH_SOURCES = env_bool("CORROBORATE_SEARCH_SOURCES", True)
SEARCH_MAX_RESULTS = int(os.environ.get("SEARCH_MAX_RESULTS", "10"))
# Feeds: new entries stored per poll (the rest waits for the next one), and whether each
# entry's page is fetched for its full text (otherwise the feed's summary is kept).
FEED_MAX_NEW_ENTRIES = int(os.environ.get("FEED_MAX_NEW_ENTRIES", "30"))
FEED_FETCH_PAGES = env_bool("FEED_FETCH_PAGES", True)
REPORT_MAX_TEXT_CHARS = int(os.environ.get("REPORT_MAX_TEXT_CHARS", "100000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every login at INFO; failures and lockouts are warnings.
    "loggers": {"axes": {"level": "WARNING"}},
}

# ClaimReview (claims/claimreview): who our published reviews name as their author, and
# how imports of other organisations' reviews are bounded.
ORGANISATION_NAME = os.environ.get("ORGANISATION_NAME", "Fact-check desk")
ORGANISATION_URL = os.environ.get("ORGANISATION_URL", "https://factcheck.example.org/")
CLAIMREVIEW_FEED_PAGE_SIZE = int(os.environ.get("CLAIMREVIEW_FEED_PAGE_SIZE", "50"))
CLAIMREVIEW_IMPORT_MAX_PAGES = int(os.environ.get("CLAIMREVIEW_IMPORT_MAX_PAGES", "50"))
CLAIMREVIEW_IMPORT_MAX_BYTES = int(os.environ.get("CLAIMREVIEW_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
