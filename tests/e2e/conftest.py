"""Browser tests: Debian's Chromium driven by Playwright against the live test server."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from home.services import site_ensure_home_page
from tests.auth import sign_in
from training.users.services import role_groups_sync

# Playwright's sync API runs an event loop in this thread; Django must still allow the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("ATTUNE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _missing_tools() -> str | None:
    if not Path(CHROMIUM).exists():
        return "Debian's chromium is not installed (make test installs it with apt where it can)"
    if not AXE.exists():
        return "axe-core is not installed (npm install)"
    return None


def pytest_collection_modifyitems(config, items):
    # A test outside e2e/ that names an argument `page` gets Playwright's browser parameters,
    # and Playwright's ordering then runs the live-server tests (whose flush empties the seeded
    # categories) before the database tests that need them.
    e2e = str(ROOT / "tests" / "e2e")
    misplaced = [
        item.nodeid
        for item in items
        if "page" in getattr(item, "fixturenames", ()) and not str(item.fspath).startswith(e2e)
    ]
    if misplaced:
        raise pytest.UsageError(
            "Only browser tests may take `page` (rename the argument): " + ", ".join(misplaced)
        )
    reason = _missing_tools()
    if reason is None:
        return
    browser_tests = [
        item
        for item in items
        if "e2e" in item.keywords or str(item.fspath).startswith(str(ROOT / "tests" / "e2e"))
    ]
    if browser_tests and os.environ.get("CI") == "true":
        # Under CI a missing browser is a broken machine, not a reason to pass: the run stops
        # at collection (tests/architecture/test_browser_guard.py proves it).
        raise pytest.UsageError(f"Browser tests cannot be skipped in CI: {reason}")
    for item in browser_tests:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The CSP stays enforced, so a violation in any page fails the test (see below).
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(autouse=True)
def _no_csp_violations(request):
    """Every browser test fails if a page reports a Content-Security-Policy violation."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    errors: list[str] = []
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )
    yield
    violations = [e for e in errors if "Content Security Policy" in e or "Refused to" in e]
    assert violations == [], violations


@pytest.fixture
def site(live_server, transactional_db):
    """Live-server tests flush the tables; put back the home page and role permissions."""
    home = site_ensure_home_page()
    role_groups_sync()
    return home


@pytest.fixture
def categories(site):
    """Live-server tests flush the tables, seeded categories included: put them back."""
    from tests.competencies.factories import seed_categories
    from training.competencies.demo import seed_framework

    seed_categories()
    seed_framework()


@pytest.fixture
def locked_site(site):
    """A site whose test signs logs: signed rows are locked, so empty them before the flush."""
    from tests.reflective_logs.locking import delete_all_log_rows

    yield site
    delete_all_log_rows()


@pytest.fixture
def mail_dir(settings, tmp_path):
    """Emails go to files, as in the test settings, so a test can open the link a person gets."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "emails"
    return settings.EMAIL_FILE_PATH


@pytest.fixture
def sign_in_as(page, live_server):
    """Put a server-side session for `user` into the browser (MFA is covered elsewhere)."""

    def _sign_in(user):
        client = Client()
        sign_in(client, user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
        return page

    return _sign_in


def axe_violations(any_page) -> list[dict]:
    """Run axe on a page (of any browser context) and return its serious and critical
    violations."""
    # Evaluated through the DevTools protocol, so the page's CSP does not block it.
    any_page.evaluate(AXE.read_text())
    result = any_page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def axe(page):
    """Run axe on the current page and return its serious and critical violations."""
    return lambda: axe_violations(page)
