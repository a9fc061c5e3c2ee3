from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

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
    return render(request, "dashboards/no_role.html")


@login_required
def trainee(request):
    if not user_is_trainee(request.user):
        raise PermissionDenied
    context = selectors.trainee_dashboard(user=request.user)
    return render(request, "dashboards/trainee.html", context)


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
