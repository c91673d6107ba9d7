"""Local development: the embedded defaults plus DEBUG."""

from config.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", default=True)
# Plain storage so the dev server finds static files without collectstatic.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
