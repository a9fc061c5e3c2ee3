"""Coordinators stay inside their cohorts, supervisors inside their pairings (issue 13, 5–8).

One world: a target trainee in cohort A (coordinated by A's coordinator), paired with a
supervisor, with a draft, a submitted and a signed log, an external training record and a
pending invitation in the cohort. Two outsiders try everything: a coordinator of another cohort
and a supervisor of another trainee. They walk every routed URL that takes a parameter (ours,
every Wagtail admin viewset and snippet, every Django admin change page), GET and POST, with
the target's ids, and call every cohort-scoped service. Each is refused, no response names
the target or quotes their text, and nothing about the target changes.
"""

import datetime
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from tests.applications.conftest import (
    SECRET_ASSOCIATION,
    SECRET_EMPLOYER,
    SECRET_FIELD,
    a_membership,
    a_position,
    an_education,
)
from tests.auth import sign_in
from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import TrainingRecordFactory
from tests.earlier_rsc.factories import earlier_record
from tests.factories import SupervisionAssignmentFactory, UserFactory
from tests.providers.factories import outside_provider
from tests.reflective_logs.factories import CANARY, ReflectiveLogFactory
from tests.urlwalk import routes
from training.cohorts import exports
from training.cohorts import services as cohort_services
from training.cohorts.models import CohortMembership, Invitation
from training.competencies.models import ProviderQualification
from training.earlier_rsc import services as earlier_services
from training.earlier_rsc.models import EarlierRsc
from training.privacy.services import user_erase
from training.providers import services as provider_services
from training.providers.models import OutsideProvider
from training.records.models import TrainingRecord
from training.reflective_logs import services as log_services
from training.reflective_logs.models import (
    AttendanceSignOff,
    GroupAttendance,
    LogComment,
    ReflectiveLog,
)
from training.users.models import SupervisionAssignment, User

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
TARGET = {"first_name": "Targetina", "last_name": "Leakwell"}
TARGET_EMAIL = "targetina.leakwell@example.org"
INVITEE = "invitee.hidden.person@example.org"
COHORT_NAME = "Cohort Sapphire Heron"
SECRETS = [TARGET["first_name"], TARGET["last_name"], TARGET_EMAIL, INVITEE, COHORT_NAME, CANARY]
SECRETS += [SECRET_FIELD, SECRET_EMPLOYER, SECRET_ASSOCIATION]  # her application records
OUTSIDE_PROVIDER = {"first_name": "Provida", "last_name": "Hiddenfield"}
SECRETS += [OUTSIDE_PROVIDER["last_name"]]  # her outside provider

# Routes that hold the target's cohort data: an outsider must never get a 200 there.
SCOPED_PREFIXES = (
    "cohort_",
    "reflective_logs:",
    "readiness_of",
    "records_training_",
    "earlier_rsc:",
    "applications_",
    "admin:users_",
    "wagtailusers_users:",
    "providers:",
)
# Answers that refuse (or send elsewhere) without serving the page.
REFUSED = {
    HTTPStatus.FOUND,
    HTTPStatus.BAD_REQUEST,
    HTTPStatus.FORBIDDEN,
    HTTPStatus.NOT_FOUND,
    HTTPStatus.METHOD_NOT_ALLOWED,
    HTTPStatus.GONE,
}


