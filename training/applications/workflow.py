"""An endorsement application's moves through review, each one recorded as an event.

The association's online application is sent outside Attune; a coordinator records here what
happened to it. Every move locks the application's row, checks the status inside the lock (so a
repeated or racing move is refused, never done twice) and writes one `ApplicationEvent`.
Who may move an application is decided by the views that call these services (a coordinator of
the trainee's cohort: cohorts own that relation and this floor may not import them); each
service records the actor.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from training.competencies.models import EndorsementCategory
from training.core.submissions import person_lock
from training.notifications.services import outbox_enqueue
from training.users.models import Profile, User

from .enums import CLOSED_STATUSES, ApplicationStatus
from .models import Application, ApplicationEvent, ExamResult

S = ApplicationStatus

# Every legal move, before the exam rule: under review goes on to the exam when the category
# asks one and straight to endorsed when it does not.
MOVES: dict[str, frozenset[str]] = {
    S.PREPARING: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.UNDER_REVIEW, S.RETURNED}),
    S.UNDER_REVIEW: frozenset({S.EXAM, S.ENDORSED, S.RETURNED}),
    S.EXAM: frozenset({S.ENDORSED, S.RETURNED}),
    S.ENDORSED: frozenset(),
    S.RETURNED: frozenset(),
}
VERBS = {
    S.SUBMITTED: "submitted",
    S.UNDER_REVIEW: "put under review",
    S.EXAM: "sent to the exam",
    S.ENDORSED: "endorsed",
    S.RETURNED: "returned",
}
# The order a page offers the next moves in.
ORDER = [S.SUBMITTED, S.UNDER_REVIEW, S.EXAM, S.ENDORSED, S.RETURNED]


def next_statuses(application: Application) -> list[str]:
    """The statuses this application may move to now, in the order they come."""
    allowed = set(MOVES[application.status])
    if application.status == S.UNDER_REVIEW:
        allowed.discard(S.ENDORSED if application.category.exam_required else S.EXAM)
    return [status for status in ORDER if status in allowed]


def open_application_for(trainee: User) -> Application | None:
    """The trainee's application that is not yet endorsed or returned, if any."""
    return (
        Application.objects.filter(trainee=trainee)
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("category")
        .first()
    )


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("category").get(pk=application.pk)


def move_refusal(application: Application, to_status: str) -> str:
    """Why this application cannot move to `to_status` now ("" when it can)."""
    if to_status in next_statuses(application):
        return ""
    code = application.category.code
    if to_status == S.EXAM and application.status == S.UNDER_REVIEW:
        return f"{code} asks no exam: an application under review is endorsed or returned."
    if to_status == S.ENDORSED and application.status == S.UNDER_REVIEW:
        return f"{code} asks an exam: record the exam before the endorsement."
    current = application.get_status_display()
    return f"This application's status is {current}: it cannot be {VERBS[to_status]} now."


def _refuse_unless(application: Application, to_status: str) -> None:
    refusal = move_refusal(application, to_status)
    if refusal:
        raise ValidationError(refusal)


def _check_day(day: datetime.date | None, field: str, what: str) -> datetime.date:
    if day is None:
        raise ValidationError({field: f"Give the day the application was {what}."})
    if day > timezone.localdate():
        raise ValidationError({field: f"The day it was {what} cannot be in the future."})
    return day


def _move(application: Application, *, actor, to_status: str, note: str, fields: dict):
    """Set the new status and fields, and record the event (inside the caller's lock)."""
    from_status = application.status
    application.status = to_status
    for name, value in fields.items():
        setattr(application, name, value)
    application.save(update_fields=["status", "updated_at", *fields])
    event = ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        note=note.strip(),
    )
    if to_status != S.PREPARING:
        _tell_trainee(application, event)
    return application


def _status_sentence(application: Application) -> str:
    code = application.category.code
    if application.status == S.SUBMITTED:
        on = application.submitted_on
        return f"Your {code} application was recorded as submitted on {on:%-d %b %Y}."
    if application.status == S.UNDER_REVIEW:
        return f"Your {code} application is now under review."
    if application.status == S.EXAM:
        return f"Your {code} application has been reviewed: the next step is the exam."
    if application.status == S.ENDORSED:
        return (
            f"Congratulations: you are endorsed as {application.category.name} from "
            f"{application.endorsed_on:%-d %b %Y}, number {application.endorsement_number}. "
            f"Your first renewal is due by {application.renewal_due_on:%-d %b %Y}."
        )
    return f"Your {code} application was returned:\n\n{application.returned_reason}"


