"""The applicant's "My application" pages, and the coordinator's verification of them."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from training.cohorts.permissions import (
    trainee_ids_followed_by,
    user_can_follow_trainee,
    user_coordinates_trainee,
)
from training.core.files import private_file_response
from training.core.submissions import submit_once
from training.users.models import SupervisionAssignment

from . import selectors, services
from .forms import (
    AgreementAcceptForm,
    EducationForm,
    ExamResultForm,
    MembershipForm,
    ReturnRecordForm,
    WorkExperienceForm,
)
from .models import AgreementText, Education, Membership, WorkExperience
from .permissions import user_can_verify_application_records


@dataclass(frozen=True)
class Kind:
    """One kind of record the applicant writes: its model, form, services and words."""

    model: type
    form: type
    create: object
    update: object
    delete: object
    title: str  # "education", "work experience", "membership"
    heading: str  # "Add education"


KINDS = {
    "education": Kind(
        Education,
        EducationForm,
        services.education_create,
        services.education_update,
        services.education_delete,
        "education",
        "a degree or credential",
    ),
    "work": Kind(
        WorkExperience,
        WorkExperienceForm,
        services.work_experience_create,
        services.work_experience_update,
        services.work_experience_delete,
        "work experience",
        "a position",
    ),
    "membership": Kind(
        Membership,
        MembershipForm,
        services.membership_create,
        services.membership_update,
        services.membership_delete,
        "membership",
        "a membership",
    ),
}


def _kind(name: str) -> Kind:
    if name not in KINDS:
        raise Http404
    return KINDS[name]


def _own_record(request, kind: Kind, pk: int):
    """The signed-in applicant's own record; anyone else's is not found."""
    record = kind.model.objects.filter(pk=pk, trainee=request.user).first()
    if record is None:
        raise Http404
    return record


# --- the applicant's pages ----------------------------------------------------------------


@login_required
def applications_home(request):
    """Every kind of record the application asks for, with its status and actions."""
    context = selectors.application_hub(request.user)
    return render(request, "applications/home.html", {**context, "is_self": True})


def _form_page(request, *, kind: Kind, kind_name: str, form, record=None, locked=False):
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "applications/record_form.html",
        {"form": form, "kind": kind, "kind_name": kind_name, "record": record, "locked": locked},
        status=status,
    )


@login_required
@submit_once(replay="applications_home")
def record_add(request, kind: str):
    spec = _kind(kind)
    locked = selectors.records_locked(request.user)
    form = spec.form(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            spec.create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Your {spec.title} is saved. It counts once your coordinator verifies it."
            )
            return redirect("applications_home")
    return _form_page(request, kind=spec, kind_name=kind, form=form, locked=locked)


@login_required
def record_edit(request, kind: str, pk: int):
    spec = _kind(kind)
    record = _own_record(request, spec, pk)
    locked = selectors.records_locked(request.user)
    form = spec.form(request.POST or None, request.FILES or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            spec.update(actor=request.user, record=record, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Your {spec.title} is saved and waits for verification.")
            return redirect("applications_home")
    return _form_page(request, kind=spec, kind_name=kind, form=form, record=record, locked=locked)


@login_required
def record_delete(request, kind: str, pk: int):
    spec = _kind(kind)
    record = _own_record(request, spec, pk)
    error = None
    if request.method == "POST":
        try:
            spec.delete(actor=request.user, record=record)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, f"“{record}” is deleted.")
            return redirect("applications_home")
    return render(
        request,
        "applications/record_delete.html",
        {
            "record": record,
            "kind": spec,
            "kind_name": kind,
            "error": error,
            "locked": selectors.records_locked(request.user),
        },
        status=400 if error else 200,
    )


@login_required
def education_transcript(request, pk: int):
    """The transcript as a download: for the applicant, her supervisor and her coordinators."""
    record = Education.objects.select_related("trainee").filter(pk=pk).first()
    if record is None or not record.transcript:
        raise Http404
    if not user_can_follow_trainee(request.user, record.trainee):
        raise Http404
    extension = record.transcript.name.rsplit(".", 1)[-1]
    return private_file_response(record.transcript, filename=f"transcript-{pk}.{extension}")


@login_required
def agreements(request):
    """The agreements in force, each with a checkbox to accept it."""
    return render(
        request,
        "applications/agreements.html",
        {
            "rows": selectors.agreement_rows(request.user),
            "form": AgreementAcceptForm(),
            "failed_pk": None,
        },
    )


@login_required
@require_POST
@submit_once(replay="applications_agreements")
def agreement_accept(request, pk: int):
    text = get_object_or_404(AgreementText, pk=pk)
    form = AgreementAcceptForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_accept(actor=request.user, text=text)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"You accepted the {text.get_kind_display()} ({text}).")
            return redirect("applications_agreements")
    return render(
        request,
        "applications/agreements.html",
        {"rows": selectors.agreement_rows(request.user), "form": form, "failed_pk": text.pk},
        status=400,
    )


# --- the coordinator's pages --------------------------------------------------------------


def _coordinated_trainee_ids(user) -> set[int] | None:
    """The trainees in this coordinator's cohorts (None: everyone, for a site-wide admin).
    `trainee_ids_followed_by` adds supervisees, who are kept only when also in her cohorts."""
    followed = trainee_ids_followed_by(user)
    if followed is None:
        return None
    supervised = set(
        SupervisionAssignment.objects.current()
        .filter(supervisor=user)
        .values_list("trainee_id", flat=True)
    )
    User = get_user_model()
    doubtful = User.objects.filter(pk__in=followed & supervised)
    return (followed - supervised) | {
        person.pk for person in doubtful if user_coordinates_trainee(user, person)
    }


@login_required
def verification_queue(request):
    """Pending education, work and membership records of the trainees in her cohorts."""
    if not user_can_verify_application_records(request.user):
        raise PermissionDenied
    pending = selectors.records_awaiting_verification(
        trainee_ids=_coordinated_trainee_ids(request.user)
    )
    return render(
        request,
        "applications/verification_queue.html",
        {**pending, "waiting": sum(len(rows) for rows in pending.values())},
    )


def _coordinated_trainee(request, user_id: int):
    trainee = get_user_model().objects.filter(pk=user_id).first()
    if (
        trainee is None
        or trainee.pk == request.user.pk
        or not user_coordinates_trainee(request.user, trainee)
    ):
        raise Http404
    return trainee


@login_required
def applications_of(request, user_id: int):
    """A coordinator's view of one trainee's application records, with verification."""
    trainee = _coordinated_trainee(request, user_id)
    context = selectors.application_hub(trainee)
    return render(
        request, "applications/home.html", {**context, "is_self": False, "trainee": trainee}
    )


@login_required
@submit_once(replay="applications_of")
def exam_record(request, user_id: int):
    trainee = _coordinated_trainee(request, user_id)
    form = ExamResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.exam_result_record(actor=request.user, trainee=trainee, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The exam result of {trainee.display_name} is recorded.")
            return redirect("applications_of", user_id=trainee.pk)
    return render(
        request,
        "applications/exam_form.html",
        {"form": form, "trainee": trainee},
        status=400 if request.method == "POST" else 200,
    )


def _verifiable_record(request, kind: str, pk: int):
    record = _kind(kind).model.objects.select_related("trainee").filter(pk=pk).first()
    if (
        record is None
        or record.trainee_id == request.user.pk
        or not user_coordinates_trainee(request.user, record.trainee)
    ):
        raise Http404
    return record


def _back(request, record):
    if request.POST.get("back") == "of":
        return redirect("applications_of", user_id=record.trainee_id)
    return redirect("applications_verification_queue")


@login_required
@require_POST
def record_verify(request, kind: str, pk: int):
    record = _verifiable_record(request, kind, pk)
    try:
        services.application_record_verify(
            actor=request.user, record=record, seen=_seen(request.POST.get("seen", ""))
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{record}” of {record.trainee.display_name} is verified.")
    return _back(request, record)


def _seen(value: str):
    """The record's last change as the Verify form carried it (None when absent or garbled,
    e.g. a script: then the record is verified as it is)."""
    try:
        return datetime.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def record_return(request, kind: str, pk: int):
    record = _verifiable_record(request, kind, pk)
    form = ReturnRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_record_return(
                actor=request.user, record=record, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"“{record}” was returned to {record.trainee.display_name}.")
            return _back(request, record)
    return render(
        request,
        "applications/record_return.html",
        {
            "form": form,
            "record": record,
            "kind_name": kind,
            "back": request.POST.get("back") or request.GET.get("back", ""),
        },
        status=400 if request.method == "POST" else 200,
    )