class World:
    def __init__(self, home):
        self.home = home
        self.coordinator = UserFactory(coordinator=True, with_mfa=True)
        self.target = UserFactory(trainee=True, email=TARGET_EMAIL, **TARGET)
        self.cohort = CohortFactory(
            name=COHORT_NAME, coordinator=self.coordinator, trainees=[self.target]
        )
        self.supervisor = UserFactory(supervisor=True, with_mfa=True)
        self.assignment = SupervisionAssignmentFactory(
            supervisor=self.supervisor,
            trainee=self.target,
            starts_on=TODAY - datetime.timedelta(days=60),
        )
        logs = {
            state: ReflectiveLogFactory(
                trainee=self.target, session__provider=self.supervisor, paired=False, state=state
            )
            for state in ("draft", "submitted", "signed_off")
        }
        self.draft, self.submitted, self.signed = logs.values()
        # A group session she attended, its attendance signed, with a log of hers on it.
        self.group_session = log_services.session_record_group(
            provider=self.supervisor,
            held_on=TODAY - datetime.timedelta(days=2),
            minutes=60,
            modality="video",
            attendees=[self.target],
            attendee_minutes={self.target.pk: 45},
            sign=True,
            attested=True,
        )
        self.group_log = ReflectiveLogFactory(
            trainee=self.target, session=self.group_session, paired=False, state="signed_off"
        )
        self.record = TrainingRecordFactory(trainee=self.target, pending=True)
        self.earlier = earlier_record(self.target, self.supervisor, state="waiting_coordinator")
        self.applicant_records = [
            make(self.target) for make in (an_education, a_position, a_membership)
        ]
        self.outside_provider = outside_provider(
            self.target, email="provida@elsewhere.example", **OUTSIDE_PROVIDER
        )
        self.invitation = Invitation.objects.create(
            cohort=self.cohort, email=INVITEE, invited_by=self.coordinator
        )
        # The outsiders, each with people of their own.
        self.other_coordinator = UserFactory(coordinator=True, with_mfa=True)
        own_trainee = UserFactory(trainee=True)
        CohortFactory(coordinator=self.other_coordinator, trainees=[own_trainee])
        self.other_supervisor = UserFactory(supervisor=True, with_mfa=True)
        SupervisionAssignmentFactory(supervisor=self.other_supervisor, trainee=own_trainee)

    def values(self, route: str, param: str) -> list[str]:
        """The target's ids for each kind of parameter."""
        logs = [self.draft.pk, self.submitted.pk, self.signed.pk]
        if param == "token":
            return [self.invitation.token]
        if param == "assignment_pk":
            return [str(self.assignment.pk)]
        if param == "session_pk":
            return [str(self.group_session.pk), str(self.draft.session_id)]
        if route.startswith("cohort_"):
            return [str(self.cohort.pk)]
        if route.startswith("reflective_logs:"):
            addenda = list(self.signed.addenda.values_list("pk", flat=True)) or [1]
            return [str(pk) for pk in (addenda if param == "addendum_pk" else logs)]
        if route.startswith("providers:"):
            return [str(self.outside_provider.pk)]
        if route.startswith("records_training_"):
            return [str(self.record.pk)]
        if route.startswith("earlier_rsc:"):
            return [str(self.earlier.pk)]
        if route.startswith("applications_") and param == "pk":
            return [str(record.pk) for record in self.applicant_records]
        if "supervisionassignment" in route:
            return [str(self.assignment.pk)]
        if "profile" in route:
            return [str(self.target.profile.pk)] if hasattr(self.target, "profile") else []
        return [str(self.target.pk)]

    def snapshot(self) -> tuple:
        """Everything an outsider might change about the target."""
        return (
            list(CohortMembership.objects.order_by("pk").values_list("cohort", "trainee")),
            list(
                SupervisionAssignment.objects.order_by("pk").values_list(
                    "pk", "supervisor", "trainee", "starts_on", "ends_on"
                )
            ),
            list(
                ReflectiveLog.objects.filter(trainee=self.target)
                .order_by("pk")
                .values_list("pk", "state", "use_of_self", "version")
            ),
            LogComment.objects.count(),
            list(GroupAttendance.objects.order_by("pk").values_list("pk", "trainee", "minutes")),
            AttendanceSignOff.objects.count(),
            list(Invitation.objects.order_by("pk").values()),
            list(TrainingRecord.objects.filter(trainee=self.target).values_list("pk", "verified")),
            list(
                EarlierRsc.objects.filter(trainee=self.target).values_list(
                    "pk", "state", "hours", "returned_reason"
                )
            ),
            [
                type(r).objects.filter(pk=r.pk).values_list("verified", "rejected_at").first()
                for r in self.applicant_records
            ],
            list(
                User.objects.filter(pk=self.target.pk).values_list(
                    "email", "first_name", "is_active"
                )
            ),
            sorted(self.target.groups.values_list("name", flat=True)),
            list(
                OutsideProvider.objects.order_by("pk").values_list(
                    "pk", "account__email", "endorsement_number", "registry_checked_on"
                )
            ),
            sorted(OutsideProvider.trainees.through.objects.values_list("pk", flat=True)),
            ProviderQualification.objects.count(),
        )

    def form(self, attacker) -> dict:
        """A POST body that would do something on any of the routes, were it allowed."""
        return {
            "ends_on": TODAY.isoformat(),
            "starts_on": TODAY.isoformat(),
            "trainee": self.target.pk,
            "supervisor": attacker.pk,
            "kind": "individual",
            "pair_anyway": "on",
            "rows": f"Someone,{TARGET_EMAIL}",
            "answer": "accept",
            "section": "use_of_self",
            "body": "An outsider's words",
            "request": "Please change it",
            "attested": "on",
            "confirmed": "on",
            "email": TARGET_EMAIL,
            "confirmation": "ERASE",
            "delete_logs_under_review": "on",
            "use_of_self": "Overwritten",
        }


