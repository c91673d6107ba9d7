"""Settings shared by every environment.

Everything is read from the environment here; what is absent falls back to an embedded
default (SQLite, in-memory channel layer, database search, console e-mail), so
``make run`` works on a machine that has nothing but Python.
"""

import hashlib
import tempfile
from pathlib import Path

import dj_database_url

from config.env import (
    email_settings_from_url,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Scratch files of this checkout (test database, test cache): two clones on one
# machine, each running its tests, must not share them.
SCRATCH = Path(tempfile.gettempdir()) / (
    "idestad-" + hashlib.blake2b(str(BASE_DIR).encode(), digest_size=4).hexdigest()
)

# Local development default only; production.py refuses to start with it.
INSECURE_DEFAULT_SECRET_KEY = "insecure-local-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY") or INSECURE_DEFAULT_SECRET_KEY
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # daphne first: its runserver serves HTTP and WebSocket through ASGI.
    "daphne",
    "config.apps.PlatformConfig",
    "accounts.apps.AccountsConfig",
    "common",
    "live",
    "worker",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "rules.apps.AutodiscoverRulesConfig",
    "cms",
    "ideas",
    "notifications",
    "forum",
    "search",
    "backoffice",
    "opendata",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.redirects",
    "wagtail.contrib.forms",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.IdestadUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "channels",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Django's widget templates, for the project's form renderer.
    "django.forms",
]
FORM_RENDERER = "config.forms.FormRenderer"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.versions.ReadOncePerRequestMiddleware",
    "common.data_version.OneBumpPerRequestMiddleware",
    "config.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "common.shared_pages.SharedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.locale.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "common.site.SiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffMFARequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
# Threads per server process that run Django's turn with an HTTP request
# (config/http.py); a request beyond them waits on the event loop. Each holds
# at most one database connection, so keep it at or under the pool's size.
# More threads than a few per core only pass the GIL around: 200 supports on
# one idea through two workers on two cores went 87-142/s with 8, 95-150/s
# with 4 (bench/hot_idea.py).
HTTP_THREADS = env_int("HTTP_THREADS", 4)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "notifications.context_processors.unread_notifications",
                "live.context_processors.live",
            ],
        },
    },
]

# --- Database
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    # Each worker process keeps a pool of PostgreSQL connections (psycopg_pool):
    # a request borrows one and gives it back when it ends, and a request that
    # finds them all busy waits for one (up to DATABASE_POOL_TIMEOUT seconds)
    # instead of opening another and failing with "too many clients". The
    # arithmetic for N workers against max_connections is in the README.
    DATABASE_POOL_MAX_SIZE = env_int("DATABASE_POOL_MAX_SIZE", 10)
    if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
        pass  # a DATABASE_URL may name an SQLite file: no pool to keep
    elif DATABASE_POOL_MAX_SIZE > 0:
        DATABASES["default"]["OPTIONS"] = {
            "pool": {
                "min_size": env_int("DATABASE_POOL_MIN_SIZE", 2),
                "max_size": DATABASE_POOL_MAX_SIZE,
                "timeout": env_int("DATABASE_POOL_TIMEOUT", 20),
            }
        }
    else:  # DATABASE_POOL_MAX_SIZE=0: no pool (e.g. behind PgBouncer)
        DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0)
    DATABASES["default"]["TEST"] = {
        "NAME": env_str("TEST_DATABASE_NAME")
        or "test_" + str(DATABASES["default"]["NAME"])
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            # The task worker and the server write to one file. WAL lets readers
            # go on while one writes; a writer waits for the other (up to the
            # timeout, in seconds) instead of failing with "database is locked";
            # IMMEDIATE takes the write lock when a transaction starts, so a
            # transaction that read first never has to give up to upgrade.
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=20000;"
                ),
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
            # The live test server runs in another process, which cannot see an
            # in-memory database: tests on SQLite use a file.
            "TEST": {"NAME": str(SCRATCH / "idestad-test.sqlite3")},
        }
    }
