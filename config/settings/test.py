"""Test settings: the embedded defaults, fast hashing, mail kept in memory."""

import uuid

from .base import *  # noqa: F403

DEBUG = False
SCRATCH.mkdir(parents=True, exist_ok=True)  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Wagtail logs every page created and published at INFO; tests build many.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
LOGGING["loggers"]["wagtail"] = {"level": "WARNING"}  # noqa: F405
# Serve static files from the app folders without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The live test server runs in another process: without Redis, a file cache is the
# cache both processes share, so Wagtail's cached site roots stay in step.
# With Redis, each run gets its own key prefix instead of wiping the database.
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"idestad-test-{uuid.uuid4().hex[:12]}"  # noqa: F405
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(SCRATCH / "idestad-test-cache"),  # noqa: F405
        }
    }

# Wagtail's own page search index is not what these tests exercise (the platform's
# search lives in search/); skipping its per-save updates halves page set-up time.
WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False  # noqa: F405

# Uploaded files from tests land in a scratch folder, never in the project.
MEDIA_ROOT = SCRATCH / "idestad-test-media"  # noqa: F405

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Search tests choose their backend: the database unless a test points
# ELASTICSEARCH_URL somewhere (the integration tests read it from the environment).
ELASTICSEARCH_URL = ""
SEARCH_BACKEND = "database"

# A test's writes never commit (each test is one rolled-back transaction), so
# the data version never moves in one: what is kept under it (the API's shared
# answers, remembered figures) is off, and the tests of it
# (tests/opendata/test_shared_responses.py) turn it on and run the commit
# callbacks.
API_CACHE_SECONDS = 0
DATA_VERSION_CACHE_SECONDS = 0
PAGE_CACHE_SECONDS = 0
