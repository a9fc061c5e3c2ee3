from allauth.account.adapter import DefaultAccountAdapter

from .enums import Role


class AccountAdapter(DefaultAccountAdapter):
    """Attune's one customisation of allauth: new sign-ups start as trainees with a profile."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            from .services import profile_get_or_create, user_grant_role

            user_grant_role(user=user, role=Role.TRAINEE)
            profile_get_or_create(user=user)
        return user
