"""Settings shared by every environment.

Safe by default: DEBUG is off and secrets come only from the environment. `dev.py`, `test.py`
and `production.py` adjust from here. One reader (django-environ) is used everywhere.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "training.core",
    "home",
    "training.users",
    "training.dashboards",
    "training.competencies",
    "training.records",
    "training.applications",
    "training.references",
    "training.providers",
    "training.courses",
    "training.reflective_logs",
    "training.earlier_rsc",
    "training.readiness",
    "training.notifications",
    "training.privacy",
    "training.cohorts",
    "health_check",
    "training.reports",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_celery_beat",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # Bad input and hostile files (issue 13): refuse oversized bodies before anything reads them,
    # then NUL characters and out-of-range path ids.
    "training.core.middleware.RequestSizeLimitMiddleware",
    "training.core.middleware.HostileInputMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "training.users.middleware.UserSessionActivityMiddleware",
    "training.users.middleware.StaffIdleTimeoutMiddleware",
    "training.users.middleware.RequireMFAMiddleware",
    "training.users.middleware.AdminAccessMiddleware",
    "training.users.middleware.PrivatePagesNoStoreMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "training.urls"
WSGI_APPLICATION = "training.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["training.core.templatetags.attune"],
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "training.users.context_processors.roles",
                "training.notifications.context_processors.notifications",
                "training.reflective_logs.context_processors.returned_for_changes",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves several requests at once (a page and its assets, autosave):
    # writers queue for the lock instead of failing with "database is locked", and readers
    # never wait for a writer (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# --- Database roles (issue 13, finding 9) --------------------------------------------------
# Optional owner of the tables: `migrate` and `database_app_role` connect as it, the app as
# DATABASE_URL's role, which owns nothing (training/core/dbroles.py).
DATABASE_OWNER_URL = env("DATABASE_OWNER_URL", default="")
# --- end database roles -------------------------------------------------------------------
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_URL_PATH = "/accounts/login/"
LOGIN_REDIRECT_URL = "dashboard"

LANGUAGE_CODE = "en"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Private uploads (certificates, evidence) live outside MEDIA_ROOT and are only served by views
# that check permission.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
# --- File storage ----------------------------------------------------------------------------
# "filesystem": this machine's disk (the embedded default, one host). "s3": any S3-compatible
# object store, so web and worker processes on different machines share files through the
# bucket. "default" holds public media (course images); "private" holds anything personal
# (uploads, certificates, portfolios, data exports), never public, handed out only by the views
# that authorise it (training/core/files.py).
ATTUNE_STORAGE = env("ATTUNE_STORAGE", default="filesystem")
STATICFILES_STORAGE_BACKEND = "whitenoise.storage.CompressedManifestStaticFilesStorage"
if ATTUNE_STORAGE == "s3":
    _bucket = {
        "bucket_name": env("AWS_STORAGE_BUCKET_NAME", default=""),
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": env("AWS_S3_REGION_NAME", default=None),
        "access_key": env("AWS_ACCESS_KEY_ID", default=None),
        "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
        "default_acl": None,  # the bucket's own policy: private unless the operator opens it
        "file_overwrite": False,
    }
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_bucket,
                "location": "media",
                # A public prefix or CDN in front of media/ serves plain URLs; otherwise each
                # media URL is signed for an hour.
                "custom_domain": env("AWS_S3_MEDIA_DOMAIN", default=None),
                "querystring_auth": not env("AWS_S3_MEDIA_DOMAIN", default=""),
                "querystring_expire": 3600,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_bucket,
                "location": "private",
                "querystring_auth": True,
                "querystring_expire": 300,
            },
        },
        "staticfiles": {"BACKEND": STATICFILES_STORAGE_BACKEND},
    }
elif ATTUNE_STORAGE == "filesystem":
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
        },
        "staticfiles": {"BACKEND": STATICFILES_STORAGE_BACKEND},
    }
else:
    raise ImproperlyConfigured(
        f"ATTUNE_STORAGE must be 'filesystem' or 's3', not {ATTUNE_STORAGE!r}."
    )

# --- Cache, Celery: Redis when REDIS_URL is set, in-process otherwise ---------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
# Nightly jobs (snapshots, reminders) queue one task per this many people (core/batches.py).
ATTUNE_NIGHTLY_BATCH_SIZE = env.int("ATTUNE_NIGHTLY_BATCH_SIZE", default=500)
# No task holds a worker forever: the soft limit raises inside the task (it can clean up), the
# hard one replaces the worker process. The longest honest task builds a portfolio PDF.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A submit must stay fast when the broker is down: fail over quickly, the outbox sweep resends.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "privacy-purge-expired-data": {
        "task": "training.privacy.tasks.purge_expired_data",
        "schedule": 24 * 3600.0,
    },
    "notifications-sweep-outbox": {
        "task": "training.notifications.tasks.sweep_outbox",
        "schedule": 300.0,
    },
    "reflective-logs-reminders": {
        "task": "training.reflective_logs.tasks.send_reminders",
        "schedule": 24 * 3600.0,
    },
    "competencies-renewal-reminders": {
        "task": "training.readiness.tasks.send_renewal_reminders",
        "schedule": 24 * 3600.0,
    },
    "reports-refresh-progress-snapshots": {
        "task": "training.reports.tasks.refresh_progress_snapshots",
        "schedule": crontab(hour=2, minute=30),
    },
    # --- rules15 (issue 15): RSC providers' vetting lapsing -----------------------------
    "readiness-vetting-reminders": {
        "task": "training.readiness.tasks.send_vetting_reminders",
        "schedule": 24 * 3600.0,
    },
}
# rules15 (issue 15): coordinators hear this many days before a provider's vetting lapses.
VETTING_REMINDER_DAYS = env.int("VETTING_REMINDER_DAYS", default=30)

# --- refs (issue 15): reference ratings ---------------------------------------------------
# How long a rater's link works, and how many days before it closes the rater is reminded.
ATTUNE_REFERENCE_LINK_DAYS = env.int("ATTUNE_REFERENCE_LINK_DAYS", default=30)
ATTUNE_REFERENCE_REMINDER_DAYS = env.int("ATTUNE_REFERENCE_REMINDER_DAYS", default=7)
# How long an outside provider's link (to review a log, or attest earlier RSC) works.
ATTUNE_PROVIDER_LINK_DAYS = env.int("ATTUNE_PROVIDER_LINK_DAYS", default=14)
CELERY_BEAT_SCHEDULE["references-rater-reminders"] = {
    "task": "training.references.tasks.send_rater_reminders",
    "schedule": 24 * 3600.0,
}

# --- Sign-off ledger (issue 13, finding 9) -------------------------------------------------
# Daily digest of the sign-off chain's head: a file in default storage + an email to
# coordinators; verify_signoffs compares the chain with every stored digest.
CELERY_BEAT_SCHEDULE["reflective-logs-ledger-digest"] = {
    "task": "training.reflective_logs.tasks.write_ledger_digest",
    "schedule": crontab(hour=3, minute=15),
}
# --- end sign-off ledger ------------------------------------------------------------------

# --- Email -------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / "var" / "emails")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Attune <no-reply@attune.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts (django-allauth) -------------------------------------------------------------
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Attune] "
ACCOUNT_ADAPTER = "training.users.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins: per client address, and five in five minutes per account *from one
    # address* (the key is account + address, see AccountAdapter), so nobody can lock a person
    # out from elsewhere. Across all addresses an account takes 30 failures an hour; past that
    # only a correct password followed by a second factor gets in.
    "login_failed": "10/m/ip,60/h/ip,5/5m/key",
    "login_failed_account": "30/h/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Changing email, password or second factor needs a recent sign-in.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# The client address behind a reverse proxy: either a header the proxy sets (e.g. X-Real-IP),
# or how many proxies append to X-Forwarded-For. Neither is trusted unless configured.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default=None)
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
MFA_ADAPTER = "training.users.adapter.MFAAdapter"
# Keys that encrypt authenticator secrets at rest (Fernet, comma-separated, the first encrypts);
# by default a key derived from SECRET_KEY.
ATTUNE_MFA_KEYS = env.list("ATTUNE_MFA_KEYS", default=[])
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Attune"
USERSESSIONS_TRACK_ACTIVITY = True

# --- Wagtail -------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Attune"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
# Wagtail's own password forms are off: every password goes through allauth (see urls.py).
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL_PATH
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "pptx", "xlsx", "txt", "csv"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Images above this many pixels are refused, by Wagtail's form and by Pillow everywhere (its
# decompression-bomb warning is made an error in training.core.apps). Issue 13.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Security ------------------------------------------------------------------------------
# Messages ride in the session, not in a cookie of their own.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# --- Bad input and hostile files (issue 13) ------------------------------------------------
# The largest request body by path (longest prefix wins), refused with 413 before it is read;
# the reverse proxy's client_max_body_size should be the largest of these.
_MIB = 1024 * 1024
ATTUNE_REQUEST_MAX_BYTES = env.int("ATTUNE_REQUEST_MAX_BYTES", default=2 * _MIB)
ATTUNE_REQUEST_MAX_BYTES_BY_PATH = {
    "/training/add/": env.int("ATTUNE_CERTIFICATE_REQUEST_MAX_BYTES", default=11 * _MIB),
    # Transcripts are checked as certificates are (add and edit both post the file).
    "/application/education/": env.int("ATTUNE_CERTIFICATE_REQUEST_MAX_BYTES", default=11 * _MIB),
    "/admin/images/": env.int("ATTUNE_ADMIN_UPLOAD_MAX_BYTES", default=32 * _MIB),
    "/admin/documents/": env.int("ATTUNE_ADMIN_UPLOAD_MAX_BYTES", default=32 * _MIB),
    "/admin/pages/": 5 * _MIB,  # a long module body's form
}
# Form fields (not files) held in memory at most; uploads above 2.5 MiB spool to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * _MIB
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * _MIB)
# --- end bad input ------------------------------------------------------------------------

CONTENT_SECURITY_POLICY = {
    # The Wagtail and Django admins still use inline scripts; they keep their own defaults.
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Attune ------------------------------------------------------------------------------
ATTUNE_REVIEW_OVERDUE_DAYS = env.int("ATTUNE_REVIEW_OVERDUE_DAYS", default=7)
ATTUNE_STAFF_IDLE_MINUTES = env.int("ATTUNE_STAFF_IDLE_MINUTES", default=30)
ATTUNE_CERTIFICATE_MAX_BYTES = env.int("ATTUNE_CERTIFICATE_MAX_BYTES", default=10 * 1024 * 1024)
# How long each kind of record is kept before the daily purge removes it.
ATTUNE_RETENTION_DAYS = {
    "data_exports": 2,
    "notifications": env.int("ATTUNE_RETAIN_NOTIFICATIONS_DAYS", default=90),
    "unsubmitted_drafts": env.int("ATTUNE_RETAIN_DRAFTS_DAYS", default=365),
    "privacy_audit": env.int("ATTUNE_RETAIN_AUDIT_DAYS", default=3650),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own console handler would print each request error a second time.
        "django": {"handlers": [], "level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Wagtail's in-process background tasks log every run at INFO.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# --- Double submits (trust-faults) ---------------------------------------------------------
# Receipts that turn a repeated form submission into a redirect to the first one's result.
ATTUNE_RETENTION_DAYS["submission_receipts"] = env.int("ATTUNE_RETAIN_SUBMISSIONS_DAYS", default=2)

# --- Faults: Redis down (trust-faults) -----------------------------------------------------
# When Redis cannot be reached the cache answers from each process's memory (see
# training/core/cache.py) after a short connect timeout, instead of failing every request.
if REDIS_URL:
    CACHES["default"]["BACKEND"] = "training.core.cache.ResilientRedisCache"
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=0.5),
        "socket_timeout": env.float("REDIS_TIMEOUT", default=1.0),
    }
# Background work whose task could not be queued (broker down) is queued again by this sweep.
CELERY_BEAT_SCHEDULE["core-sweep-unqueued-work"] = {
    "task": "training.core.tasks.sweep_unqueued_work",
    "schedule": 300.0,
}
