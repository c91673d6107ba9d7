"""Local development: the embedded defaults plus DEBUG."""

from config.env import env_bool, env_int

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", default=True)
# A template edited while the dev server runs shows at once.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 0 if DEBUG else 3600)
# Plain storage so the dev server finds static files without collectstatic.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
