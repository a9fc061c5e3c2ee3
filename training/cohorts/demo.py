"""A demo cohort run by the demo coordinator, with its trainees and one open invitation."""

import datetime

from django.db import transaction
from django.utils import timezone

from training.users.models import User

from .models import Cohort, CohortMembership, Invitation

COHORT_NAME = "Riverside IECMH Cohort 2026"
MEMBERS = [
    "trainee.maya@attune.example",
    "trainee.luis@attune.example",
    "trainee.grace@attune.example",
    "trainee.sam@attune.example",
    "trainee.nia@attune.example",
    "supervisor.jonas@attune.example",
]


@transaction.atomic
def seed_cohorts() -> Cohort:
    """Create the demo cohort (idempotent)."""
    coordinator = User.objects.get(email="coordinator@attune.example")
    cohort, _ = Cohort.objects.get_or_create(
        name=COHORT_NAME,
        defaults={
            "description": "Practitioners from four disciplines working toward their first "
            "or next endorsement.",
            "starts_on": timezone.localdate() - datetime.timedelta(days=180),
        },
    )
    cohort.coordinators.add(coordinator)
    for email in MEMBERS:
        CohortMembership.objects.get_or_create(cohort=cohort, trainee=User.objects.get(email=email))
    Invitation.objects.get_or_create(
        cohort=cohort,
        email="invited.trainee@attune.example",
        defaults={"name": "Priya Natarajan", "invited_by": coordinator},
    )
    return cohort
