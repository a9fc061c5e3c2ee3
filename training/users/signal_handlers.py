from django.apps import apps
from django.contrib.auth.management import create_permissions


def sync_role_groups(sender, **kwargs) -> None:
    """After migrate, make sure the role groups exist with their permissions."""
    # post_migrate fires per app; permissions of apps later in the list may not exist yet.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    from .services import role_groups_sync

    role_groups_sync()
