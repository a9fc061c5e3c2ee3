from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages

from .enums import Role


class AccountAdapter(DefaultAccountAdapter):
    """Attune's one customisation of allauth: new sign-ups start as trainees with a profile."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            from .services import profile_get_or_create, user_grant_role

            user_grant_role(user=user, role=Role.TRAINEE)
            profile_get_or_create(user=user)
            self._accept_invitation(request, user)
        return user

    def _accept_invitation(self, request, user) -> None:
        """A person who arrived through a cohort invitation joins that cohort on sign-up."""
        from training.cohorts.services import INVITATION_SESSION_KEY, invitation_accept

        token = request.session.pop(INVITATION_SESSION_KEY, None) if request else None
        invitation = invitation_accept(token=token, user=user) if token else None
        if invitation is not None:
            messages.success(request, f"You joined {invitation.cohort.name}.")
