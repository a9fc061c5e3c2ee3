"""For tests that migrate the database back to an older schema, put data in, and migrate on."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets) -> MigrationExecutor:
    """Migrate to `targets` and return an executor whose graph knows the result."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def state_before(latest, targets):
    """The apps of the schema `targets` leave, every other app at its latest migration."""
    moved = {app for app, _name in targets}
    nodes = [n for n in latest if n[0] not in moved] + [t for t in targets if t[1]]
    return migrate(targets).loader.project_state(nodes).apps


@pytest.fixture
def latest_migrations(transactional_db):
    """The latest migrations; the schema is put back there whatever the test did."""
    nodes = MigrationExecutor(connection).loader.graph.leaf_nodes()
    yield nodes
    migrate(nodes)
