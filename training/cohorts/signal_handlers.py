"""Cohorts listen to sign-up: a person who arrived through an invitation joins on sign-up.

The accounts app knows nothing of cohorts; it only signs people up (allauth's signal)."""

from allauth.account.signals import user_signed_up
from django.contrib import messages

from .services import INVITATION_SESSION_KEY, invitation_accept


def _accept_invitation(sender, request, user, **_kwargs) -> None:
    token = request.session.pop(INVITATION_SESSION_KEY, None) if request else None
    invitation = invitation_accept(token=token, user=user) if token else None
    if invitation is not None:
        messages.success(request, f"You joined {invitation.cohort.name}.")


def connect() -> None:
    user_signed_up.connect(_accept_invitation, dispatch_uid="cohorts-accept-invitation")
