import pytest

from .factories import ReflectiveLogFactory
from .locking import delete_all_log_rows


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


@pytest.fixture
def signed_rows_emptied():
    """For transactional tests that sign: signed rows refuse the flush's DELETE (SQLite) and
    TRUNCATE (PostgreSQL), so they are emptied, triggers lifted, before it."""
    yield
    delete_all_log_rows()
