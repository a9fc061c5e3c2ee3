"""How long a module page takes to render: the median of 100 requests in a test-client loop.

Runs on the embedded demo database (migrated and seeded if needed) as a demo trainee who is part
way through a course, and prints the median, the p95 and the queries one request makes. It
measures; it asserts nothing. `make bench` times the same page in a world of 10,000 trainees.

    .venv/bin/python scripts/bench_module_page.py
"""

import io
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training.settings.dev")


def main() -> None:
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)  # the seed's eager tasks would log every email
    from django.conf import settings
    from django.core.management import call_command

    from training.scale.bench import Probe, measure, module_url
    from training.users.enums import Role
    from training.users.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    trainee = User.objects.get(email="trainee.maya@attune.example")
    result = measure(Probe("module page", Role.TRAINEE, module_url), repeat=100, people=[trainee])
    print(f"Module page, {result.requests} requests as {trainee.email} on {connection_name()}:")
    print(
        f"  median {result.median_ms:.1f} ms, p95 {result.p95_ms:.1f} ms,"
        f" {result.queries} queries per request"
    )
    if result.status != 200:
        sys.exit(f"The module page answered {result.status}.")


def connection_name() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
