"""Who gets what from every log URL: the role × view matrix, and nothing leaks when refused."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.auth import sign_in
from tests.factories import SupervisionAssignmentFactory, UserFactory
from training.reflective_logs.enums import AuditAction
from training.reflective_logs.models import LogAuditEvent

from .factories import CANARY, ReflectiveLogFactory

pytestmark = pytest.mark.django_db

OK, FOUND, BAD = HTTPStatus.OK, HTTPStatus.FOUND, HTTPStatus.BAD_REQUEST
CONFLICT, FORBIDDEN, NOT_FOUND = HTTPStatus.CONFLICT, HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND
NOT_ALLOWED = HTTPStatus.METHOD_NOT_ALLOWED
ROLES = ("anonymous", "trainee", "other_trainee", "assigned", "unassigned", "coordinator")

# (name, method, data, expected status per role in ROLES order). The log is submitted.
MATRIX = [
    ("list", "get", None, (FOUND, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    ("create", "get", None, (FOUND, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    ("create", "post", {}, (FOUND, BAD, BAD, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    ("export:csv", "get", None, (FOUND, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    ("export:pdf", "get", None, (FOUND, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    ("detail", "get", None, (FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)),
    ("edit", "get", None, (FOUND, FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)),
    ("edit", "post", {}, (FOUND, FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)),
    (
        "autosave",
        "get",
        None,
        (FOUND, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    ),
    ("autosave", "post", {}, (FOUND, CONFLICT, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)),
    ("check", "get", None, (FOUND, FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)),
    ("check", "post", {}, (FOUND, FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)),
    ("discard", "get", None, (FOUND, FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)),
    ("discard", "post", {}, (FOUND, FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)),
    (
        "addendum_create",
        "post",
        {"body": "x"},
        (FOUND, BAD, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ),
    ("queue", "get", None, (FOUND, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN)),
    ("group_session_create", "get", None, (FOUND, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN)),
    ("review", "get", None, (FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND)),
    (
        "comment",
        "post",
        {"section": "use_of_self", "body": "Say more."},
        (FOUND, NOT_FOUND, NOT_FOUND, FOUND, NOT_FOUND, NOT_FOUND),
    ),
    (
        "return",
        "post",
        {"request": "Please add the baby's view."},
        (FOUND, NOT_FOUND, NOT_FOUND, FOUND, NOT_FOUND, NOT_FOUND),
    ),
    (
        "sign_off",
        "post",
        {"attested": "on"},
        (FOUND, NOT_FOUND, NOT_FOUND, FOUND, NOT_FOUND, NOT_FOUND),
    ),
]
LOG_URLS = {
    "detail",
    "edit",
    "autosave",
    "check",
    "discard",
    "addendum_create",
    "review",
    "comment",
    "return",
    "sign_off",
}


def without_tokens(response) -> str:
    return re.sub(r'value="[^"]{32,}"', "", response.content.decode())


def url_for(name: str, log) -> str:
    if name.startswith("export:"):
        return reverse("reflective_logs:export", args=[name.split(":")[1]])
    if name in LOG_URLS:
        return reverse(f"reflective_logs:{name}", args=[log.pk])
    return reverse(f"reflective_logs:{name}")


@pytest.fixture
def people(trainee, other_trainee, supervisor, coordinator):
    unassigned = UserFactory(supervisor=True, with_mfa=True)
    # Supervises other people, so this is not a question of having no supervisees at all.
    SupervisionAssignmentFactory(supervisor=unassigned, trainee=other_trainee)
    return {
        "anonymous": None,
        "trainee": trainee,
        "other_trainee": other_trainee,
        "assigned": supervisor,
        "unassigned": unassigned,
        "coordinator": coordinator,
    }


@pytest.mark.parametrize(("role_index", "role"), list(enumerate(ROLES)))
@pytest.mark.parametrize(("name", "method", "data", "expected"), MATRIX)
def test_role_by_view_matrix(
    client, people, submitted_log, role_index, role, name, method, data, expected
):
    user = people[role]
    if user is not None:
        sign_in(client, user)
    response = getattr(client, method)(url_for(name, submitted_log), data or {})
    assert response.status_code == expected[role_index], (role, name, method)
    if role not in ("trainee", "assigned"):
        body = response.content.decode(errors="replace")
        assert CANARY not in body
        assert submitted_log.family_story not in body


def test_another_persons_log_gives_the_same_404_as_a_missing_one(login, other_trainee, log):
    client = login(other_trainee)
    theirs = client.get(reverse("reflective_logs:detail", args=[log.pk]))
    missing = client.get(reverse("reflective_logs:detail", args=[log.pk + 1000]))
    assert theirs.status_code == missing.status_code == NOT_FOUND
    assert without_tokens(theirs) == without_tokens(missing)


def test_log_pages_are_never_cached(login, log):
    response = login(log.trainee).get(reverse("reflective_logs:detail", args=[log.pk]))
    assert "no-store" in response["Cache-Control"]


def test_a_supervisor_reading_a_log_leaves_an_audit_event(login, submitted_log):
    login(submitted_log.session.provider).get(
        reverse("reflective_logs:review", args=[submitted_log.pk])
    )
    viewed = LogAuditEvent.objects.filter(log_ref=submitted_log.pk, action=AuditAction.VIEWED)
    assert viewed.get().actor == submitted_log.session.provider


def test_the_trainee_reading_their_own_log_is_not_audited(login, log):
    login(log.trainee).get(reverse("reflective_logs:detail", args=[log.pk]))
    assert not LogAuditEvent.objects.filter(action=AuditAction.VIEWED).exists()


def test_a_supervisor_paired_only_after_the_session_cannot_read_it(login, trainee, supervisor):
    log = ReflectiveLogFactory(
        trainee=trainee, session__provider=supervisor, paired=False, state="submitted"
    )
    SupervisionAssignmentFactory(
        supervisor=supervisor, trainee=trainee, starts_on=log.session.held_on + timedelta(days=1)
    )
    response = login(supervisor).get(reverse("reflective_logs:review", args=[log.pk]))
    assert response.status_code == NOT_FOUND


def test_ending_the_assignment_takes_effect_on_the_next_request(login, submitted_log):
    supervisor = submitted_log.session.provider
    client = login(supervisor)
    url = reverse("reflective_logs:review", args=[submitted_log.pk])
    assert client.get(url).status_code == OK
    supervisor.supervisee_assignments.update(ends_on=timezone.localdate() - timedelta(days=1))
    assert client.get(url).status_code == NOT_FOUND


@pytest.mark.parametrize("name", sorted(LOG_URLS))
def test_an_absurd_log_id_is_a_404_not_a_500(login, trainee, name):
    response = login(trainee).post(url_for(name, type("Log", (), {"pk": 10**20})), {})
    assert response.status_code == NOT_FOUND


def test_an_absurd_group_session_id_is_a_404(login, trainee):
    response = login(trainee).get(reverse("reflective_logs:create") + f"?session={10**20}")
    assert response.status_code == NOT_FOUND


@pytest.mark.parametrize("value", ["²", "١٢", "99999999999", "-1", "1.0", " 1"])
def test_odd_digits_as_a_supervisor_choice_are_refused_politely(login, assignment, value):
    response = login(assignment.trainee).post(
        reverse("reflective_logs:create"), {"provider": value, "competencies": [value]}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
