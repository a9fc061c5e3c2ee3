from django.db import models


class VerificationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for verification"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Returned for changes"


class AgreementKind(models.TextChoices):
    CODE_OF_ETHICS = "code_of_ethics", "Code of Ethics"
    ENDORSEMENT_AGREEMENT = "endorsement_agreement", "Endorsement Agreement"


class ApplicationStatus(models.TextChoices):
    """Where an endorsement application stands, in the order it moves."""

    PREPARING = "preparing", "Preparing"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    EXAM = "exam", "Exam"
    ENDORSED = "endorsed", "Endorsed"
    RETURNED = "returned", "Returned"


# Once an application is in one of these, the applicant's records are frozen.
LOCKED_STATUSES = frozenset(
    {
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.EXAM,
    }
)
# Statuses that end an application.
CLOSED_STATUSES = frozenset({ApplicationStatus.ENDORSED, ApplicationStatus.RETURNED})
