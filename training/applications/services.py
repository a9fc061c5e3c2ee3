"""Writes for an applicant's records: she writes education, work and membership records and
accepts agreements; a coordinator verifies or returns the records and records exam results.

A coordinator's scope (the trainee is in one of her cohorts) is checked by the views with the
cohorts app's predicate, as for training records; these services check everything else.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from training.competencies.models import EndorsementCategory
from training.core.submissions import person_lock
from training.notifications.services import outbox_enqueue
from training.records.uploads import certificate_extension, certificate_validate
from training.users.enums import Degree
from training.users.models import Profile

from .models import (
    WORK_FIELDS,
    AgreementAcceptance,
    AgreementText,
    Education,
    ExamResult,
    Membership,
    VerifiedRecord,
    WorkExperience,
)
from .permissions import (
    user_can_edit_application_record,
    user_can_verify_application_record,
    user_can_verify_application_records,
)
from .selectors import agreements_in_force, records_locked

LOCKED_MESSAGE = (
    "Your application has been submitted; your records are locked until it is returned or decided."
)
# What a change to a verified record undoes: it must be checked again.
VERIFICATION_FIELDS = ["verified", "verified_by", "verified_at", "rejected_at", "rejected_reason"]
DEGREE_ORDER = list(Degree.values)


def _ensure_writable(actor, trainee) -> None:
    if actor.pk != trainee.pk:
        raise PermissionDenied
    # Waits for a status change of the application in flight before deciding.
    person_lock(trainee)
    if records_locked(trainee):
        raise ValidationError(LOCKED_MESSAGE, code="locked")


def _attach_transcript(record: Education, transcript) -> None:
    content_type = certificate_validate(transcript)
    record.transcript_content_type = content_type
    # The stored name is random; only the detected type picks the extension.
    transcript.name = f"transcript{certificate_extension(content_type)}"
    record.transcript = transcript


def _delete_file_after_commit(field_file) -> None:
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


def _create(record: VerifiedRecord, *, exclude=()) -> VerifiedRecord:
    record.full_clean(exclude=list(exclude))
    record.save()
    return record


def _reset_verification(record: VerifiedRecord) -> None:
    record.verified = False
    record.verified_by = None
    record.verified_at = None
    record.rejected_at = None
    record.rejected_reason = ""


def _update(*, actor, record: VerifiedRecord, fields: dict, exclude=()) -> VerifiedRecord:
    """Change a record's fields; a verified record that changes waits for verification again,
    and a returned one is resubmitted."""
    if not user_can_edit_application_record(actor, record):
        raise PermissionDenied
    _ensure_writable(actor, record.trainee)
    record = type(record).objects.select_for_update().get(pk=record.pk)
    changed = False
    for name, value in fields.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed = True
    if changed or record.rejected_at:
        _reset_verification(record)
    record.full_clean(exclude=list(exclude))
    record.save()
    return record


def _delete(*, actor, record: VerifiedRecord) -> None:
    if not user_can_edit_application_record(actor, record):
        raise PermissionDenied
    _ensure_writable(actor, record.trainee)
    if isinstance(record, Education):
        _delete_file_after_commit(record.transcript)
    record.delete()


# --- education ----------------------------------------------------------------------------


@transaction.atomic
def education_create(
    *,
    actor,
    level: str,
    field: str,
    institution: str,
    completed_on: datetime.date,
    related_field: bool = False,
    transcript=None,
) -> Education:
    """Add a degree or credential, waiting for a coordinator's verification."""
    _ensure_writable(actor, actor)
    record = Education(
        trainee=actor,
        level=level,
        field=field,
        related_field=related_field,
        institution=institution,
        completed_on=completed_on,
    )
    if transcript:
        _attach_transcript(record, transcript)
    return _create(record, exclude=["transcript"])


@transaction.atomic
def education_update(
    *,
    actor,
    record: Education,
    level: str,
    field: str,
    institution: str,
    completed_on: datetime.date,
    related_field: bool = False,
    transcript=None,
) -> Education:
    """Change an education record; a new transcript replaces the old one."""
    fields = {
        "level": level,
        "field": field,
        "related_field": related_field,
        "institution": institution,
        "completed_on": completed_on,
    }
    if transcript:
        # Validated before anything is written, so a bad file changes nothing.
        certificate_validate(transcript)
    record = _update(actor=actor, record=record, fields=fields, exclude=["transcript"])
    if transcript:
        _delete_file_after_commit(record.transcript)
        _attach_transcript(record, transcript)
        _reset_verification(record)
        record.save()
    return record


@transaction.atomic
def education_delete(*, actor, record: Education) -> None:
    """Remove an education record and its transcript."""
    _delete(actor=actor, record=record)


# --- work experience ----------------------------------------------------------------------


def _work_fields(values: dict) -> dict:
    unknown = set(values) - set(WORK_FIELDS)
    if unknown:
        raise TypeError(f"Unknown work experience fields: {sorted(unknown)}")
    return values


def _check_work(values: dict) -> None:
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        raise ValidationError({"ends_on": "The end date must be on or after the start date."})


@transaction.atomic
def work_experience_create(*, actor, **values) -> WorkExperience:
    """Add a position, waiting for a coordinator's verification."""
    values = _work_fields(values)
    _check_work(values)
    _ensure_writable(actor, actor)
    return _create(WorkExperience(trainee=actor, **values))


@transaction.atomic
def work_experience_update(*, actor, record: WorkExperience, **values) -> WorkExperience:
    """Change a position; a verified one waits for verification again."""
    values = _work_fields(values)
    _check_work(values)
    return _update(actor=actor, record=record, fields=values)


