"""Demo readiness: endorsement dates, provider qualifications and training records for the
demo people, so every readiness state shows."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from training.competencies.models import Competency, EndorsementCategory, ProviderQualification
from training.records.enums import TrainingSource
from training.records.models import TrainingRecord
from training.users.models import Profile, User
from training.users.services import profile_update

# The endorsement each demo person works toward, and the one they hold (codes).
ENDORSEMENTS = {
    "coordinator@attune.example": ("", "IMHM-P"),
    "supervisor.amara@attune.example": ("", "IMHM-C"),
    "supervisor.jonas@attune.example": ("IMHM-C", "IMHS"),
    "trainee.maya@attune.example": ("IFA", ""),
    "trainee.luis@attune.example": ("IFS", ""),
    "trainee.grace@attune.example": ("IMHS", ""),
    "trainee.sam@attune.example": ("IFA", ""),
}

# Who holds what since when (months ago), for renewal: email, months since endorsement.
ENDORSED_MONTHS_AGO = {
    "coordinator@attune.example": 5,
    "supervisor.amara@attune.example": 30,
    "supervisor.jonas@attune.example": 11,  # renewal comes up within weeks
}

# Why each supervisor's RSC counts: email, category code held, years valid.
PROVIDERS = [
    ("supervisor.amara@attune.example", "IMHM-C", 3),
    ("supervisor.jonas@attune.example", "IMHS", 2),
]

# Each trainee's training, written to show a different stage of readiness:
# (email, key, title, sponsor, kind, days ago, hours, dei, about rsc, status, areas)
V, P, R = "verified", "pending", "rejected"
TRAINING = [
    # Maya: everything IFA asks is done.
    (
        "trainee.maya@attune.example",
        "maya-1",
        "Foundations of infant development",
        "Community College of the Valley",
        "college",
        400,
        "15",
        False,
        False,
        V,
        ["Infant/young child development & behavior", "Pregnancy & early parenthood"],
    ),
    (
        "trainee.maya@attune.example",
        "maya-2",
        "Watching and wondering in the classroom",
        "Little Oaks Training Institute",
        "series",
        200,
        "10.5",
        False,
        False,
        V,
        ["Observation & listening", "Curiosity"],
    ),
    (
        "trainee.maya@attune.example",
        "maya-3",
        "Equity in early learning settings",
        "State Early Learning Network",
        "short",
        90,
        "6",
        True,
        False,
        V,
        ["Cultural competence"],
    ),
    # Luis: most of the training, one record waiting, RSC still to come.
    (
        "trainee.luis@attune.example",
        "luis-1",
        "Child welfare and the youngest children",
        "County Training Academy",
        "series",
        300,
        "14",
        False,
        False,
        V,
        ["Service delivery systems", "Government, law & regulation"],
    ),
    (
        "trainee.luis@attune.example",
        "luis-2",
        "Trauma and loss in infancy",
        "Regional IECMH Association",
        "short",
        120,
        "7.5",
        False,
        False,
        V,
        ["Attachment, separation, trauma, grief & loss"],
    ),
    (
        "trainee.luis@attune.example",
        "luis-3",
        "Annual IECMH conference",
        "Regional IECMH Association",
        "conference",
        20,
        "8",
        True,
        False,
        P,
        ["Family relationships & dynamics", "Cultural competence"],
    ),
    # Grace: training well beyond IMHS's minimum; one record returned.
    (
        "trainee.grace@attune.example",
        "grace-1",
        "Graduate seminar in infant mental health",
        "State University",
        "college",
        540,
        "45",
        False,
        False,
        V,
        [
            "Relationship-focused practice",
            "Attachment, separation, trauma, grief & loss",
            "Parent-infant/young child relationship-based therapies",
        ],
    ),
    (
        "trainee.grace@attune.example",
        "grace-2",
        "Dyadic assessment in practice",
        "Riverside Family Clinic",
        "series",
        250,
        "18",
        False,
        False,
        V,
        ["Screening & assessment", "Observation & listening"],
    ),
    (
        "trainee.grace@attune.example",
        "grace-3",
        "Cultural humility with families",
        "Regional IECMH Association",
        "short",
        60,
        "4",
        True,
        False,
        V,
        ["Cultural competence", "Self-awareness"],
    ),
    (
        "trainee.grace@attune.example",
        "grace-4",
        "Lunchtime webinar",
        "Online",
        "short",
        15,
        "1",
        False,
        False,
        R,
        [],
    ),
    # Sam: just starting.
    (
        "trainee.sam@attune.example",
        "sam-1",
        "Babies in the library: an introduction",
        "Eastside Public Library",
        "short",
        30,
        "3",
        False,
        False,
        V,
        ["Infant/young child development & behavior", "Community resources"],
    ),
    # Jonas: working toward mentor; the RSC-provision training is half done.
    (
        "supervisor.jonas@attune.example",
        "jonas-1",
        "Reflective supervision: the first year",
        "Regional IECMH Association",
        "series",
        330,
        "8",
        False,
        True,
        V,
        ["Supervising others", "Parallel process", "Contemplation"],
    ),
    (
        "supervisor.jonas@attune.example",
        "jonas-2",
        "Home visiting practice intensive",
        "Healthy Starts",
        "series",
        500,
        "30",
        False,
        False,
        V,
        ["Building & maintaining relationships", "Responding with empathy"],
    ),
    (
        "supervisor.jonas@attune.example",
        "jonas-3",
        "Equity and belonging in home visiting",
        "Healthy Starts",
        "short",
        100,
        "3",
        True,
        False,
        V,
        ["Cultural competence"],
    ),
]


@transaction.atomic
def seed_readiness() -> None:
    """Give demo people endorsement dates, provider qualifications and training. Idempotent."""
    today = timezone.localdate()
    users = {u.email: u for u in User.objects.filter(email__endswith="@attune.example")}
    categories = {c.code: c for c in EndorsementCategory.objects.all()}
    for email, (target, held) in ENDORSEMENTS.items():
        if email in users:
            profile_update(
                user=users[email],
                target_category=categories.get(target),
                endorsement_held=categories.get(held),
            )
    for email, months in ENDORSED_MONTHS_AGO.items():
        if email in users:
            Profile.objects.filter(user=users[email]).update(
                endorsed_on=today - relativedelta(months=months)
            )
    for email, code, years in PROVIDERS:
        if email in users:
            ProviderQualification.objects.update_or_create(
                supervisor=users[email],
                category=categories.get(code),
                defaults={"expires_on": today + relativedelta(years=years)},
            )
    areas = {c.name: c for c in Competency.objects.all()}
    verifier = users.get("coordinator@attune.example")
    for email, key, title, sponsor, kind, days, hours, dei, rsc, status, names in TRAINING:
        if email not in users:
            continue
        completed = today - datetime.timedelta(days=days)
        record, _ = TrainingRecord.objects.update_or_create(
            trainee=users[email],
            source_key=f"demo:{key}",
            defaults={
                "title": title,
                "sponsor": sponsor,
                "source": TrainingSource.EXTERNAL,
                "evidence_kind": kind,
                "starts_on": completed - datetime.timedelta(days=2),
                "completed_on": completed,
                "hours": Decimal(hours),
                "dei": dei,
                "about_rsc": rsc,
                "verified": status == "verified",
                "verified_by": verifier if status != "pending" else None,
                "verified_at": timezone.now() if status == "verified" else None,
                "rejected_at": timezone.now() if status == "rejected" else None,
                "rejected_reason": "The certificate was not attached; please add it."
                if status == "rejected"
                else "",
            },
        )
        record.competencies.set([areas[n] for n in names if n in areas])
