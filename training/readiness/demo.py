"""Demo readiness: endorsement dates, provider qualifications, training records and the
application records beyond hours for the demo people, so every readiness state shows:

- Maya is ready to apply to IFA, every kind met; one of her raters' ratings is waived;
- Nia has everything IFA asks but one reference rating (two done, none for her supervisor);
- Grace has a rating waiting for its rater and her education waiting for verification;
- Amara was endorsed (IMHM-C) 30 months ago and is renewing: membership and the yearly Code of
  Ethics re-commitment are on record, her endorsed application with its history.
"""

import datetime
import hashlib
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from training.applications.enums import AgreementKind, ApplicationStatus
from training.applications.models import (
    AgreementAcceptance,
    AgreementText,
    Application,
    ApplicationEvent,
    Education,
    Membership,
    WorkExperience,
)
from training.competencies.enums import AgeGroup, RaterRole
from training.competencies.models import Competency, EndorsementCategory, ProviderQualification
from training.records.enums import TrainingSource
from training.records.models import TrainingRecord
from training.references.models import ReferenceRequest
from training.references.ratings import STATEMENT_CODES
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
    "trainee.nia@attune.example": ("IFA", ""),
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
    # Nia: IFA's training done, like Maya; only a reference rating is missing.
    (
        "trainee.nia@attune.example",
        "nia-1",
        "Home visiting in the first year",
        "Healthy Starts Training Center",
        "series",
        300,
        "18",
        False,
        False,
        V,
        ["Pregnancy & early parenthood", "Observation & listening"],
    ),
    (
        "trainee.nia@attune.example",
        "nia-2",
        "Culture, family and the new baby",
        "State Early Learning Network",
        "short",
        120,
        "12",
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
        record = _seed_once(
            TrainingRecord,
            lookup={"trainee": users[email], "source_key": f"demo:{key}"},
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
                "rejected_reason": "The certificate was not attached; please add it."
                if status == "rejected"
                else "",
            },
            # When it was verified is history: set once, kept on every later seeding.
            created=_stamped(verified_at=status == "verified", rejected_at=status == "rejected"),
        )
        record.competencies.set([areas[n] for n in names if n in areas])
    seed_applications(users, categories, today)


# email: (level, field, institution, years ago, verified)
EDUCATION = {
    "trainee.maya@attune.example": (
        "associate",
        "Early childhood education",
        "Community College of the Valley",
        4,
        True,
    ),
    "trainee.nia@attune.example": (
        "associate",
        "Child development",
        "Westfield Community College",
        6,
        True,
    ),
    "trainee.grace@attune.example": (
        "master_or_higher",
        "Clinical social work",
        "State University School of Social Work",
        5,
        False,
    ),
    "supervisor.amara@attune.example": (
        "master_or_higher",
        "Clinical psychology",
        "Lakeside University",
        15,
        True,
    ),
}
# email: (position, employer, years ago started, age group, families)
WORK = {
    "trainee.maya@attune.example": (
        "Lead infant-toddler teacher",
        "Little Oaks Early Learning Center",
        3,
        AgeGroup.INFANT,
        24,
    ),
    "trainee.nia@attune.example": (
        "Home visitor",
        "Healthy Starts Home Visiting",
        4,
        AgeGroup.INFANT,
        35,
    ),
    "trainee.grace@attune.example": (
        "Infant mental health therapist",
        "Riverside Family Clinic",
        3,
        AgeGroup.INFANT,
        30,
    ),
}
MEMBERS = [
    "trainee.maya@attune.example",
    "trainee.nia@attune.example",
    "trainee.grace@attune.example",
    "supervisor.amara@attune.example",
]
AGREEING = [
    "trainee.maya@attune.example",
    "trainee.nia@attune.example",
    "supervisor.amara@attune.example",
]
# email: [(key, rater, role, state, waived)] - state "done", "waiting"
RATERS = {
    "trainee.maya@attune.example": [
        ("maya-r1", "Rosa Delgado", RaterRole.CURRENT_SUPERVISOR, "done", False),
        ("maya-r2", "Kim Osei", RaterRole.PROGRAM_SUPERVISOR, "done", True),
        ("maya-r3", "Lena Varga", RaterRole.COLLEAGUE, "done", False),
    ],
    "trainee.nia@attune.example": [
        ("nia-r1", "Tomas Reyes", RaterRole.PROGRAM_SUPERVISOR, "done", False),
        ("nia-r2", "Aiko Tanaka", RaterRole.COLLEAGUE, "done", True),
    ],
    "trainee.grace@attune.example": [
        ("grace-r1", "Amara Okafor", RaterRole.RSC_PROVIDER, "waiting", False),
    ],
}


def _agreement_texts(today) -> dict[str, AgreementText]:
    texts = {}
    for kind in AgreementKind.values:
        found = AgreementText.objects.filter(kind=kind, published_on__lte=today).first()
        texts[kind] = found or AgreementText.objects.create(
            kind=kind,
            version="2026.1",
            title=AgreementKind(kind).label,
            body="The association's text goes here.",
            published_on=datetime.date(2026, 1, 1),
        )
    return texts


def _demo_token(key: str) -> str:
    """A fixed hash per demo row, so seeding again updates it (no link is ever sent)."""
    return hashlib.sha256(f"attune-demo-reference:{key}".encode()).hexdigest()