# What nearly every request runs (its session, its person, a support's
# statement) is prepared on PostgreSQL: planned once per pooled connection
# (common.compiled). Off without the pool: behind a pooler in transaction mode
# a connection is not this process's own from one statement to the next.
DATABASE_PREPARED_STATEMENTS = env_bool(
    "DATABASE_PREPARED_STATEMENTS",
    default="pool" in DATABASES["default"].get("OPTIONS", {}),
)
_POSTGRESQL = DATABASES["default"]["ENGINE"].endswith("postgresql")
if DATABASE_PREPARED_STATEMENTS and _POSTGRESQL:
    # psycopg prepares nothing without a threshold; the ORM's own cursors bind
    # on the client and never prepare, so only those statements are.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 2**31 - 1
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer, cache, rate-limit store
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # Pub/sub: one PUBLISH per event reaches every worker once; why this
            # layer and not the core one is argued in docs/realtime.md; a
            # publish after a write is made from its own thread there.
            "BACKEND": "config.channel_layer.PubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
    CACHES = {
        "default": {
            # Django's Redis cache, degrading to "nothing cached" while Redis is
            # away, so pages render (slower) instead of failing (config/cache.py).
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "idestad",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Search
# With ELASTICSEARCH_URL set, search asks Elasticsearch (and falls back to the
# database when it does not answer); without it the database serves search.
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_API_KEY = env_str("ELASTICSEARCH_API_KEY")
ELASTICSEARCH_USERNAME = env_str("ELASTICSEARCH_USERNAME")
ELASTICSEARCH_PASSWORD = env_str("ELASTICSEARCH_PASSWORD")
ELASTICSEARCH_CA_CERTS = env_str("ELASTICSEARCH_CA_CERTS")
# The alias searched; each rebuild makes a new index behind it.
ELASTICSEARCH_INDEX = env_str("ELASTICSEARCH_INDEX", "idestad-content")
ELASTICSEARCH_TIMEOUT = env_int("ELASTICSEARCH_TIMEOUT", 3)
SEARCH_BACKEND = "elasticsearch" if ELASTICSEARCH_URL else "database"
# The database backend counts matches exactly up to this many; a broader search
# ranks and counts the newest this many and says "more than" (docs/search.md).
SEARCH_COUNT_LIMIT = env_int("SEARCH_COUNT_LIMIT", 1000)
# A popular idea's support count reaches search at most this many seconds
# (and a worker poll) late: a process copies it in the first support's
# statement of such a window, the task worker once after it (search/counts.py).
# 0: every support copies it.
SEARCH_COUNT_SECONDS = env_float("SEARCH_COUNT_SECONDS", 1.0)
# How the database backend reads a search's overlapping windows (measured with
# bench/search.py; docs/search.md): windows expected to hold fewer than this
# many times SEARCH_COUNT_LIMIT matches are read together, in one pass ...
SEARCH_READ_TOGETHER = 3
# ... and a facet window expected to hold at most this many times the main
# window's matches carries the main window, which is then not read again.
SEARCH_CARRY_RATIO = 1.5
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Ideas
# Reports from this many different people hide an idea until a moderator looks.
IDEA_FLAG_HIDE_THRESHOLD = env_int("IDEA_FLAG_HIDE_THRESHOLD", 3)
# The city's promise: an official answer within this many days of publication.
# The back office flags ideas waiting longer and measures each unit against it.
ANSWER_TARGET_DAYS = env_int("ANSWER_TARGET_DAYS", 30)

# --- Discussion
# Posts a person may write per minute and per hour; accounts younger than a day
# get the tighter pair. Reports from this many people hide a post pending review.
# How much one person may create, counted in the database (common/limits.py).
IDEAS_PER_HOUR = env_int("IDEAS_PER_HOUR", 10)
ORGANISATIONS_PER_DAY = env_int("ORGANISATIONS_PER_DAY", 3)
REPORTS_PER_HOUR = env_int("REPORTS_PER_HOUR", 20)
INVITATIONS_PER_HOUR = env_int("INVITATIONS_PER_HOUR", 20)
INVITATIONS_PER_HOUR_PER_ORGANISATION = env_int(
    "INVITATIONS_PER_HOUR_PER_ORGANISATION", 50
)
FORUM_POSTS_PER_MINUTE = env_int("FORUM_POSTS_PER_MINUTE", 5)
FORUM_POSTS_PER_HOUR = env_int("FORUM_POSTS_PER_HOUR", 30)
FORUM_NEW_ACCOUNT_POSTS_PER_MINUTE = env_int("FORUM_NEW_ACCOUNT_POSTS_PER_MINUTE", 2)
FORUM_NEW_ACCOUNT_POSTS_PER_HOUR = env_int("FORUM_NEW_ACCOUNT_POSTS_PER_HOUR", 10)
FORUM_FLAG_HIDE_THRESHOLD = env_int("FORUM_FLAG_HIDE_THRESHOLD", 3)
# Live events are kept this long; a client asking for older ones is told to reload.
EVENT_RETENTION_DAYS = env_int("EVENT_RETENTION_DAYS", 7)
# Each WebSocket compares its streams with the event log this often, sends what
# the channel layer did not bring, and sends a heartbeat (docs/realtime.md).
LIVE_HEARTBEAT_SECONDS = env_float("LIVE_HEARTBEAT_SECONDS", 15.0)

# --- Background tasks
# Notification e-mail (and Wagtail 8's own work) is queued in the database and
# run by a worker process: `manage.py db_worker` (make run starts one). Tests use
# the immediate backend, which runs the same task code in-process.
TASKS = {
    "default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}
}
# A task worker beats this often; one silent for the lease is dead, and its
# running tasks are queued again, up to TASK_MAX_ATTEMPTS times (worker/lease.py).
TASK_HEARTBEAT_SECONDS = env_float("TASK_HEARTBEAT_SECONDS", 10.0)
TASK_LEASE_SECONDS = env_float("TASK_LEASE_SECONDS", 60.0)
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 5)

# Periodic jobs, run by `manage.py scheduler` (worker/scheduler.py): a management
# command and "daily HH:MM" (TIME_ZONE) or "every N minutes".
SCHEDULE = {
    "send_digests": f"daily {env_str('DIGEST_AT', '07:00')}",
    "prune_events": "daily 03:30",
    "search_reconcile": "daily 04:00",
    "opendata_export": "daily 02:30",
    "webhooks_deliver": "every 1 minute",
}
if TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
    SCHEDULE["prune_db_task_results"] = "daily 03:45"
SCHEDULER_INTERVAL_SECONDS = env_float("SCHEDULER_INTERVAL_SECONDS", 30.0)
# A run not finished this long after it started is taken to have died with its
# scheduler, and another may run the job again.
SCHEDULER_LEASE_SECONDS = env_float("SCHEDULER_LEASE_SECONDS", 3600.0)

# --- E-mail
globals().update(email_settings_from_url(env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Idéstad <noreply@idestad.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's model permissions, refused to staff without their second factor.
    "accounts.backends.SecondFactorModelBackend",
    # allauth's e-mail sign-in, without the permissions it would also grant.
    "accounts.backends.EmailAuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile_edit"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# django-allauth: e-mail is the login; no usernames. Verification is mandatory,
# by a code sent by e-mail (a link also works from the same message).
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Idéstad] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# allauth's rate limits stay on with their defaults; they live in the default
# cache, which is Redis whenever REDIS_URL is set, so they hold across ASGI workers.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Idéstad"
# Moderators, city staff and editors must turn on MFA before they reach moderation
# or the Wagtail admin. Only the local demo may switch it off (STAFF_MFA_REQUIRED=0).
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", default=True)
# Paths (regular expressions) that staff reach only with MFA on; the admin's login
# page itself stays open so that signing in is possible.
STAFF_MFA_PROTECTED_PATHS = [
    r"^/admin/(?!login/|logout/)",
    r"^/(sv|en)/moderation/",
    r"^/(sv|en)/staff/",
]

# --- Languages
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
# Our catalogue first; then our corrections to allauth's Swedish, compiled at
# install time from the installed package (config/locale_overrides.py).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "generated"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media files
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
# The nightly open-data export (opendata/export.py), served by the app itself.
OPENDATA_DIR = Path(env_str("OPENDATA_DIR") or MEDIA_ROOT / "opendata")
# Who publishes the data and answers questions about it, in the DCAT-AP-SE
# catalogue description the national data portal harvests.
OPENDATA_PUBLISHER = env_str("OPENDATA_PUBLISHER", "Stockholms stad")
OPENDATA_CONTACT_EMAIL = env_str(
    "OPENDATA_CONTACT_EMAIL", "oppnadata@idestad.localhost"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail
WAGTAIL_SITE_NAME = "Idéstad"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# --- Security headers (all environments; production.py tightens transport)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Database sessions, read with SQL written once per process (accounts.sessions).
SESSION_ENGINE = "accounts.sessions"

# Content-Security-Policy sent by config.csp. No inline script on public pages.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
# The Wagtail admin renders some inline scripts and styles of its own; only its
# editors (signed-in staff) see this looser policy.
CONTENT_SECURITY_POLICY_ADMIN_PATHS = ["/admin/"]
CONTENT_SECURITY_POLICY_ADMIN_OVERRIDES = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-ancestors": ["'self'"],
}

# --- Health checks
HEALTH_CHECK_TIMEOUT_SECONDS = 2.0

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per background task run is noise at INFO.
        "django_tasks": {"level": "WARNING"},
        "wagtail.contrib.redirects": {"level": "WARNING"},
    },
}

