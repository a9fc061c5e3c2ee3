from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from training.core.files import private_file_response
from training.core.submissions import submit_once
from training.users.permissions import user_can_access_cms

from .forms import ErasureForm
from .models import DataExport
from .permissions import user_can_download_export, user_can_erase_user
from .services import data_export_request, user_erase


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
    if not user_can_access_cms(request.user):
        raise PermissionDenied
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not user_can_erase_user(request.user, form.subject):
            form.add_error("email", "You cannot erase this account; ask an administrator.")
        else:
            event = user_erase(user=form.subject, actor=request.user)
            messages.success(request, f"The account was erased ({event.subject_ref}).")
            return redirect("privacy_erasure")
    return render(request, "privacy/erasure.html", {"form": form})
