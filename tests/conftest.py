import pytest
from django.core.cache import cache

from home.services import site_ensure_home_page
from tests.auth import sign_in
from tests.factories import SupervisionAssignmentFactory, UserFactory
from tests.migrating import latest_migrations  # noqa: F401  (a fixture for migration tests)


@pytest.fixture(scope="session", autouse=True)
def _s3_server():
    """The PostgreSQL leg stores files in a bucket on a local S3-compatible server."""
    from tests import s3server

    if not s3server.wanted():
        yield None
        return
    server = s3server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and TOTP replay checks live in the cache; no test inherits another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    return site_ensure_home_page()


@pytest.fixture
def trainee(db):
    return UserFactory(trainee=True)


@pytest.fixture
def other_trainee(db):
    return UserFactory(trainee=True)


@pytest.fixture
def supervisor(db):
    return UserFactory(supervisor=True, with_mfa=True)


@pytest.fixture
def coordinator(db):
    return UserFactory(coordinator=True, with_mfa=True)


@pytest.fixture
def assignment(supervisor, trainee):
    return SupervisionAssignmentFactory(supervisor=supervisor, trainee=trainee)


@pytest.fixture
def login(client):
    """Sign a person in with a session (the MFA stage is covered by its own tests)."""

    def _login(user):
        sign_in(client, user)
        return client

    return _login


_FUZZ_COUNTS: list[str] = []


@pytest.fixture
def fuzz_counter() -> list[str]:
    """Collects one entry per generated input, so the run can report how many it posted."""
    return _FUZZ_COUNTS


def pytest_terminal_summary(terminalreporter):
    if _FUZZ_COUNTS:
        forms = len(set(_FUZZ_COUNTS))
        terminalreporter.write_line(
            f"hypothesis: posted {len(_FUZZ_COUNTS)} generated inputs to {forms} forms"
        )


@pytest.fixture(autouse=True)
def _signed_rows_emptied_before_the_flush(request):
    """A transactional test's flush cannot empty signed records (SQLite's DELETE and
    PostgreSQL's TRUNCATE are refused while they exist), and one failed flush leaves them for
    every later test. So after each `django_db(transaction=True)` test the log tables are
    emptied with the locks lifted, before pytest-django flushes."""
    yield
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or "transactional_db" in marker.args):
        from tests.reflective_logs.locking import delete_all_log_rows

        delete_all_log_rows()
