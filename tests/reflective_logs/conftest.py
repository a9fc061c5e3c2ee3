import pytest
from django.db import connection

from training.reflective_logs.locks import locks_install

from .factories import ReflectiveLogFactory


@pytest.fixture(autouse=True)
def _lock_triggers(db):
    """A transactional test elsewhere may have dropped the triggers to flush its tables."""
    locks_install(connection)


@pytest.fixture
def log(trainee, supervisor):
    """A draft by `trainee` about a session with `supervisor`, who is paired with them."""
    return ReflectiveLogFactory(trainee=trainee, session__provider=supervisor)


@pytest.fixture
def submitted_log(trainee, supervisor):
    return ReflectiveLogFactory(trainee=trainee, session__provider=supervisor, state="submitted")


@pytest.fixture
def signed_log(trainee, supervisor):
    return ReflectiveLogFactory(trainee=trainee, session__provider=supervisor, state="signed_off")
