"""Production: refuses to start, naming the variable, without what several machines need.

Every web and worker process shares nothing but PostgreSQL, Redis and the file store, so each
of those must be named; so must the public address email links point at, and how mail leaves.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ATTUNE_STORAGE, EMAIL_BACKEND, REDIS_URL, env


def _required(name: str, why: str) -> str:
    value = env(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production: {why}")
    return value


_required(
    "REDIS_URL",
    "the broker and cache every process shares (without it tasks run "
    "inside web requests and rate limits count per process)",
)
_required("WAGTAILADMIN_BASE_URL", "the public https address every email link points at")
_required(
    "ATTUNE_STORAGE",
    "'s3' (an S3-compatible bucket every machine shares) or "
    "'filesystem' (one host only; MEDIA_ROOT and PRIVATE_MEDIA_ROOT on its disk)",
)
_required(
    "EMAIL_BACKEND",
    "how mail leaves, e.g. django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST",
)
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL")
_base = urlsplit(WAGTAILADMIN_BASE_URL)
if _base.scheme != "https" and _base.hostname not in ("127.0.0.1", "localhost"):
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL must be an https address (email links carry sign-in tokens); "
        f"got {WAGTAILADMIN_BASE_URL!r}. Plain http is accepted only for 127.0.0.1/localhost."
    )
if ATTUNE_STORAGE == "s3":
    _required("AWS_STORAGE_BUCKET_NAME", "the bucket that holds media and private files")
else:
    _required("MEDIA_ROOT", "where public media lives on this single host")
    _required("PRIVATE_MEDIA_ROOT", "where private files live on this single host")
if EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    _required("EMAIL_HOST", "the SMTP server mail is handed to")
assert REDIS_URL  # base configured the cache and broker from it

DEBUG = False
# seed_demo refuses to run here unless ATTUNE_ALLOW_DEMO=true (a throwaway demo server).
ATTUNE_PRODUCTION = True
ATTUNE_ALLOW_DEMO = env.bool("ATTUNE_ALLOW_DEMO", default=False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A persistent connection the database dropped (a failover, a restart) is replaced, not used.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name at least one host.")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters.")

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]  # load balancers probe over plain http inside
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