# Marks demo content (seed_demo) and lets the local demo print its logins.
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "idestad-demo-2026")

# --- Single sign-on (optional) -------------------------------------------------------
# A city SSO or e-ID broker speaking OpenID Connect, switched on by its URL alone.
OIDC_SERVER_URL = env_str("OIDC_SERVER_URL")
SOCIALACCOUNT_PROVIDERS: dict[str, dict] = {}
if OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "city",
                "name": env_str("OIDC_DISPLAY_NAME", "Stockholms stad"),
                "client_id": env_str("OIDC_CLIENT_ID"),
                "secret": env_str("OIDC_CLIENT_SECRET"),
                "settings": {"server_url": OIDC_SERVER_URL},
            }
        ],
    }
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "mandatory"

# --- Webhooks for partners (opendata/webhooks.py, docs/opendata.md): a failed
# delivery is tried again after 30 s, 1 min, 2 min, … (at most an hour apart)
# until this long after the event, then given up. Addresses in private or
# local networks are refused unless allowed here (a local run, the tests).
WEBHOOK_RETRY_BASE_SECONDS = env_float("WEBHOOK_RETRY_BASE_SECONDS", 30.0)
WEBHOOK_RETRY_FOR_SECONDS = env_float("WEBHOOK_RETRY_FOR_SECONDS", 86400.0)
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)

