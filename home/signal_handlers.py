from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def set_up_site(sender, using=DEFAULT_DB_ALIAS, plan=None, **kwargs) -> None:
    """After a complete `migrate`, the site exists: home page, course catalogue with its review
    workflow, role groups. A deployment that never loads the demo can be authored in at once.

    Only after `migrate` itself (which passes its plan; a test's flush does not) and only once
    every migration is applied (not after a partial migrate to an older state)."""
    if plan is None:
        return
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    from training.users.signal_handlers import sync_role_groups

    from .services import site_setup

    sync_role_groups(sender, using=using, **kwargs)  # the permissions the groups are given
    site_setup()
