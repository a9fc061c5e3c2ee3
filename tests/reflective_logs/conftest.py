import pytest

from .factories import ReflectiveLogFactory


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
