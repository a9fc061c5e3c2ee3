"""The demo competency framework: the ten domains and their knowledge and skill areas.

Domain and area names follow the field's published guidelines; descriptions are our own.
"""

from django.db import transaction

from .models import Competency, CompetencyFramework, Domain

FRAMEWORK_NAME = "IECMH Competency Guidelines"

# (domain, mentor level only, description, [knowledge / skill areas])
DOMAINS: list[tuple[str, bool, str, list[str]]] = [
    (
        "Theoretical Foundations",
        False,
        "The ideas about early development and relationships that the rest of the work rests on.",
        [
            "Pregnancy & early parenthood",
            "Infant/young child development & behavior",
            "Attachment, separation, trauma, grief & loss",
            "Cultural competence",
            "Family relationships & dynamics",
            "Relationship-focused practice",
        ],
    ),
    (
        "Law, Regulation & Agency Policy",
        False,
        "Working within the law, professional ethics and the rules of one's own agency.",
        ["Ethical practice", "Government, law & regulation", "Agency policy"],
    ),
    (
        "Systems Expertise",
        False,
        "Knowing the services families can reach and how to connect them.",
        ["Service delivery systems", "Community resources"],
    ),
    (
        "Direct Service Skills",
        False,
        "What a practitioner does with a family: watching, listening, assessing and responding.",
        [
            "Observation & listening",
            "Screening & assessment",
            "Responding with empathy",
            "Supporting emotional health",
            "Parent-infant/young child relationship-based therapies",
            "Safety",
        ],
    ),
    (
        "Working with Others",
        False,
        "Building relationships with families and colleagues and keeping them working.",
        [
            "Building & maintaining relationships",
            "Supporting others",
            "Coaching & mentoring",
            "Collaborating",
            "Resolving conflict",
            "Empathy & compassion",
            "Consulting",
        ],
    ),
    (
        "Communicating",
        False,
        "Listening well and speaking and writing clearly, with families and with professionals.",
        ["Listening", "Speaking", "Writing"],
    ),
    (
        "Thinking",
        False,
        "Making sense of complicated situations and choosing a sound way forward.",
        [
            "Analyzing information",
            "Solving problems",
            "Exercising sound judgment",
            "Maintaining perspective",
            "Planning & organizing",
        ],
    ),
    (
        "Reflection",
        False,
        "Noticing one's own responses and using them, with a supervisor's help, to serve families.",
        [
            "Contemplation",
            "Self-awareness",
            "Curiosity",
            "Professional/personal development",
            "Emotional response",
            "Parallel process",
        ],
    ),
    (
        "Administration",
        True,
        "Leading programmes and people so that relationship-based work can happen.",
        ["Leading people", "Motivating", "Advocacy", "Supervising others", "Program development"],
    ),
    (
        "Research & Evaluation",
        True,
        "Reading, using and contributing to evidence about what helps infants and families.",
        ["Research & evaluation methods", "Using evidence in practice"],
    ),
]


@transaction.atomic
def seed_framework() -> CompetencyFramework:
    """Create (or complete) the demo framework. Safe to run again."""
    framework, _ = CompetencyFramework.objects.get_or_create(
        name=FRAMEWORK_NAME,
        defaults={
            "description": "Ten domains of knowledge and skill expected of IECMH professionals; "
            "the last two are expected at the mentor level."
        },
    )
    for domain_order, (name, mentor, description, areas) in enumerate(DOMAINS, start=1):
        domain, _ = Domain.objects.update_or_create(
            framework=framework,
            name=name,
            defaults={
                "sort_order": domain_order,
                "mentor_level": mentor,
                "description": description,
            },
        )
        for area_order, area in enumerate(areas, start=1):
            Competency.objects.update_or_create(
                domain=domain, name=area, defaults={"sort_order": area_order}
            )
    return framework


# Who holds what since when (months ago), for renewal: email, months since endorsement.
ENDORSED_MONTHS_AGO = {
    "coordinator@attune.example": 5,
    "supervisor.amara@attune.example": 30,
    "supervisor.jonas@attune.example": 11,  # renewal comes up within weeks
}

# Why each supervisor's RSC counts: email, category code (None = vetted), years valid.
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
    import datetime
    from decimal import Decimal

    from dateutil.relativedelta import relativedelta
    from django.utils import timezone

    from training.users.models import Profile, User

    from .enums import TrainingSource
    from .models import EndorsementCategory, ProviderQualification, TrainingRecord

    today = timezone.localdate()
    users = {u.email: u for u in User.objects.filter(email__endswith="@attune.example")}
    for email, months in ENDORSED_MONTHS_AGO.items():
        if email in users:
            Profile.objects.filter(user=users[email]).update(
                endorsed_on=today - relativedelta(months=months)
            )
    categories = {c.code: c for c in EndorsementCategory.objects.all()}
    for email, code, years in PROVIDERS:
        if email in users:
            ProviderQualification.objects.update_or_create(
                supervisor=users[email],
                category=categories.get(code),
                defaults={
                    "vetted_by_association": code is None,
                    "expires_on": today + relativedelta(years=years),
                },
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
