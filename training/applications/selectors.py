"""Reads for the application pages: the applicant's hub, the agreements in force, the
coordinator's verification queue, and whether a person's records are locked."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Max
from django.utils import timezone

from .enums import LOCKED_STATUSES, AgreementKind
from .models import (
    AgreementAcceptance,
    AgreementText,
    Application,
    Education,
    ExamResult,
    Membership,
    WorkExperience,
)

# The Code of Ethics is renewed every year; the Endorsement Agreement once per version.
CODE_OF_ETHICS_RENEW_MONTHS = 12
# The records a coordinator verifies, by the short name the URLs use.
RECORD_MODELS = {"education": Education, "work": WorkExperience, "membership": Membership}


def records_locked(trainee) -> bool:
    """While an application is submitted, under review or at the exam, the applicant's records
    (and reference invitations) are frozen."""
    if trainee is None or not getattr(trainee, "pk", None):
        return False
    return Application.objects.filter(trainee=trainee, status__in=LOCKED_STATUSES).exists()


def agreements_in_force(as_of: datetime.date | None = None) -> list[AgreementText]:
    """The newest published version of each kind on `as_of` (today by default), in kind order."""
    as_of = as_of or timezone.localdate()
    published = AgreementText.objects.filter(published_on__lte=as_of)
    newest: dict[str, AgreementText] = {}
    # Oldest first, so each kind ends on its newest version; of two published the same day,
    # the one added last is the one in force. (A handful of rows: one query, no aggregate.)
    for text in published.order_by("published_on", "pk"):
        newest[text.kind] = text
    return [newest[kind] for kind in AgreementKind.values if kind in newest]


@dataclass(frozen=True)
class AgreementRow:
    """One agreement in force, and where the applicant stands with it."""

    text: AgreementText
    last_accepted_at: datetime.datetime | None  # of this version
    renew_by: datetime.date | None  # the Code of Ethics: a year after the last acceptance
    current: bool  # accepted, and (for the Code of Ethics) within the year

    @property
    def yearly(self) -> bool:
        return self.text.kind == AgreementKind.CODE_OF_ETHICS


def agreement_rows(trainee, as_of: datetime.date | None = None) -> list[AgreementRow]:
    """Each agreement in force with the applicant's latest acceptance of that version."""
    as_of = as_of or timezone.localdate()
    texts = agreements_in_force(as_of)
    last = dict(
        AgreementAcceptance.objects.filter(trainee=trainee, text__in=texts)
        .values("text_id")
        .annotate(last=Max("accepted_at"))
        .values_list("text_id", "last")
    )
    rows = []
    for text in texts:
        accepted_at = last.get(text.pk)
        renew_by = None
        current = accepted_at is not None
        if accepted_at and text.kind == AgreementKind.CODE_OF_ETHICS:
            renew_by = timezone.localdate(accepted_at) + relativedelta(
                months=CODE_OF_ETHICS_RENEW_MONTHS
            )
            current = renew_by > as_of
        rows.append(AgreementRow(text, accepted_at, renew_by, current))
    return rows


def application_hub(trainee) -> dict:
    """Everything the applicant's "My application" page (or a coordinator's view of it) shows,
    in a fixed number of queries."""
    return {
        "education": list(Education.objects.filter(trainee=trainee)),
        "work": list(WorkExperience.objects.filter(trainee=trainee)),
        "memberships": list(Membership.objects.filter(trainee=trainee)),
        "exams": list(ExamResult.objects.filter(trainee=trainee).select_related("category")),
        "agreements": agreement_rows(trainee),
        "application": Application.objects.filter(trainee=trainee)
        .select_related("category")
        .first(),
        "locked": records_locked(trainee),
    }


def records_awaiting_verification(*, trainee_ids: set[int] | None) -> dict[str, list]:
    """Pending education, work and membership records of these trainees (everyone's when None),
    oldest first, each kind read in one query."""
    found = {}
    for kind, model in RECORD_MODELS.items():
        pending = model.objects.pending()
        if trainee_ids is not None:
            pending = pending.filter(trainee_id__in=trainee_ids)
        found[kind] = list(pending.select_related("trainee").order_by("created_at", "pk"))
    return found


def records_waiting_count(*, trainee_ids: set[int] | None) -> int:
    """How many education, work and membership records of these trainees wait for a check."""
    total = 0
    for model in RECORD_MODELS.values():
        pending = model.objects.pending()
        if trainee_ids is not None:
            pending = pending.filter(trainee_id__in=trainee_ids)
        total += pending.count()
    return total
