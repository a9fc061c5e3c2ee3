import re

from training.notifications.models import OutboxMessage
from training.providers.services import outside_provider_add


def outside_provider(trainee, *, email="rosa@elsewhere.example", category=None, **overrides):
    from tests.competencies.factories import category as category_of

    provider, _ = outside_provider_add(
        trainee=trainee,
        added_by=trainee,
        first_name=overrides.get("first_name", "Rosa"),
        last_name=overrides.get("last_name", "Outside"),
        email=email,
        category=category or category_of("IMHM-C"),
        vetted=overrides.get("vetted", False),
        endorsement_number=overrides.get("endorsement_number", "IMH-4471"),
        association=overrides.get("association", "Example Infant Mental Health Association"),
    )
    return provider


def emails_to(address: str):
    return list(OutboxMessage.objects.filter(to_email__iexact=address).order_by("pk"))


def last_link_path(address: str) -> str:
    body = [m for m in emails_to(address) if "/logs/provider/" in m.body or "/earlier" in m.body][
        -1
    ].body
    return re.search(r"https?://[^/\s]+(/\S+/)", body).group(1)


def last_code(address: str) -> str:
    subject = [m for m in emails_to(address) if m.subject.startswith("Your Attune code")][-1]
    return re.search(r"(\d{6})", subject.subject).group(1)