# --- The open-data API (opendata/api.py): anonymous and read-only, rate limited
# per address through the shared cache (so every worker counts the same).
API_RATE = env_str("API_RATE", "600/minute")
# Responses are shared through the shared cache under the data version, which
# moves after every committed change (common/data_version.py): none is ever
# served stale. The lifetime bounds only what no write through Django made (a
# change by hand in psql). 0 turns the sharing off; it is off without Redis,
# where each process would keep its own copies and its own version.
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 60 if REDIS_URL else 0)
# Figures that grow with the data (a goal's number of ideas) are kept under the
# same version (common.data_version.remembered); 0 computes them every time.
DATA_VERSION_CACHE_SECONDS = env_int(
    "DATA_VERSION_CACHE_SECONDS", 300 if REDIS_URL else 0
)
# Public pages asked for without a session are the same for every such reader
# and are shared under the same version (common/shared_pages.py): never stale
# after a committed write. The lifetime bounds what no write changes (a
# challenge phase opening at its hour). Off without Redis, as above.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 30 if REDIS_URL else 0)
# Rendered fragments many readers share (idea cards) are cached under a digest
# of what they show (common/fragments.py): never stale, never invalidated; this
# is only how long an unused one is kept. 0 renders every time.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 3600)
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Idéstad open data API",
    "DESCRIPTION": (
        "Everything the public site of Idéstad shows, for machines: ideas for a "
        "smart and connected Stockholm with their supports and the city's "
        "decisions, the projects they became with their follow-up, the "
        "strategy's goals, challenges, districts and verified organisations. "
        "Anonymous and read-only; rate limited per address (429 with "
        "Retry-After); every response has an ETag (send If-None-Match for a "
        "304); lists are paged with an opaque cursor (follow `next`)."
    ),
    "VERSION": "1",
    # OpenAPI 3.1: its schemas are JSON Schema, so responses can be checked
    # against them with a plain JSON Schema validator (tests/opendata).
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["opendata.schema.only_the_open_api"],
}
