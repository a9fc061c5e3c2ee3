"""A trainee's training records, and the verification queue of supervisors and coordinators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from training.cohorts.permissions import (
    trainee_ids_followed_by,
    user_can_follow_trainee,
    user_coordinates_trainee,
)
from training.core.files import private_file_response
from training.core.submissions import submit_once
from training.users.permissions import user_supervises

from . import selectors
from .forms import ExternalTrainingForm, RejectTrainingForm
from .models import TrainingRecord
from .permissions import record_needs_a_verifier, user_can_verify_training
from .services import training_record_add_external, training_record_reject, training_record_verify

PER_PAGE = 50


def user_can_verify_training_record(user, record) -> bool:
    """A trainee's supervisor or cohort coordinator verifies their external training, never
    the trainee themselves."""
    return record_needs_a_verifier(user, record) and (
        user_supervises(user, record.trainee) or user_coordinates_trainee(user, record.trainee)
    )


def _visible_record(request, pk: int) -> TrainingRecord:
    record = TrainingRecord.objects.select_related("trainee").filter(pk=pk).first()
    if record is None or not user_can_follow_trainee(request.user, record.trainee):
        raise Http404
    return record


@login_required
def training_list(request):
    """A trainee's own training records, verified or not."""
    records = TrainingRecord.objects.for_trainee(request.user).prefetch_related("competencies")
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "records/training_list.html", {"page_obj": page})


@login_required
@submit_once(replay="records_training_list")
def training_add(request):
    form = ExternalTrainingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["competencies"] = list(data.get("competencies") or [])
        try:
            training_record_add_external(trainee=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "Your training is recorded. It counts once your supervisor verifies it."
            )
            return redirect("records_training_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "records/training_form.html", {"form": form}, status=status)


@login_required
def training_certificate(request, pk: int):
    """The certificate as a download, only for people who may see the record."""
    record = _visible_record(request, pk)
    if not record.certificate:
        raise Http404
    extension = record.certificate.name.rsplit(".", 1)[-1]
    return private_file_response(record.certificate, filename=f"certificate-{pk}.{extension}")


@login_required
def verification_queue(request):
    if not user_can_verify_training(request.user):
        raise PermissionDenied
    records = selectors.records_awaiting_verification(
        trainee_ids=trainee_ids_followed_by(request.user)
    )
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "records/verification_queue.html",
        {"page_obj": page, "reject_form": RejectTrainingForm()},
    )


def _verifiable_record(request, pk: int) -> TrainingRecord:
    record = TrainingRecord.objects.select_related("trainee").filter(pk=pk).first()
    if record is None or not user_can_verify_training_record(request.user, record):
        raise Http404
    return record


@login_required
@require_POST
def training_verify(request, pk: int):
    record = _verifiable_record(request, pk)
    training_record_verify(record=record, verifier=request.user)
    messages.success(request, f"“{record.title}” is verified; its hours now count.")
    return redirect("records_verification_queue")


@login_required
def training_reject(request, pk: int):
    record = _verifiable_record(request, pk)
    form = RejectTrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            training_record_reject(
                record=record, verifier=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"“{record.title}” was returned to the trainee.")
            return redirect("records_verification_queue")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "records/training_reject.html",
        {"form": form, "record": record},
        status=status,
    )
