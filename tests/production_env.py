"""A complete production environment for tests that start the real production settings."""

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "training.settings.production",
    "SECRET_KEY": "k3v9-Jq2_x8Lr5tZp0W7nB4mC6yH1sD9fG2hJ5kL8zX3cV6bN0mQ4wE7rT1yU5iO9",
    "DATABASE_URL": "postgres://attune@db.internal:5432/attune",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "ALLOWED_HOSTS": "attune.example.org",
    "WAGTAILADMIN_BASE_URL": "https://attune.example.org",
    "ATTUNE_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "attune-files",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "smtp.example.org",
}

# Every variable production refuses to start without, and when it is required.
REQUIRED = [
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "REDIS_URL",
    "WAGTAILADMIN_BASE_URL",
    "ATTUNE_STORAGE",
    "AWS_STORAGE_BUCKET_NAME",  # with ATTUNE_STORAGE=s3
    "EMAIL_BACKEND",
    "EMAIL_HOST",  # with the SMTP backend
]
