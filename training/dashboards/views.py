from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from training.applications.workflow import application_start, open_application_for
from training.core.submissions import submit_once
from training.providers.selectors import is_outside_provider
from training.users.models import Profile
from training.users.permissions import (
    user_can_access_cms,
    user_is_coordinator,
    user_is_supervisor,
    user_is_trainee,
)

from . import selectors


@login_required
def dashboard(request):
    """Send a person to the dashboard of their first role."""
    user = request.user
    if user_is_trainee(user):
        return redirect("dashboard_trainee")
    if user_is_supervisor(user):
        return redirect("dashboard_supervisor")
    if user_is_coordinator(user) or user_can_access_cms(user):
        return redirect("dashboard_coordinator")
    if is_outside_provider(user):
        # An outside provider who set a password: what they signed is what they came for.
        return redirect("reflective_logs:signed_by_me")
    return render(request, "dashboards/no_role.html")


@login_required
def trainee(request):
    if not user_is_trainee(request.user):
        raise PermissionDenied
    context = selectors.trainee_dashboard(user=request.user)
    return render(request, "dashboards/trainee.html", context)


@login_required
@require_POST
@submit_once(replay="dashboard_trainee")
def trainee_application_start(request):
    """The trainee opens her application for her target endorsement (or finds her open one)."""
    if not user_is_trainee(request.user):
        raise PermissionDenied
    profile = Profile.objects.filter(user=request.user).select_related("target_category").first()
    target = profile.target_category if profile else None
    if target is None:
        messages.error(request, "Choose the endorsement you are working toward first.")
        return redirect("dashboard_trainee")
    if open_application_for(request.user) is not None:
        messages.info(request, "You already have an open application.")
    else:
        application_start(actor=request.user, trainee=request.user, category=target)
        messages.success(request, f"Your {target.code} application is started.")
    return redirect("dashboard_trainee")


@login_required
def supervisor(request):
    if not user_is_supervisor(request.user):
        raise PermissionDenied
    context = selectors.supervisor_dashboard(user=request.user)
    return render(request, "dashboards/supervisor.html", context)


@login_required
def coordinator(request):
    if not user_can_access_cms(request.user):
        raise PermissionDenied
    context = selectors.coordinator_dashboard(user=request.user)
    return render(request, "dashboards/coordinator.html", context)
