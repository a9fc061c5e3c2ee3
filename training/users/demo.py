"""Demo people: one coordinator, two supervisors, five trainees, with pairings."""

import datetime

from django.db import transaction
from django.utils import timezone

from .enums import Discipline, Role
from .models import SupervisionAssignment, User
from .services import profile_update, user_grant_role

DEMO_PASSWORD = "attune-demo-2026"

# email, given name, family name, roles, discipline, organisation
PEOPLE = [
    (
        "coordinator@attune.example",
        "Camila",
        "Ortiz",
        [Role.COORDINATOR],
        Discipline.POLICY,
        "Attune Training Collaborative",
    ),
    (
        "supervisor.amara@attune.example",
        "Amara",
        "Okafor",
        [Role.SUPERVISOR],
        Discipline.MENTAL_HEALTH,
        "Riverside Family Clinic",
    ),
    (
        "supervisor.jonas@attune.example",
        "Jonas",
        "Lindqvist",
        [Role.SUPERVISOR, Role.TRAINEE],
        Discipline.HOME_VISITING,
        "Healthy Starts Home Visiting",
    ),
    (
        "trainee.maya@attune.example",
        "Maya",
        "Chen",
        [Role.TRAINEE],
        Discipline.EARLY_CHILDHOOD_EDUCATION,
        "Little Oaks Early Learning Center",
    ),
    (
        "trainee.luis@attune.example",
        "Luis",
        "Ramírez",
        [Role.TRAINEE],
        Discipline.CHILD_WELFARE,
        "County Family Services",
    ),
    (
        "trainee.grace@attune.example",
        "Grace",
        "Mensah",
        [Role.TRAINEE],
        Discipline.MENTAL_HEALTH,
        "Riverside Family Clinic",
    ),
    (
        "trainee.sam@attune.example",
        "Sam",
        "Whitfield",
        [Role.TRAINEE],
        Discipline.LIBRARY,
        "Eastside Public Library",
    ),
    (
        "trainee.nia@attune.example",
        "Nia",
        "Adeyemi",
        [Role.TRAINEE],
        Discipline.HOME_VISITING,
        "Healthy Starts Home Visiting",
    ),
]

# supervisor email, trainee email, months ago the pairing began
PAIRINGS = [
    ("supervisor.amara@attune.example", "trainee.luis@attune.example", 14),
    ("supervisor.amara@attune.example", "trainee.grace@attune.example", 20),
    ("supervisor.amara@attune.example", "supervisor.jonas@attune.example", 10),
    ("supervisor.jonas@attune.example", "trainee.maya@attune.example", 6),
    ("supervisor.jonas@attune.example", "trainee.sam@attune.example", 2),
]


@transaction.atomic
def seed_people() -> list[tuple[str, str]]:
    """Create the demo accounts (idempotent) and return (email, roles) for printing."""
    from allauth.account.models import EmailAddress

    created = []
    for email, first, last, roles, discipline, org in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, is_demo=True)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        for role in roles:
            user_grant_role(user=user, role=role)
        profile_update(
            user=user,
            first_name=first,
            last_name=last,
            discipline=discipline,
            organisation=org,
        )
        created.append((email, ", ".join(str(r.label) for r in roles)))

    today = timezone.localdate()
    for supervisor_email, trainee_email, months in PAIRINGS:
        SupervisionAssignment.objects.get_or_create(
            supervisor=User.objects.get(email=supervisor_email),
            trainee=User.objects.get(email=trainee_email),
            defaults={"starts_on": today - datetime.timedelta(days=30 * months)},
        )
    return created
