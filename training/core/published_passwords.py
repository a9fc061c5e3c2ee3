"""Commands that create accounts with a published password (the demo, the scale world) never
run against a real deployment by accident."""

from django.conf import settings
from django.core.management.base import CommandError


def refuse_under_production(what: str) -> None:
    """CommandError under production settings unless ATTUNE_ALLOW_DEMO=true (a throwaway server
    for a demonstration or a load run)."""
    if getattr(settings, "ATTUNE_PRODUCTION", False) and not getattr(
        settings, "ATTUNE_ALLOW_DEMO", False
    ):
        raise CommandError(
            f"Refusing to create {what} (known password) under production settings. "
            "Set ATTUNE_ALLOW_DEMO=true only for a throwaway demonstration or load-test server."
        )
