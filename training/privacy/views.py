from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from training.core.files import private_file_response
from training.core.submissions import submit_once
from training.users.mfa import second_factor_required
from training.users.permissions import user_can_access_cms

from .forms import ErasureConfirmForm, ErasureForm
from .models import DataExport
from .permissions import user_can_download_export
from .services import data_export_request, logs_under_review, user_erase


@login_required
def my_data(request):
    exports = DataExport.objects.filter(user=request.user)[:5]
    return render(request, "privacy/my_data.html", {"exports": exports})


@login_required
@require_POST
@submit_once(replay="privacy_my_data")
def my_data_request(request):
    data_export_request(user=request.user)
    messages.success(request, "We are preparing your data. We will email you when it is ready.")
    return redirect("privacy_my_data")


@login_required
def my_data_download(request, token: str):
    export = DataExport.objects.filter(token=token).first()
    if export is None or not export.archive or not user_can_download_export(request.user, export):
        raise Http404
    return private_file_response(export.archive, filename="attune-data.zip")


@login_required
def erasure(request):
    """Erase a person in two steps: name them, see what goes (logs under review by name),
    then confirm. A second factor from the last five minutes is asked for first."""
    if not user_can_access_cms(request.user):
        raise PermissionDenied
    return _erasure(request)


@second_factor_required
def _erasure(request):
    if request.method != "POST":
        return render(request, "privacy/erasure.html", {"form": ErasureForm(actor=request.user)})
    if "confirmation" not in request.POST:
        form = ErasureForm(request.POST, actor=request.user)
        if not form.is_valid():
            return render(request, "privacy/erasure.html", {"form": form}, status=400)
        return _render_preview(request, form.subject)
    found = ErasureForm(request.POST, actor=request.user)
    if not found.is_valid():
        return render(request, "privacy/erasure.html", {"form": found}, status=400)
    subject = found.subject
    form = _confirm_form(request, subject, data=request.POST)
    if form.is_valid():
        try:
            event = user_erase(
                user=subject,
                actor=request.user,
                delete_logs_under_review=form.cleaned_data.get("delete_logs_under_review", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The account was erased ({event.subject_ref}).")
            return redirect("privacy_erasure")
    return _render_preview(request, subject, form=form, status=400)


def _confirm_form(request, subject, data=None):
    return ErasureConfirmForm(
        data,
        actor=request.user,
        reviewed=logs_under_review(user=subject),
        subject_name=subject.display_name,
        initial={"email": subject.email},
    )


def _render_preview(request, subject, *, form=None, status=200):
    context = {
        "subject": subject,
        "reviewed": logs_under_review(user=subject),
        "form": form or _confirm_form(request, subject),
    }
    return render(request, "privacy/erasure_preview.html", context, status=status)
