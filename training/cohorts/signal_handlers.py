"""How cohorts plug into the floors below without being imported by them: a person who
arrived through an invitation joins on sign-up (allauth's signal), and a coordinator is
responsible for her cohorts' trainees (users.responsibility, which erasure asks)."""

from allauth.account.signals import user_signed_up
from django.contrib import messages

from training.users import responsibility

from .permissions import user_coordinates_trainee
from .services import INVITATION_SESSION_KEY, invitation_accept


def _accept_invitation(sender, request, user, **_kwargs) -> None:
    token = request.session.pop(INVITATION_SESSION_KEY, None) if request else None
    invitation = invitation_accept(token=token, user=user) if token else None
    if invitation is not None:
        messages.success(request, f"You joined {invitation.cohort.name}.")


def connect() -> None:
    user_signed_up.connect(_accept_invitation, dispatch_uid="cohorts-accept-invitation")
    # A coordinator is responsible for the trainees of her cohorts (erasure asks this).
    responsibility.register(user_coordinates_trainee)
