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
