"""Production: refuses to start without real secrets, and locks down transport."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str

from .base import *  # noqa: F403
from .base import INSECURE_DEFAULT_SECRET_KEY

DEBUG = False

if not env_str("SECRET_KEY") or SECRET_KEY == INSECURE_DEFAULT_SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set SECRET_KEY to a long random value in production.")
if len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
if not STAFF_MFA_REQUIRED:  # noqa: F405
    raise ImproperlyConfigured("STAFF_MFA_REQUIRED=0 is for the local demo only.")
if not env_str("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the site's host names.")

# TLS ends at the proxy in front of the ASGI workers.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# /healthz and /readyz are probed over plain HTTP from inside the cluster.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Joining the browsers' HSTS preload list binds every subdomain of the city's domain
# for years; that is the domain owner's decision (SECURE_HSTS_PRELOAD=1), not ours.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