def _stamped(**when: bool) -> dict:
    """Timestamps set to now for the names given True (and None otherwise): for
    `create_defaults`, so a row's history is written once and seeding again keeps it."""
    now = timezone.now()
    return {name: now if on else None for name, on in when.items()}


def _seed_once(model, *, lookup: dict, defaults: dict, created: dict):
    """Update a demo row in place (found by `lookup`); its timestamps only on creation.

    A row already as described is not saved at all, so its `updated_at` stays too.
    """
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **defaults, **created)
    changed = [name for name, value in defaults.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, defaults[name])
    if changed:
        row.save()
    return row


def seed_applications(users: dict, categories: dict, today: datetime.date) -> None:
    """Education, work, membership, agreements, reference ratings and applications. Idempotent:
    each row is found again by what it is and updated in place, and its times (verified,
    accepted, sent) are written only when it is first made, so seeding again keeps them."""
    verifier = users.get("coordinator@attune.example")
    now = timezone.now()
    stamp = {"verified_at": now}
    for email, (level, field, institution, years, is_verified) in EDUCATION.items():
        if email in users:
            _seed_once(
                Education,
                lookup={"trainee": users[email], "institution": institution},
                defaults={
                    "level": level,
                    "field": field,
                    "related_field": True,
                    "completed_on": today - relativedelta(years=years),
                    "verified": is_verified,
                    "verified_by": verifier if is_verified else None,
                },
                created=stamp if is_verified else {},
            )
    for email, (position, employer, years, age_group, families) in WORK.items():
        if email in users:
            _seed_once(
                WorkExperience,
                lookup={"trainee": users[email], "employer": employer, "position": position},
                defaults={
                    "starts_on": today - relativedelta(years=years),
                    "hours_per_week": Decimal(40),
                    "paid": True,
                    "post_degree": True,
                    "supervised": True,
                    "families_served": families,
                    "age_group": age_group,
                    "duties": "Daily care and learning with babies and toddlers, and talks with "
                    "their parents about what the children are showing.",
                    "supervisor_name": "Rosa Delgado",
                    "supervisor_email": "rosa.delgado@example.org",
                    "verified": True,
                    "verified_by": verifier,
                },
                created=stamp,
            )
    for email in MEMBERS:
        if email in users:
            _seed_once(
                Membership,
                lookup={
                    "trainee": users[email],
                    "association": "State Association for Infant Mental Health",
                },
                defaults={
                    "number": f"SAIMH-{users[email].pk:05d}",
                    "expires_on": today + relativedelta(months=8),
                    "verified": True,
                    "verified_by": verifier,
                },
                created=stamp,
            )
    texts = _agreement_texts(today)
    for email in AGREEING:
        if email in users:
            for text in texts.values():
                AgreementAcceptance.objects.get_or_create(
                    trainee=users[email],
                    text=text,
                    defaults={"accepted_at": now - relativedelta(months=2)},
                )
    rater_category = categories.get("IFS")
    for email, raters in RATERS.items():
        if email not in users:
            continue
        for n, (key, name, role, state, waived) in enumerate(raters):
            done = state == "done"
            _seed_once(
                ReferenceRequest,
                lookup={"token_hash": _demo_token(key)},
                defaults={
                    "trainee": users[email],
                    "rater_name": name,
                    "rater_email": f"{name.split()[0].lower()}@example.org",
                    "role": role,
                    "waived": waived,
                    "known_months": 30 if done else None,
                    "rater_category": rater_category if done and n == 0 else None,
                    "answers": dict.fromkeys(STATEMENT_CODES, "3") if done else {},
                    "comments": "Observes closely and reflects on her own reactions."
                    if done
                    else "",
                },
                created={
                    "expires_at": now + relativedelta(days=20),
                    "sent_at": now - relativedelta(days=40 if done else 10),
                    "completed_at": now - relativedelta(days=30) if done else None,
                },
            )
    amara, held = users.get("supervisor.amara@attune.example"), categories.get("IMHM-C")
    if amara and held and not Application.objects.filter(trainee=amara).exists():
        endorsed_on = today - relativedelta(months=30)
        application = Application.objects.create(
            trainee=amara,
            category=held,
            status=ApplicationStatus.ENDORSED,
            submitted_on=endorsed_on - relativedelta(months=4),
            endorsed_on=endorsed_on,
            endorsement_number="IMHM-C-2024-0107",
            renewal_due_on=endorsed_on + relativedelta(years=3),
        )
        steps = [
            ("", ApplicationStatus.PREPARING),
            (ApplicationStatus.PREPARING, ApplicationStatus.SUBMITTED),
            (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW),
            (ApplicationStatus.UNDER_REVIEW, ApplicationStatus.EXAM),
            (ApplicationStatus.EXAM, ApplicationStatus.ENDORSED),
        ]
        for before, after in steps:
            ApplicationEvent.objects.create(
                application=application, actor=verifier, from_status=before, to_status=after
            )
    maya, target = users.get("trainee.maya@attune.example"), categories.get("IFA")
    if maya and target and not Application.objects.filter(trainee=maya).exists():
        application = Application.objects.create(trainee=maya, category=target)
        ApplicationEvent.objects.create(
            application=application, actor=maya, to_status=ApplicationStatus.PREPARING
        )
