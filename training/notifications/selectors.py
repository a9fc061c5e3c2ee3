from dataclasses import dataclass

from .enums import NotificationKind
from .kinds import SPECS, KindSpec
from .models import EmailPreference


@dataclass(frozen=True)
class PreferenceRow:
    spec: KindSpec
    label: str
    email_enabled: bool


def email_preference_rows(*, user) -> list[PreferenceRow]:
    """Each kind with the person's choice: optional kinds first, then those always sent."""
    off = set(
        EmailPreference.objects.filter(user=user, email_enabled=False).values_list(
            "kind", flat=True
        )
    )
    labels = dict(NotificationKind.choices)
    rows = [
        PreferenceRow(spec=spec, label=labels[kind], email_enabled=kind not in off)
        for kind, spec in SPECS.items()
    ]
    return sorted(rows, key=lambda row: not row.spec.email_optional)
