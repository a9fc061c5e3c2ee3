"""An applicant's records beyond hours, for tests: each kind alone, or everything a category
asks in one call (`complete_application`)."""

import datetime
import hashlib
import secrets
from decimal import Decimal

from django.utils import timezone

from training.applications.enums import AgreementKind
from training.applications.models import (
    AgreementAcceptance,
    AgreementText,
    Education,
    Membership,
    WorkExperience,
)
from training.competencies.enums import RaterRole
from training.competencies.models import EndorsementCategory
from training.references.models import ReferenceRequest
from training.references.ratings import STATEMENT_CODES

YEAR = datetime.timedelta(days=365)


def agreement_text(kind: str) -> AgreementText:
    """The version in force (transactional tests may have flushed the seeded ones)."""
    found = AgreementText.objects.filter(kind=kind).order_by("-published_on").first()
    return found or AgreementText.objects.create(
        kind=kind,
        version="test.1",
        title=AgreementKind(kind).label,
        body="Text.",
        published_on=datetime.date(2020, 1, 1),
    )


def accept_agreements(trainee, *, at=None) -> None:
    for kind in AgreementKind.values:
        AgreementAcceptance.objects.create(
            trainee=trainee, text=agreement_text(kind), accepted_at=at or timezone.now()
        )


def education(trainee, level="master_or_higher", *, verified=True, **fields) -> Education:
    defaults = {
        "field": "Social work",
        "related_field": True,
        "institution": "State University",
        "completed_on": timezone.localdate() - 6 * YEAR,
    }
    return Education.objects.create(
        trainee=trainee, level=level, verified=verified, **(defaults | fields)
    )


def work(trainee, *, years=6, verified=True, **fields) -> WorkExperience:
    today = timezone.localdate()
    defaults = {
        "position": "Home visitor",
        "employer": "Family Start",
        "starts_on": today - years * YEAR,
        "ends_on": None,
        "hours_per_week": Decimal(40),
        "paid": True,
        "post_degree": True,
        "supervised": True,
        "families_served": 40,
        "age_group": "both",
        "leadership": True,
        "providing_rsc": True,
        "duties": "Weekly visits with parents and babies.",
        "supervisor_name": "Pat Lead",
        "supervisor_email": "pat.lead@example.org",
    }
    return WorkExperience.objects.create(trainee=trainee, verified=verified, **(defaults | fields))


def membership(trainee, *, verified=True, expires_on=None) -> Membership:
    return Membership.objects.create(
        trainee=trainee,
        association="State Association for Infant Mental Health",
        number="M-1001",
        expires_on=expires_on or timezone.localdate() + YEAR,
        verified=verified,
    )


def reference(
    trainee,
    role=RaterRole.COLLEAGUE,
    *,
    completed=True,
    completed_at=None,
    nei=0,
    known_months=24,
    rater_category=None,
    waived=False,
    comments="",
    **fields,
) -> ReferenceRequest:
    """A reference request; completed with `nei` "not enough information" answers."""
    answers = {code: "nei" if n < nei else "3" for n, code in enumerate(STATEMENT_CODES)}
    done = completed_at or timezone.now() - datetime.timedelta(days=10)
    token = secrets.token_urlsafe(32)
    return ReferenceRequest.objects.create(
        trainee=trainee,
        rater_name=fields.pop("rater_name", f"Rater {role}"),
        rater_email=fields.pop("rater_email", f"{role}.{secrets.token_hex(3)}@example.org"),
        role=role,
        waived=waived,
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        expires_at=timezone.now() + datetime.timedelta(days=30),
        sent_at=timezone.now() - datetime.timedelta(days=20),
        completed_at=done if completed else None,
        known_months=known_months if completed else None,
        answers=answers if completed else {},
        comments=comments,
        rater_category=rater_category,
        **fields,
    )


def complete_application(trainee, category: EndorsementCategory | None = None) -> None:
    """Everything beyond hours that `category` (default: the trainee's target) asks, verified:
    a master's degree, six years of work that fits every rule, membership, both agreements and
    three valid ratings covering every rater role the category names."""
    category = category or trainee.profile.target_category
    education(trainee, "master_or_higher")
    work(trainee, age_group=category.work_age_group or "both")
    membership(trainee)
    accept_agreements(trainee)
    endorsed = category.reference_endorsed_rater_categories.first()
    roles = [RaterRole.CURRENT_SUPERVISOR, RaterRole.RSC_PROVIDER, RaterRole.SUPERVISEE]
    for n in range(max(category.references_needed, len(roles))):
        role = roles[n] if n < len(roles) else RaterRole.COLLEAGUE
        reference(trainee, role, rater_category=endorsed if n == 0 else None, rater_vetted=n == 0)
