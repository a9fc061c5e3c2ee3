"""The readiness page (a trainee's own, or one they are followed on), the portfolio and the
application packet."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from training.cohorts.permissions import user_can_follow_trainee, user_coordinates_trainee
from training.core.files import private_file_response
from training.core.submissions import submit_once

from . import selectors
from .enums import ExportStatus
from .models import PacketExport, PortfolioExport
from .packet import packet_request
from .services import portfolio_request


def _visible_trainee(request, user_id: int):
    trainee = get_user_model().objects.select_related("profile").filter(pk=user_id).first()
    if trainee is None or not user_can_follow_trainee(request.user, trainee):
        raise Http404
    return trainee


def _packets(trainee):
    return PacketExport.objects.filter(trainee=trainee).select_related("category")[:5]


def _readiness_context(request, trainee) -> dict:
    # Worded for the reader: "your" to the trainee, her name to a supervisor or coordinator.
    readiness = selectors.readiness_for(trainee=trainee, viewer=request.user)
    evidence = readiness.evidence
    outcomes = selectors.outcome_rows(readiness)
    return {
        "trainee": trainee,
        "is_self": trainee.pk == request.user.pk,
        "readiness": readiness,
        "requirements": selectors.requirement_rows(readiness.report, readiness.voice),
        "renewal_requirements": selectors.requirement_rows(readiness.renewal, readiness.voice),
        "outcomes": outcomes,
        "not_counted": selectors.not_counted_summary(outcomes),
        "grid": selectors.competency_grid(evidence),
        "chart": selectors.hours_chart(evidence, as_of=readiness.as_of),
        "pending_count": evidence.pending_training_count,
    }


@login_required
def readiness_mine(request):
    context = _readiness_context(request, request.user)
    exports = list(PortfolioExport.objects.filter(trainee=request.user)[:5])
    context["latest_export"] = exports[0] if exports else None
    context["earlier_exports"] = exports[1:]
    context["packets"] = _packets(request.user)
    return render(request, "readiness/readiness.html", context)


@login_required
def readiness_of(request, user_id: int):
    trainee = _visible_trainee(request, user_id)
    if trainee.pk == request.user.pk:
        return redirect("readiness")
    context = _readiness_context(request, trainee)
    if user_coordinates_trainee(request.user, trainee):
        # The coordinator sees the same packets the trainee does (her supervisor does not).
        context["packets"] = _packets(trainee)
        context["packet_for"] = trainee
    return render(request, "readiness/readiness.html", context)


@login_required
@require_POST
@submit_once(replay="readiness")
def portfolio_request_view(request):
    portfolio_request(trainee=request.user)
    # Not "refresh in a moment": the build is queued after this request commits and may well be
    # done before the page is back, so the message points at the state the page shows.
    messages.success(request, PORTFOLIO_REQUESTED)
    return redirect(f"{reverse('readiness')}#portfolio-heading")


PORTFOLIO_REQUESTED = "Portfolio requested: its state is shown under “Portfolio”."


@login_required
@require_GET
@never_cache
def portfolio_status(request, pk: int):
    """A portfolio's state and the words the page shows for it, for the page's status poll.
    Only the trainee whose portfolio it is; anyone else 404."""
    export = PortfolioExport.objects.filter(pk=pk, trainee=request.user).first()
    if export is None:
        raise Http404
    html = render_to_string(
        "readiness/includes/portfolio_status.html", {"export": export}, request=request
    )
    return JsonResponse({"status": export.status, "html": html})


@login_required
def portfolio_download(request, pk: int):
    """Only the trainee downloads their own portfolio."""
    export = PortfolioExport.objects.filter(
        pk=pk, trainee=request.user, status=ExportStatus.READY
    ).first()
    if export is None or not export.file:
        raise Http404
    return private_file_response(
        export.file, filename=f"attune-portfolio-{export.created_at:%Y-%m-%d}.zip"
    )


PACKET_PREPARING = (
    "The application packet is being prepared. Refresh this page in a moment to download it."
)


@login_required
@require_POST
@submit_once(replay="readiness")
def packet_request_view(request):
    packet_request(trainee=request.user, actor=request.user)
    messages.success(request, PACKET_PREPARING)
    return redirect("readiness")


@login_required
@require_POST
@submit_once(replay="readiness_of")
def packet_request_for_view(request, user_id: int):
    """A coordinator asks for a fresh packet of a trainee in her cohort."""
    trainee = get_user_model().objects.select_related("profile").filter(pk=user_id).first()
    if trainee is None or not user_coordinates_trainee(request.user, trainee):
        raise Http404
    packet_request(trainee=trainee, actor=request.user)
    messages.success(request, PACKET_PREPARING)
    return redirect("readiness_of", user_id=trainee.pk)


@login_required
def packet_download(request, pk: int):
    """The trainee, and a coordinator of her cohort, download the same file; anyone else 404."""
    export = (
        PacketExport.objects.select_related("trainee")
        .filter(pk=pk, status=ExportStatus.READY)
        .first()
    )
    if export is None or not export.file:
        raise Http404
    if export.trainee_id != request.user.pk and not user_coordinates_trainee(
        request.user, export.trainee
    ):
        raise Http404
    return private_file_response(
        export.file, filename=f"attune-application-packet-{export.created_at:%Y-%m-%d}.zip"
    )
