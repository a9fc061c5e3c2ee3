"""Tests: fast hashing, emails to files, the same database and broker switches as everywhere."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import ATTUNE_STORAGE, BASE_DIR, DATABASES, INSTALLED_APPS, STORAGES, env

# The scale world (generated trainees, benchmark and load-test accounts with one known password
# and TOTP secret) exists in development and tests only, never in production settings.
INSTALLED_APPS = [*INSTALLED_APPS, "training.scale"]

# Each suite run may have its own scratch directory, so two runs (CI's SQLite and PostgreSQL
# legs run side by side) never share uploaded files or written emails.
TEST_VAR_DIR = Path(env("ATTUNE_TEST_VAR", default=str(BASE_DIR / "var")))

DEBUG = False
SECRET_KEY = "attune-test-secret-key-which-is-long-enough-for-django-checks-0123456789"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=TEST_VAR_DIR / "test-emails")
MEDIA_ROOT = TEST_VAR_DIR / "test-media"
PRIVATE_MEDIA_ROOT = TEST_VAR_DIR / "test-private"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A test database need not survive a power cut: commits stop waiting for the WAL flush,
    # which is most of what each transactional test's flush costs. Durability is a production
    # property; nothing in the suite observes it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
STORAGES = {
    **STORAGES,  # the file stores chosen in base (ATTUNE_STORAGE)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if ATTUNE_STORAGE == "filesystem":
    STORAGES["private"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    }
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Static files come from the finders in tests; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
