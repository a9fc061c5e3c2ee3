from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from training.core.files import private_file_response
from training.core.submissions import submit_once

from . import selectors
from .forms import ExternalTrainingForm, RejectTrainingForm
from .models import TrainingRecord
from .permissions import (
    user_can_verify_training,
    user_can_verify_training_record,
    user_can_view_readiness,
    user_can_view_training_record,
)
from .services import (
    portfolio_request,
    training_record_add_external,
    training_record_reject,
    training_record_verify,
)

PER_PAGE = 50


def _visible_record(request, pk: int) -> TrainingRecord:
    record = TrainingRecord.objects.select_related("trainee").filter(pk=pk).first()
    if record is None or not user_can_view_training_record(request.user, record):
        raise Http404
    return record


def _visible_trainee(request, user_id: int):
    trainee = get_user_model().objects.select_related("profile").filter(pk=user_id).first()
    if trainee is None or not user_can_view_readiness(request.user, trainee):
        raise Http404
    return trainee


@login_required
def training_list(request):
    """A trainee's own training records, verified or not."""
    records = TrainingRecord.objects.for_trainee(request.user).prefetch_related("competencies")
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "competencies/training_list.html", {"page_obj": page})


@login_required
@submit_once(replay="competencies_training_list")
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
            return redirect("competencies_training_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "competencies/training_form.html", {"form": form}, status=status)


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
    records = selectors.records_awaiting_verification(user=request.user)
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "competencies/verification_queue.html",
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
    return redirect("competencies_verification_queue")


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
            return redirect("competencies_verification_queue")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "competencies/training_reject.html",
        {"form": form, "record": record},
        status=status,
    )


def _readiness_context(request, trainee) -> dict:
    rows = selectors.signed_rsc(trainee=trainee)  # read once for readiness, grid and chart
    readiness = selectors.readiness_for(trainee=trainee, rsc_rows=rows)
    return {
        "trainee": trainee,
        "is_self": trainee.pk == request.user.pk,
        "readiness": readiness,
        "requirements": selectors.requirement_rows(readiness.report),
        "renewal_requirements": selectors.requirement_rows(readiness.renewal),
        "grid": selectors.competency_grid(trainee=trainee, rsc_rows=rows),
        "chart": selectors.hours_chart(
            trainee=trainee, category=readiness.category, as_of=timezone.localdate(), rsc_rows=rows
        ),
        "pending_count": TrainingRecord.objects.for_trainee(trainee).pending().count(),
    }


@login_required
def readiness_mine(request):
    context = _readiness_context(request, request.user)
    from .models import PortfolioExport

    context["exports"] = PortfolioExport.objects.filter(trainee=request.user)[:5]
    return render(request, "competencies/readiness.html", context)


@login_required
def readiness_of(request, user_id: int):
    trainee = _visible_trainee(request, user_id)
    if trainee.pk == request.user.pk:
        return redirect("competencies_readiness")
    return render(request, "competencies/readiness.html", _readiness_context(request, trainee))


@login_required
@require_POST
@submit_once(replay="competencies_readiness")
def portfolio_request_view(request):
    portfolio_request(trainee=request.user)
    messages.success(
        request, "Your portfolio is being prepared. Refresh this page in a moment to download it."
    )
    return redirect("competencies_readiness")


@login_required
def portfolio_download(request, pk: int):
    """Only the trainee downloads their own portfolio."""
    from .enums import ExportStatus
    from .models import PortfolioExport

    export = PortfolioExport.objects.filter(
        pk=pk, trainee=request.user, status=ExportStatus.READY
    ).first()
    if export is None or not export.file:
        raise Http404
    return private_file_response(
        export.file, filename=f"attune-portfolio-{export.created_at:%Y-%m-%d}.zip"
    )
