from django.db import models


class Role(models.TextChoices):
    """A person's roles are Django groups with these names; one person may hold several."""

    TRAINEE = "trainee", "Trainee"
    SUPERVISOR = "supervisor", "Supervisor"
    COORDINATOR = "coordinator", "Coordinator"


# Roles whose accounts must use a second factor.
MFA_REQUIRED_ROLES = frozenset({Role.SUPERVISOR, Role.COORDINATOR})


class Discipline(models.TextChoices):
    """The ten fields that meet infants and families, plus "other"."""

    EARLY_CHILDHOOD_EDUCATION = "early_childhood_education", "Early childhood education"
    CHILD_WELFARE = "child_welfare", "Child welfare"
    MENTAL_HEALTH = "mental_health", "Mental health clinician"
    JUDICIAL = "judicial", "Judicial"
    EARLY_INTERVENTION = "early_intervention", "Early intervention"
    HOME_VISITING = "home_visiting", "Home visiting"
    HEALTH_CARE = "health_care", "Health care"
    FAITH_COMMUNITY = "faith_community", "Faith community"
    POLICY = "policy", "Policy"
    LIBRARY = "library", "Library"
    OTHER = "other", "Other"


class AssignmentKind(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    GROUP = "group", "Group"


class Degree(models.TextChoices):
    """The highest degree a person holds, as far as the endorsement rules ask (the IFS
    provider rule reads it; full education records come later)."""

    NONE = "none", "No degree"
    ASSOCIATE = "associate", "CDA or associate's degree"
    BACHELOR = "bachelor", "Bachelor's degree"
    MASTER_OR_HIGHER = "master_or_higher", "Master's degree or higher"