@pytest.fixture
def world(home_page):
    return World(home_page)


def _outsider(world, which):
    return world.other_coordinator if which == "coordinator" else world.other_supervisor


def _leaks(response, *, echoed: str = "") -> list[str]:
    """The secrets a response shows, leaving out text the request itself sent (`echoed`)."""
    body = b"".join(response) if response.streaming else response.content
    text = body.decode(errors="replace")
    if echoed:
        text = text.replace(echoed, "")
    return [secret for secret in SECRETS if secret.lower() in text.lower()]


def _is_admin(name: str) -> bool:
    return (
        name.startswith(("wagtail", "admin:"))
        or ":" in name
        and not name.startswith(("reflective_logs:", "courses:", "earlier_rsc:"))
    )


@pytest.mark.parametrize("which", ["coordinator", "supervisor"])
def test_outsiders_reach_nothing_of_the_target_at_any_url(world, which):
    attacker = _outsider(world, which)
    client = sign_in(Client(), attacker)
    before = world.snapshot()
    walked = [route for route in routes(world.values, limit=3) if route.params]
    assert any(route.name == "cohort_pairing_end" for route in walked)
    assert any(route.name == "cohort_pair" for route in walked)  # the pairing page
    assert any(route.name == "cohort_group_sessions" for route in walked)
    assert any(route.name == "reflective_logs:group_session" for route in walked)
    assert any(route.name.startswith("admin:users_") for route in walked)
    assert any(route.name.startswith("wagtailsnippets_") for route in walked)
    assert any(route.name == "earlier_rsc:verify" for route in walked)
    problems = []
    # Pages without a parameter (dashboards, lists, admin indexes) must not name the target
    # either; signing out is left for last so the rest is seen signed in.
    for route in routes():
        if route.params or "logout" in route.name or route.name == "wagtailadmin_error_test":
            continue
        if leaked := _leaks(client.get(route.path)):
            problems.append(f"GET {route}: shows {leaked}")
    for route in walked:
        methods = ["get"] if _is_admin(route.name) else ["get", "post"]
        for method in methods:
            if method == "post":
                response = client.post(route.path, world.form(attacker))
            else:
                response = client.get(route.path)
            if leaked := _leaks(response, echoed=TARGET_EMAIL if method == "post" else ""):
                problems.append(f"{method.upper()} {route}: shows {leaked}")
            if route.name.startswith(SCOPED_PREFIXES) and response.status_code not in REFUSED:
                problems.append(f"{method.upper()} {route}: answered {response.status_code}")
            if method == "post" and world.snapshot() != before:
                problems.append(f"POST {route}: changed the target's data")
                before = world.snapshot()
    assert not problems, "\n".join(problems)
    assert client.get("/").wsgi_request.user == attacker


@pytest.mark.parametrize("which", ["coordinator", "supervisor"])
def test_outsiders_cannot_erase_or_even_find_the_target(world, which):
    client = sign_in(Client(), _outsider(world, which))
    before = world.snapshot()
    for data in ({"email": TARGET_EMAIL}, world.form(world.other_coordinator)):
        response = client.post("/coordination/erasure/", data)
        assert response.status_code in {HTTPStatus.BAD_REQUEST, HTTPStatus.FORBIDDEN}
        # The form may echo the address the outsider typed; nothing else about the person.
        assert _leaks(response, echoed=TARGET_EMAIL) == []
    assert world.snapshot() == before


