"""Forget progress snapshots whenever something they were computed from changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from training.applications.models import (
    AgreementAcceptance,
    AgreementText,
    Application,
    Education,
    ExamResult,
    Membership,
    WorkExperience,
)
from training.competencies.models import EndorsementCategory, ProviderQualification
from training.records.models import TrainingRecord
from training.references.models import ReferenceRequest
from training.reflective_logs.models import ReflectiveLog, SignOff, SupervisionSession
from training.users.models import Profile

from .models import ProgressSnapshot


def _forget_trainee(trainee_id) -> None:
    if trainee_id:
        ProgressSnapshot.objects.filter(trainee_id=trainee_id).delete()


def _forget_everyone(**_kwargs) -> None:
    """Categories and provider qualifications touch many trainees; they change rarely."""
    ProgressSnapshot.objects.all().delete()


def _training_record_changed(instance, **_kwargs) -> None:
    _forget_trainee(instance.trainee_id)


def _profile_changed(instance, **_kwargs) -> None:
    """A profile is the trainee's target and held endorsement; a provider's degree also decides
    whether their RSC counts (the IFS rule), so a provider's profile touches their supervisees."""
    _forget_trainee(instance.user_id)
    if ProviderQualification.objects.filter(supervisor_id=instance.user_id).exists():
        supervisees = ReflectiveLog.objects.filter(session__provider_id=instance.user_id)
        ProgressSnapshot.objects.filter(trainee_id__in=supervisees.values("trainee_id")).delete()


def _log_changed(instance, **_kwargs) -> None:
    _forget_trainee(instance.trainee_id)


def _sign_off_changed(instance, **_kwargs) -> None:
    _forget_trainee(instance.log.trainee_id)


def _session_changed(instance, **_kwargs) -> None:
    """A session's length or date changes the figures of everyone who logged it."""
    ProgressSnapshot.objects.filter(trainee_id__in=instance.logs.values("trainee_id")).delete()


# An applicant's own records beyond hours, and their application's status.
APPLICANT_RECORDS = (
    Education,
    WorkExperience,
    Membership,
    AgreementAcceptance,
    ExamResult,
    ReferenceRequest,
    Application,
)


def connect() -> None:
    for signal in (post_save, post_delete):
        for model in APPLICANT_RECORDS:
            signal.connect(
                _training_record_changed, sender=model, dispatch_uid=f"rs-{model.__name__}"
            )
        signal.connect(_forget_everyone, sender=AgreementText, dispatch_uid="rs-agreement")
        signal.connect(_training_record_changed, sender=TrainingRecord, dispatch_uid="rs-tr")
        signal.connect(_profile_changed, sender=Profile, dispatch_uid="rs-profile")
        signal.connect(_log_changed, sender=ReflectiveLog, dispatch_uid="rs-log")
        signal.connect(_sign_off_changed, sender=SignOff, dispatch_uid="rs-signoff")
        signal.connect(_session_changed, sender=SupervisionSession, dispatch_uid="rs-session")
        signal.connect(_forget_everyone, sender=ProviderQualification, dispatch_uid="rs-pq")
        signal.connect(_forget_everyone, sender=EndorsementCategory, dispatch_uid="rs-cat")
    m2m_changed.connect(
        _forget_everyone,
        sender=EndorsementCategory.qualifying_categories.through,
        dispatch_uid="rs-cat-q",
    )
    m2m_changed.connect(
        _forget_everyone,
        sender=EndorsementCategory.reference_endorsed_rater_categories.through,
        dispatch_uid="rs-cat-raters",
    )
