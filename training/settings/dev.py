"""Local development: the embedded default (SQLite, Celery in-process, email to the console)."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, STORAGES, env

# The scale world (generated trainees, benchmark and load-test accounts with one known password
# and TOTP secret) exists in development and tests only, never in production settings.
INSTALLED_APPS = [*INSTALLED_APPS, "training.scale"]

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env(
    "SECRET_KEY", default="django-insecure-attune-dev-only-key-never-use-in-production"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# runserver serves static files from the app folders; nothing needs collecting.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,  # the file stores chosen in base (ATTUNE_STORAGE)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