def _tell_trainee(application: Application, event: ApplicationEvent) -> None:
    """One email per move, written in the move's transaction (sent by the outbox)."""
    trainee = application.trainee
    link = settings.WAGTAILADMIN_BASE_URL + reverse("dashboard_trainee")
    outbox_enqueue(
        recipient=trainee,
        to_email=trainee.email,
        subject=f"Your endorsement application: {application.get_status_display()}",
        body=(
            f"Hello {trainee.display_name},\n\n{_status_sentence(application)}\n\n"
            f"See where your application stands:\n{link}\n"
        ),
        dedupe_key=f"application-status:{event.pk}",
    )


@transaction.atomic
def application_start(*, actor: User, trainee: User, category: EndorsementCategory) -> Application:
    """Open an application for the trainee; if she already has an open one, that one is
    returned (never two at once)."""
    if category is None:
        raise ValidationError({"category": "Choose the endorsement applied for."})
    person_lock(trainee)  # two starts at once queue here: the second finds the first
    found = open_application_for(trainee)
    if found is not None:
        return found
    try:
        with transaction.atomic():
            application = Application.objects.create(
                trainee=trainee, category=category, status=S.PREPARING
            )
    except IntegrityError:
        # Another start won the race on a database without row locks: use what it made.
        return open_application_for(trainee)
    ApplicationEvent.objects.create(
        application=application, actor=actor, from_status="", to_status=S.PREPARING
    )
    return application


@transaction.atomic
def application_submit(
    *, actor: User, application: Application, on: datetime.date | None, note: str = ""
) -> Application:
    """Record that the application was sent to the association on a day."""
    on = _check_day(on, "on", "submitted")
    application = _locked(application)
    _refuse_unless(application, S.SUBMITTED)
    note = note or f"Submitted on {on:%-d %b %Y}."
    return _move(
        application, actor=actor, to_status=S.SUBMITTED, note=note, fields={"submitted_on": on}
    )


@transaction.atomic
def application_review(*, actor: User, application: Application, note: str = "") -> Application:
    """The association has taken the submitted application under review."""
    application = _locked(application)
    _refuse_unless(application, S.UNDER_REVIEW)
    return _move(application, actor=actor, to_status=S.UNDER_REVIEW, note=note, fields={})


@transaction.atomic
def application_exam(*, actor: User, application: Application, note: str = "") -> Application:
    """The reviewed application goes on to the exam (only for categories that ask one)."""
    application = _locked(application)
    _refuse_unless(application, S.EXAM)
    return _move(application, actor=actor, to_status=S.EXAM, note=note, fields={})


@transaction.atomic
def application_endorse(
    *,
    actor: User,
    application: Application,
    on: datetime.date | None,
    number: str,
    note: str = "",
) -> Application:
    """Record the endorsement: its day and number, the renewal a year later, and the trainee's
    profile, so her readiness page tracks the renewal from that day."""
    number = (number or "").strip()
    problems = {}
    if not number:
        problems["number"] = "Give the endorsement number the association issued."
    try:
        on = _check_day(on, "on", "endorsed")
    except ValidationError as error:
        problems.update(error.message_dict)
    if problems:
        raise ValidationError(problems)
    application = _locked(application)
    _refuse_unless(application, S.ENDORSED)
    if application.submitted_on and on < application.submitted_on:
        raise ValidationError({"on": "The endorsement cannot come before the submission."})
    if (
        application.category.exam_required
        and not ExamResult.objects.filter(
            trainee_id=application.trainee_id, category=application.category, passed=True
        ).exists()
    ):
        raise ValidationError(
            f"{application.category.code} asks an exam: record the passed exam before the "
            "endorsement."
        )
    fields = {
        "endorsed_on": on,
        "endorsement_number": number,
        "renewal_due_on": on + relativedelta(years=1),
    }
    note = note or f"Endorsed on {on:%-d %b %Y}, number {number}."
    _move(application, actor=actor, to_status=S.ENDORSED, note=note, fields=fields)
    profile, _created = Profile.objects.get_or_create(user_id=application.trainee_id)
    profile.endorsement_held = application.category
    profile.endorsed_on = on
    changed = ["endorsement_held", "endorsed_on"]
    if profile.target_category_id == application.category_id:
        # Reached: she chooses her next target herself.
        profile.target_category = None
        changed.append("target_category")
    profile.save(update_fields=changed)
    return application


@transaction.atomic
def application_return(*, actor: User, application: Application, reason: str) -> Application:
    """Close the application as returned, saying why; the trainee may start a new one."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Tell the trainee why the application was returned."})
    application = _locked(application)
    _refuse_unless(application, S.RETURNED)
    return _move(
        application,
        actor=actor,
        to_status=S.RETURNED,
        note=reason,
        fields={"returned_reason": reason},
    )
