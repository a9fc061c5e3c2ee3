"""View-shaped reads of reference requests: the applicant's list and a rating's answers.

Whether a completed rating counts is decided here with the same constants the readiness engine
uses (readiness stands above references, so it cannot be asked).
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet
from django.utils import timezone

from .models import ReferenceRequest, ReferenceStatus
from .ratings import (
    KNOWN_AT_LEAST_MONTHS,
    NEI_LIMIT,
    SCALE,
    STATEMENTS,
    VALID_MONTHS,
    nei_count,
)

COUNTS = "Counts"
TOO_OLD = "Does not count: completed more than a year ago (a rating is valid for one year)"
TOO_MANY_NEI = "Does not count: six or more “not enough information” answers"
KNOWN_TOO_SHORT = "Does not count: the rater has known you less than a year"
SCALE_WORDS = dict(SCALE)


def rating_verdict(request: ReferenceRequest, today: datetime.date | None = None) -> str:
    """Whether a completed rating counts and why not, in the engine's order ("" otherwise)."""
    if request.completed_at is None:
        return ""
    today = today or timezone.localdate()
    completed_on = timezone.localdate(request.completed_at)
    if today > completed_on + relativedelta(months=VALID_MONTHS):
        return TOO_OLD
    if nei_count(request.answers) >= NEI_LIMIT:
        return TOO_MANY_NEI
    if request.known_months is not None and request.known_months < KNOWN_AT_LEAST_MONTHS:
        return KNOWN_TOO_SHORT
    return COUNTS


@dataclass(frozen=True)
class RequestRow:
    request: ReferenceRequest
    status: str
    status_label: str
    verdict: str

    @property
    def can_resend(self) -> bool:
        return self.status in (ReferenceStatus.WAITING, ReferenceStatus.EXPIRED)

    @property
    def can_revoke(self) -> bool:
        return self.status in (ReferenceStatus.WAITING, ReferenceStatus.EXPIRED)


def _rows(requests: QuerySet) -> list[RequestRow]:
    now, today = timezone.now(), timezone.localdate()
    rows = []
    for r in requests:
        status = r.status_on(now)
        rows.append(RequestRow(r, status, ReferenceStatus(status).label, rating_verdict(r, today)))
    return rows


def requests_of_applicant(trainee) -> list[RequestRow]:
    """The applicant's own invitations. Only what the list shows is read: never a rating's
    answers, comments or the rater's endorsement (the verdict needs only counts)."""
    requests = ReferenceRequest.objects.filter(trainee=trainee).only(
        "pk",
        "trainee_id",
        "rater_name",
        "rater_email",
        "role",
        "waived",
        "expires_at",
        "created_at",
        "sent_at",
        "reminded_at",
        "revoked_at",
        "completed_at",
        "known_months",
        "answers",
    )
    return _rows(requests)


def requests_for_reviewers(trainee) -> list[RequestRow]:
    """Every request of the applicant with its full rating, for the association's reviewers."""
    return _rows(ReferenceRequest.objects.filter(trainee=trainee).select_related("rater_category"))


@dataclass(frozen=True)
class AnswerRow:
    area: str
    text: str
    answer: str


def answer_rows(request: ReferenceRequest) -> list[AnswerRow]:
    """A completed rating's answers in the form's order, in words."""
    return [
        AnswerRow(s.area, s.text, SCALE_WORDS.get(request.answers.get(s.code, ""), "—"))
        for s in STATEMENTS
    ]
