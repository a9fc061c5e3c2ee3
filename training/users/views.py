from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import activate_totp as allauth_activate_totp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from .forms import ProfileForm
from .mfa import record_enrolment, user_has_second_factor
from .services import profile_get_or_create, profile_update


@login_required
def profile_edit(request):
    profile = profile_get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, "Your profile is saved.")
        return redirect("profile")
    return render(request, "users/profile_form.html", {"form": form})


def activate_totp(request):
    """allauth's TOTP enrolment; a first authenticator enrolled here counts as this session's
    second factor (the person just entered its code), so they are not signed out at once."""
    first = request.user.is_authenticated and not user_has_second_factor(request.user)
    response = allauth_activate_totp(request)
    if first and request.method == "POST":
        enrolled = Authenticator.objects.filter(
            user_id=request.user.pk, type=Authenticator.Type.TOTP
        ).first()
        if enrolled is not None:
            record_enrolment(request, enrolled)
    return response


def not_routed(request, *args, **kwargs):
    """Password forms Attune does not use answer as if they did not exist."""
    raise Http404