def _service_calls(world, actor):
    """Every cohort-scoped service, aimed at the target, as `actor`."""
    from tests.courses.factories import course, course_index

    live = course(course_index(world.home))
    return {
        "cohort_import_csv": lambda: cohort_services.cohort_import_csv(
            cohort=world.cohort, text=f"Someone,{INVITEE}", invited_by=actor
        ),
        "cohort_enrol": lambda: cohort_services.cohort_enrol(
            cohort=world.cohort, course=live, enrolled_by=actor
        ),
        "assignment_create": lambda: cohort_services.assignment_create(
            actor=actor,
            cohort=world.cohort,
            trainee=world.target,
            supervisor=world.other_supervisor,
            starts_on=TODAY,
            pair_anyway=True,
        ),
        "assignment_end": lambda: cohort_services.assignment_end(
            actor=actor, assignment=world.assignment, ends_on=TODAY
        ),
        "cohort_export_csv": lambda: exports.cohort_export_csv(cohort=world.cohort, actor=actor),
        "cohort_export_xlsx": lambda: exports.cohort_export_xlsx(cohort=world.cohort, actor=actor),
        "user_erase": lambda: user_erase(
            user=world.target, actor=actor, delete_logs_under_review=True
        ),
        "outside_provider_add": lambda: provider_services.outside_provider_add(
            trainee=world.target,
            added_by=actor,
            first_name="Planted",
            last_name="Provider",
            email="planted@elsewhere.example",
            category=None,
            vetted=False,
            endorsement_number="X",
            association="Y",
        ),
        "outside_provider_update": lambda: provider_services.outside_provider_update(
            actor=actor,
            provider_id=world.outside_provider.pk,
            first_name="Changed",
            last_name="Name",
            email="changed@elsewhere.example",
            category=None,
            vetted=True,
            endorsement_number="X",
            association="Y",
        ),
        "outside_provider_verify": lambda: provider_services.outside_provider_verify(
            provider_id=world.outside_provider.pk, coordinator=actor, checked_on=TODAY
        ),
        "earlier_rsc_verify": lambda: earlier_services.earlier_rsc_verify(
            record_id=world.earlier.pk, coordinator=actor, checked_on=TODAY
        ),
        "earlier_rsc_return": lambda: earlier_services.earlier_rsc_return(
            record_id=world.earlier.pk, coordinator=actor, reason="Outsider"
        ),
    }


@pytest.mark.parametrize("which", ["coordinator", "supervisor"])
def test_every_cohort_service_refuses_an_outsider(world, which):
    actor = _outsider(world, which)
    before = world.snapshot()
    refused = []
    for name, call in _service_calls(world, actor).items():
        with pytest.raises(PermissionDenied, match=""):
            call()
            pytest.fail(f"{name} did not refuse")
        refused.append(name)
    assert world.snapshot() == before
    assert len(refused) == 12


def test_the_cohorts_own_coordinator_is_not_refused(world):
    """The same calls succeed for the coordinator of the cohort: the refusals are about scope."""
    calls = _service_calls(world, world.coordinator)
    calls["cohort_import_csv"]()
    calls["assignment_end"]()
    calls["outside_provider_verify"]()
    calls["earlier_rsc_verify"]()
    world.earlier.refresh_from_db()
    assert world.earlier.state == "verified"
    world.outside_provider.refresh_from_db()
    assert world.outside_provider.registry_checked_on == TODAY
    world.assignment.refresh_from_db()
    assert world.assignment.ends_on == TODAY
    client = sign_in(Client(), world.coordinator)
    page = client.get(f"/coordination/cohorts/{world.cohort.pk}/")
    assert page.status_code == HTTPStatus.OK
    assert TARGET["last_name"] in page.content.decode()
    # Her cohort's group sessions: hours and status, never the log or the attendee's name.
    page = client.get(f"/coordination/cohorts/{world.cohort.pk}/group-sessions/")
    assert page.status_code == HTTPStatus.OK
    assert f'data-session="{world.group_session.pk}"' in page.content.decode()
    assert set(_leaks(page)) <= {COHORT_NAME}  # her own cohort's name heads the page
    earlier = client.get(f"/coordination/earlier-rsc/{world.earlier.pk}/")
    assert earlier.status_code == HTTPStatus.OK
    assert TARGET["last_name"] in earlier.content.decode()
