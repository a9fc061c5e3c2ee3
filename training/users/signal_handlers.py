from django.apps import apps
from django.contrib.auth.management import create_permissions

from .sessions import sessions_end


def sync_role_groups(sender, **kwargs) -> None:
    """After migrate, make sure the role groups exist with their permissions."""
    # post_migrate fires per app; permissions of apps later in the list may not exist yet.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    from .services import role_groups_sync

    role_groups_sync()


def end_other_sessions(sender, request=None, user=None, **kwargs) -> None:
    """A changed password or second factor signs the person out everywhere else."""
    user = user or getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    current = request.session.session_key if request is not None else None
    sessions_end(user=user, keep_session_key=current)


def end_sessions_of_deactivated_user(sender, instance, created=False, **kwargs) -> None:
    if not created and not instance.is_active:
        sessions_end(user=instance)