@transaction.atomic
def work_experience_delete(*, actor, record: WorkExperience) -> None:
    """Remove a position."""
    _delete(actor=actor, record=record)


# --- membership ---------------------------------------------------------------------------


@transaction.atomic
def membership_create(
    *, actor, association: str, number: str, expires_on: datetime.date
) -> Membership:
    """Add an association membership, waiting for a coordinator's verification."""
    _ensure_writable(actor, actor)
    return _create(
        Membership(trainee=actor, association=association, number=number, expires_on=expires_on)
    )


@transaction.atomic
def membership_update(
    *, actor, record: Membership, association: str, number: str, expires_on: datetime.date
) -> Membership:
    """Change a membership; a verified one waits for verification again."""
    fields = {"association": association, "number": number, "expires_on": expires_on}
    return _update(actor=actor, record=record, fields=fields)


@transaction.atomic
def membership_delete(*, actor, record: Membership) -> None:
    """Remove a membership."""
    _delete(actor=actor, record=record)


# --- verification -------------------------------------------------------------------------


def _raise_profile_degree(trainee) -> None:
    """The IFS provider rule reads the profile's degree: raise it to the highest verified
    education, never lowering what the person declared."""
    levels = Education.objects.filter(trainee=trainee, verified=True).values_list(
        "level", flat=True
    )
    highest = max(levels, key=DEGREE_ORDER.index, default=None)
    if highest is None:
        return
    profile, _ = Profile.objects.get_or_create(user=trainee)
    current = profile.degree
    if not current or DEGREE_ORDER.index(highest) > DEGREE_ORDER.index(current):
        profile.degree = highest
        profile.save(update_fields=["degree"])


CHANGED_MESSAGE = (
    "This record was changed since you opened the page: read it again before verifying it."
)


@transaction.atomic
def application_record_verify(
    *, actor, record: VerifiedRecord, seen: datetime.datetime | None = None
) -> VerifiedRecord:
    """Accept an education, work or membership record. Verifying twice changes nothing.
    `seen` is the record's `updated_at` on the page the coordinator read: a record the
    applicant changed since is not verified unread."""
    if not user_can_verify_application_record(actor, record):
        raise PermissionDenied
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if record.verified:
        return record
    if seen is not None and record.updated_at != seen:
        raise ValidationError(CHANGED_MESSAGE, code="changed")
    record.verified = True
    record.verified_by = actor
    record.verified_at = timezone.now()
    record.rejected_at = None
    record.rejected_reason = ""
    record.save(update_fields=VERIFICATION_FIELDS)
    if isinstance(record, Education):
        _raise_profile_degree(record.trainee)
    return record


@transaction.atomic
def application_record_return(*, actor, record: VerifiedRecord, reason: str) -> VerifiedRecord:
    """Send a record back to the applicant with the reason; it is not evidence until fixed."""
    if not user_can_verify_application_record(actor, record):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Please tell the applicant what to change."})
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if record.verified:
        raise ValidationError("This record is already verified.")
    if record.rejected_at:
        return record
    record.rejected_at = timezone.now()
    record.rejected_reason = reason
    record.verified_by = actor
    record.save(update_fields=["rejected_at", "rejected_reason", "verified_by"])
    _tell_returned(record)
    return record


def _tell_returned(record: VerifiedRecord) -> None:
    """Email the applicant what to change, in the same transaction as the return."""
    trainee = record.trainee
    what = record._meta.verbose_name
    link = settings.WAGTAILADMIN_BASE_URL + reverse("applications_home")
    outbox_enqueue(
        recipient=trainee,
        to_email=trainee.email,
        subject="Your coordinator returned a record in your application",
        body=(
            f"Hello {trainee.display_name},\n\n"
            f"Your coordinator returned one of your {what} records for changes:\n\n"
            f"{record.rejected_reason}\n\n"
            f"Change it and save it to send it back for verification:\n{link}\n"
        ),
        dedupe_key=f"application-return:{record._meta.label_lower}:{record.pk}:"
        f"{record.rejected_at.isoformat()}",
    )


# --- agreements and the exam --------------------------------------------------------------


@transaction.atomic
def agreement_accept(*, actor, text: AgreementText) -> AgreementAcceptance:
    """Record that the applicant accepted the version in force now; accepting again later is
    the yearly re-commitment."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    if text not in agreements_in_force():
        raise ValidationError("This version is no longer in force. Please read the current one.")
    person_lock(actor)
    # An acceptance is evidence of the application like her records: frozen with them while
    # the application is with the association, so what is reviewed is what was submitted.
    if records_locked(actor):
        raise ValidationError(LOCKED_MESSAGE, code="locked")
    return AgreementAcceptance.objects.create(trainee=actor, text=text, accepted_at=timezone.now())


@transaction.atomic
def exam_result_record(
    *,
    actor,
    trainee,
    category: EndorsementCategory,
    taken_on: datetime.date,
    passed: bool,
    note: str = "",
) -> ExamResult:
    """A coordinator records an exam sitting of a trainee in her cohort."""
    if not user_can_verify_application_records(actor) or actor.pk == trainee.pk:
        raise PermissionDenied
    if taken_on > timezone.localdate():
        raise ValidationError({"taken_on": "An exam can be recorded once it has been taken."})
    result = ExamResult(
        trainee=trainee,
        category=category,
        taken_on=taken_on,
        passed=passed,
        note=note.strip(),
        recorded_by=actor,
    )
    result.full_clean()
    result.save()
    return result
