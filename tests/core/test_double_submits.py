"""Every create-type form a person can double-click takes effect once.

Each form is read out of its rendered page (with the one-time key it carries) and posted twice,
as a double click or a resent POST does; then again without the key (an old page, a script).
The concurrent versions (twenty at once) run on PostgreSQL in test_double_submits_parallel.py.
"""

import datetime
import itertools
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.applications.factories import agreement_text
from tests.auth import sign_in
from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import category
from tests.courses.factories import course, course_index, module
from tests.earlier_rsc.factories import earlier_record
from tests.factories import ProfileFactory, SupervisionAssignmentFactory, UserFactory
from tests.pageforms import form_data
from tests.references.factories import make_request
from tests.reflective_logs.factories import ReflectiveLogFactory
from training.applications.enums import AgreementKind
from training.applications.models import (
    AgreementAcceptance,
    Application,
    ApplicationEvent,
    Education,
    ExamResult,
    Membership,
    WorkExperience,
)
from training.applications.selectors import agreements_in_force
from training.cohorts.models import Cohort, Invitation
from training.core.submissions import FIELD
from training.courses.models import Enrolment
from training.earlier_rsc.models import EarlierRsc
from training.notifications.models import OutboxMessage
from training.privacy.models import DataExport, PrivacyAuditEvent
from training.providers.models import ProviderLink
from training.readiness.models import PacketExport, PortfolioExport
from training.records.models import TrainingRecord
from training.references.models import ReferenceRequest
from training.reflective_logs.models import (
    Addendum,
    LogAuditEvent,
    LogComment,
    ReflectiveLog,
    SupervisionSession,
)
from training.users.models import SupervisionAssignment

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)
_numbers = itertools.count(1)


@dataclass
class Case:
    user: Any
    page: str
    action: str
    count: Any  # () -> int, the effect that must happen once
    changes: dict[str, str] = field(default_factory=dict)
    staff: bool = False
    # Where a repeat goes when the first answer was a page, not a redirect.
    replay_to: str | None = None


def _replayed_to(case: Case, first) -> str:
    return first["Location"] if first.status_code == 302 else case.replay_to


def _training_add():
    trainee = UserFactory(trainee=True)
    url = reverse("records_training_add")
    changes = {
        "title": "Circle of Security",
        "sponsor": "Regional IECMH network",
        "completed_on": YESTERDAY.isoformat(),
        "hours": "6.5",
    }
    return Case(trainee, url, url, TrainingRecord.objects.count, changes)


def _portfolio_request():
    trainee = UserFactory(trainee=True)
    return Case(
        trainee,
        reverse("readiness"),
        reverse("readiness_portfolio_request"),
        PortfolioExport.objects.count,
    )


def _packet_request():
    trainee = UserFactory(trainee=True)
    return Case(
        trainee,
        reverse("readiness"),
        reverse("readiness_packet_request"),
        PacketExport.objects.count,
    )


def _packet_request_for():
    trainee = UserFactory(trainee=True)
    coordinator = CohortFactory(trainees=[trainee]).coordinators.get()
    page = reverse("readiness_of", args=[trainee.pk])
    action = reverse("readiness_packet_request_for", args=[trainee.pk])
    return Case(coordinator, page, action, PacketExport.objects.count, staff=True)


def _data_export():
    person = UserFactory(trainee=True)
    return Case(
        person,
        reverse("privacy_my_data"),
        reverse("privacy_my_data_request"),
        lambda: DataExport.objects.count() + OutboxMessage.objects.count(),
    )


def _cohort_create():
    coordinator = UserFactory(coordinator=True, with_mfa=True)
    url = reverse("cohort_list")
    return Case(coordinator, url, url, Cohort.objects.count, {"name": "Spring 2027"}, staff=True)


def _cohort_invite():
    cohort = CohortFactory()
    return Case(
        cohort.coordinators.first(),
        reverse("cohort_detail", args=[cohort.pk]),
        reverse("cohort_invite", args=[cohort.pk]),
        lambda: Invitation.objects.count() + OutboxMessage.objects.count(),
        {"rows": "Ana Silva, ana.silva@example.org"},
        staff=True,
        replay_to=reverse("cohort_detail", args=[cohort.pk]),
    )


def _cohort_pair():
    trainee = UserFactory(trainee=True)
    cohort = CohortFactory(trainees=[trainee])
    supervisor = UserFactory(supervisor=True, with_mfa=True)
    return Case(
        cohort.coordinators.first(),
        reverse("cohort_pair", args=[cohort.pk]),
        reverse("cohort_pair", args=[cohort.pk]),
        SupervisionAssignment.objects.count,
        {
            "trainee": str(trainee.pk),
            "supervisor": str(supervisor.pk),
            "starts_on": YESTERDAY.isoformat(),
            "pair_anyway": "on",
        },
        staff=True,
    )


def _cohort_pairing_end():
    trainee = UserFactory(trainee=True)
    cohort = CohortFactory(trainees=[trainee])
    pairing = SupervisionAssignmentFactory(
        trainee=trainee, starts_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    return Case(
        cohort.coordinators.first(),
        reverse("cohort_detail", args=[cohort.pk]),
        reverse("cohort_pairing_end", args=[cohort.pk, pairing.pk]),
        PrivacyAuditEvent.objects.filter(action="assignment_end").count,
        staff=True,
    )


def _cohort_enrol():
    from home.services import site_ensure_home_page

    title = f"Attachment basics {next(_numbers)}"
    published = course(course_index(site_ensure_home_page()), title=title)
    cohort = CohortFactory(trainees=[UserFactory(trainee=True)])
    return Case(
        cohort.coordinators.first(),
        reverse("cohort_detail", args=[cohort.pk]),
        reverse("cohort_enrol", args=[cohort.pk]),
        PrivacyAuditEvent.objects.filter(action="cohort_enrol").count,
        {"course": str(published.pk)},
        staff=True,
    )


def _course_enrol():
    from home.services import site_ensure_home_page

    title = f"Attachment basics {next(_numbers)}"
    published = course(course_index(site_ensure_home_page()), title=title)
    module(published, title="First steps")
    trainee = UserFactory(trainee=True)
    return Case(
        trainee,
        published.url,
        reverse("courses:enrol", args=[published.pk]),
        lambda: Enrolment.objects.count() + PrivacyAuditEvent.objects.count(),
    )


def _log_create():
    assignment = SupervisionAssignmentFactory(
        starts_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    url = reverse("reflective_logs:create")
    changes = {
        "held_on": YESTERDAY.isoformat(),
        "minutes": "60",
        "family_story": "The parent (M) talked about nights.",
    }
    return Case(assignment.trainee, url, url, ReflectiveLog.objects.count, changes)


def _log_discard():
    log = ReflectiveLogFactory()
    return Case(
        log.trainee,
        reverse("reflective_logs:discard", args=[log.pk]),
        reverse("reflective_logs:discard", args=[log.pk]),
        LogAuditEvent.objects.filter(action="discarded").count,
    )


def _addendum():
    log = ReflectiveLogFactory(state="signed_off")
    return Case(
        log.trainee,
        reverse("reflective_logs:detail", args=[log.pk]),
        reverse("reflective_logs:addendum_create", args=[log.pk]),
        lambda: Addendum.objects.count() + OutboxMessage.objects.count(),
        {"body": "The session was 50 minutes, not 60."},
    )


def _comment():
    log = ReflectiveLogFactory(state="submitted")
    return Case(
        log.session.provider,
        reverse("reflective_logs:review", args=[log.pk]),
        reverse("reflective_logs:comment", args=[log.pk]),
        LogComment.objects.count,
        {"section": "use_of_self", "body": "What did you notice first?"},
        staff=True,
    )


def _group_session():
    assignment = SupervisionAssignmentFactory(
        starts_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    url = reverse("reflective_logs:group_session_create")
    return Case(
        assignment.supervisor,
        url,
        url,
        SupervisionSession.objects.count,
        {
            "held_on": YESTERDAY.isoformat(),
            "minutes": "90",
            "attendees": str(assignment.trainee.pk),
        },
        staff=True,
    )


def _reference_invite():
    trainee = UserFactory(trainee=True)
    url = reverse("references_invite")
    changes = {
        "rater_name": "Dana Whitfield",
        "rater_email": "dana@agency.example",
        "role": "colleague",
    }
    return Case(
        trainee,
        url,
        url,
        lambda: ReferenceRequest.objects.count() + OutboxMessage.objects.count(),
        changes,
    )


def _reference_resend():
    request, _token = make_request()
    return Case(
        request.trainee,
        reverse("references_list"),
        reverse("references_resend", args=[request.pk]),
        OutboxMessage.objects.count,
    )


def _provider_link_resend():
    from tests.providers.factories import outside_provider
    from tests.reflective_logs.factories import ReflectiveLogFactory
    from training.providers.models import ProviderLink
    from training.reflective_logs.services import log_submit

    trainee = UserFactory(trainee=True)
    log = ReflectiveLogFactory(trainee=trainee, session__provider=outside_provider(trainee).account)
    log_submit(log_id=log.pk, trainee=trainee, deid_confirmed=True)
    return Case(
        trainee,
        reverse("reflective_logs:detail", args=[log.pk]),
        reverse("reflective_logs:provider_link_change", args=[log.pk, "resend"]),
        ProviderLink.objects.count,
    )


_provider_numbers = itertools.count(1)


def _provider_add():
    from training.providers.models import OutsideProvider

    return Case(
        UserFactory(trainee=True),
        reverse("providers:add"),
        reverse("providers:add"),
        OutsideProvider.objects.count,
        {
            "first_name": "Ada",
            "last_name": "Provider",
            # Each case its own provider: one email is one outside provider, so a second
            # case with the same address would (rightly) add nothing.
            "email": f"ada.provider.{next(_provider_numbers)}@elsewhere.example",
            "category": str(category("IMHM-C").pk),
            "endorsement_number": "N-1",
            "association": "Assoc",
        },
    )


def _provider_verify():
    from tests.providers.factories import outside_provider
    from training.competencies.models import ProviderQualification

    coordinator = UserFactory(coordinator=True, with_mfa=True)
    trainee = UserFactory(trainee=True)
    CohortFactory(coordinator=coordinator, trainees=[trainee])
    url = reverse("providers:verify", args=[outside_provider(trainee).pk])
    changes = {"checked_on": YESTERDAY.isoformat(), "confirmed": "on"}
    return Case(coordinator, url, url, ProviderQualification.objects.count, changes, staff=True)


def _application_record_add(kind, model, changes):
    def make():
        url = reverse(f"applications_{kind}_add")
        return Case(UserFactory(trainee=True), url, url, model.objects.count, changes)

    return make


def _agreement_accept():
    text = (agreements_in_force() or [agreement_text(AgreementKind.CODE_OF_ETHICS)])[0]
    return Case(
        UserFactory(trainee=True),
        reverse("applications_agreements"),
        reverse("applications_agreement_accept", args=[text.pk]),
        AgreementAcceptance.objects.count,
        {"accept": "on"},
    )


def _exam_record():
    coordinator = UserFactory(coordinator=True, with_mfa=True)
    trainee = UserFactory(trainee=True)
    CohortFactory(coordinator=coordinator, trainees=[trainee])
    url = reverse("applications_exam_record", args=[trainee.pk])
    changes = {
        "category": str(category("IMHS").pk),
        "taken_on": YESTERDAY.isoformat(),
        "passed": "yes",
    }
    return Case(coordinator, url, url, ExamResult.objects.count, changes, staff=True)


def _application_start_by_coordinator():
    trainee = UserFactory(trainee=True)
    cohort = CohortFactory(trainees=[trainee])
    url = reverse("cohort_application", args=[cohort.pk, trainee.pk])
    return Case(
        cohort.coordinators.first(),
        url,
        url,
        ApplicationEvent.objects.count,
        {"start-category": str(category("IFA").pk)},
        staff=True,
    )


def _application_start_by_trainee():
    trainee = UserFactory(trainee=True)
    ProfileFactory(user=trainee, target_category=category("IFA"))
    return Case(
        trainee,
        reverse("dashboard_trainee"),
        reverse("dashboard_application_start"),
        Application.objects.count,
    )


def _earlier_trainee():
    trainee = UserFactory(trainee=True)
    supervisor = UserFactory(supervisor=True)
    SupervisionAssignmentFactory(supervisor=supervisor, trainee=trainee)
    return trainee, supervisor


def _earlier_add():
    trainee, supervisor = _earlier_trainee()
    url = reverse("earlier_rsc:add")
    changes = {
        "provider": str(supervisor.pk),
        "starts_on": (YESTERDAY - datetime.timedelta(days=30)).isoformat(),
        "ends_on": YESTERDAY.isoformat(),
        "format": "individual",
        "hours": "12",
        "population": "0_3",
    }
    return Case(trainee, url, url, EarlierRsc.objects.count, changes)


def _earlier_ask():
    trainee, supervisor = _earlier_trainee()
    record = earlier_record(trainee, supervisor)
    return Case(
        trainee,
        reverse("earlier_rsc:list"),
        reverse("earlier_rsc:ask", args=[record.pk]),
        ProviderLink.objects.count,
    )


# Every view decorated with @submit_once, and how to reach its form.
CASES = {
    "earlier_rsc:add": _earlier_add,
    "earlier_rsc:ask": _earlier_ask,
    "records_training_add": _training_add,
    "readiness_portfolio_request": _portfolio_request,
    "readiness_packet_request": _packet_request,
    "readiness_packet_request_for": _packet_request_for,
    "privacy_my_data_request": _data_export,
    "cohort_list": _cohort_create,
    "cohort_invite": _cohort_invite,
    "cohort_pair": _cohort_pair,
    "cohort_pairing_end": _cohort_pairing_end,
    "cohort_enrol": _cohort_enrol,
    "courses:enrol": _course_enrol,
    "reflective_logs:create": _log_create,
    "reflective_logs:discard": _log_discard,
    "reflective_logs:addendum_create": _addendum,
    "reflective_logs:comment": _comment,
    "reflective_logs:group_session_create": _group_session,
    "references_invite": _reference_invite,
    "references_resend": _reference_resend,
    "reflective_logs:provider_link_change": _provider_link_resend,
    "providers:add": _provider_add,
    "providers:verify": _provider_verify,
    "applications_education_add": _application_record_add(
        "education",
        Education,
        {
            "level": "bachelor",
            "field": "Child development",
            "institution": "Lakeside",
            "completed_on": "2015-06-01",
        },
    ),
    "applications_work_add": _application_record_add(
        "work",
        WorkExperience,
        {
            "position": "Home visitor",
            "employer": "Bright Start",
            "starts_on": "2019-01-01",
            "hours_per_week": "40",
            "families_served": "12",
            "age_group": "both",
            "duties": "Visits.",
            "supervisor_name": "Robin",
            "supervisor_email": "r@example.org",
        },
    ),
    "applications_membership_add": _application_record_add(
        "membership",
        Membership,
        {"association": "Lakeside AIMH", "number": "L-1", "expires_on": "2030-01-01"},
    ),
    "applications_agreement_accept": _agreement_accept,
    "applications_exam_record": _exam_record,
    "cohort_application": _application_start_by_coordinator,
    "dashboard_application_start": _application_start_by_trainee,
}

# Our views that accept POST but are not "create one more": why a repeat is harmless.
NOT_CREATE = {
    "profile": "edits the person's own profile; the same values twice are the same values",
    "mfa_activate_totp": "allauth refuses a second authenticator of the same type",
    "privacy_erasure": "a second erasure finds no such account and says so",
    "cohort_invitation": "accepting twice joins once (membership is unique)",
    "reflective_logs:edit": "an update guarded by the log's version (a stale tab gets 409)",
    "reflective_logs:autosave": "an update guarded by the log's version",
    "reflective_logs:check": "moves a draft to submitted once; the repeat finds it submitted",
    "reflective_logs:return": "moves a submitted log once; its email is keyed by log and version",
    "reflective_logs:sign_off": "signing twice signs once (locked row, one email by key)",
    "reflective_logs:addendum_sign": "signing a signed correction is refused",
    "reflective_logs:provider_review": "an outside provider signs or returns through the link "
    "once (it is used up); the same comment sent twice is added once",
    "providers:edit": "a correction of the provider's details; the same values twice change "
    "nothing",
    "providers:remove": "removing twice finds the provider off her list (404)",
    "reflective_logs:group_session_sign": "signing signed attendance finds it signed (locked "
    "session row, one sign-off per session, one email per attendee by key)",
    "records_training_verify": "verifying twice changes nothing",
    "records_training_reject": "sets the reason on the record; a repeat writes the same",
    "courses:check_submit": "each answer to a knowledge check is its own attempt",
    "courses:reflection_save": "an upsert of the one answer per prompt",
    "courses:module_read": "records a visit (an update) and completes at most once "
    "(tests/courses/test_no_writes_on_get.py)",
    "courses_admin_module_move": "places a module before or after a named sibling; a repeat "
    "finds it there and moves nothing",
    "references_revoke": "withdrawing twice withdraws once (the first time is kept)",
    "references_rate": "the link works once: a repeat finds the rating completed and says so",
    "earlier_rsc:edit": "an update of the trainee's own draft; the same values twice are the same",
    "earlier_rsc:upload": "sends the record to a coordinator once; a repeat is refused with a "
    "message (it is no longer hers to send)",
    "earlier_rsc:verify": "verifying locks the record; a repeat is refused (no longer waiting)",
    "earlier_rsc:return": "returning once; a repeat is refused (no longer waiting)",
    "earlier_rsc:attest": "the provider's link works once: a repeat finds it used and says so",
    "notifications:open": "marks one's own item read (a read item stays read) and redirects",
    "notifications:mark_read": "marking a read item read changes nothing",
    "notifications:mark_all_read": "a repeat finds nothing unread",
    "notifications:settings": "saves the person's own email choices; the same boxes twice are "
    "the same choices",
    **{
        f"applications_{kind}_{action}": why
        for kind in ("education", "work", "membership")
        for action, why in (
            (
                "edit",
                "an update of the applicant's own record; the same values twice change nothing",
            ),
            ("delete", "deleting twice finds nothing to delete the second time (404)"),
            ("verify", "verifying twice changes nothing"),
            ("return", "returning a returned record changes nothing"),
        )
    },
}


def _our_views():
    def walk(resolver, namespaces=()):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
                yield from walk(entry, ns)
            elif isinstance(entry, URLPattern) and entry.name:
                yield ":".join((*namespaces, entry.name)), entry.callback

    for name, view in walk(get_resolver()):
        module_name = getattr(view, "__module__", "")
        if module_name.startswith(("training.", "home.")):
            yield name, view


def _accepts_post(view) -> bool:
    """Whether the view is more than a page to read: decorated GET-only views are left out."""
    import inspect

    source = inspect.getsource(inspect.unwrap(view))
    return "POST" in source or "request.method" in source


def test_every_view_that_accepts_a_post_is_either_submit_once_or_says_why_not():
    undecided, wrongly_listed = [], []
    for name, view in _our_views():
        once = getattr(view, "submit_once", False)
        if once and name not in CASES:
            wrongly_listed.append(f"{name}: @submit_once but no case in CASES")
        if not once and name in CASES:
            wrongly_listed.append(f"{name}: in CASES but not @submit_once")
        if not once and _accepts_post(view) and name not in NOT_CREATE:
            undecided.append(name)
    assert undecided == [], "Decorate with @submit_once or explain in NOT_CREATE: " + str(undecided)
    assert wrongly_listed == []


def _signed_in(case: Case) -> Client:
    client = Client()
    sign_in(client, case.user, second_factor=True if case.staff else None)
    return client


def _read_form(client: Client, case: Case) -> dict[str, list[str]]:
    page = client.get(case.page)
    assert page.status_code == 200, (case.page, page.status_code)
    data = form_data(page.content.decode(), case.action, case.page)
    data.update({name: [value] for name, value in case.changes.items()})
    return data


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_same_form_sent_twice_takes_effect_once(name):
    case = CASES[name]()
    client = _signed_in(case)
    data = _read_form(client, case)
    assert data.get(FIELD), f"{case.page} renders no one-time key for {case.action}"
    before = case.count()

    first = client.post(case.action, data)
    assert first.status_code in (200, 302), first.content.decode()[:2000]
    after_first = case.count()
    assert after_first > before
    second = client.post(case.action, data)

    assert case.count() == after_first
    assert second.status_code == 302
    assert second["Location"] == _replayed_to(case, first)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_same_post_without_a_key_sent_twice_takes_effect_once(name):
    case = CASES[name]()
    client = _signed_in(case)
    data = _read_form(client, case)
    data.pop(FIELD, None)

    first = client.post(case.action, data)
    after_first = case.count()
    second = client.post(case.action, data)

    assert case.count() == after_first
    assert second.status_code == 302
    assert second["Location"] == _replayed_to(case, first)


@pytest.mark.parametrize("name", ["reflective_logs:create", "reflective_logs:comment"])
def test_the_form_opened_twice_and_sent_twice_makes_two(name):
    """Keys are per rendering: two deliberate submissions are two, not a replay."""
    case = CASES[name]()
    client = _signed_in(case)
    before = case.count()
    client.post(case.action, _read_form(client, case))
    client.post(case.action, _read_form(client, case))
    assert case.count() == before + 2


def test_a_refused_submission_can_be_corrected_and_sent_with_the_same_key():
    case = _training_add()
    client = _signed_in(case)
    data = _read_form(client, case)
    bad = {**data, "hours": ["6.1"]}
    assert client.post(case.action, bad).status_code == 400
    assert client.post(case.action, data).status_code == 302
    assert TrainingRecord.objects.count() == 1


def test_a_key_from_someone_else_does_not_replay_their_result():
    case = _training_add()
    client = _signed_in(case)
    data = _read_form(client, case)
    client.post(case.action, data)
    other = UserFactory(trainee=True)
    other_client = Client()
    sign_in(other_client, other)
    response = other_client.post(case.action, data)
    assert response.status_code == 302
    assert TrainingRecord.objects.filter(trainee=other).count() == 1


def test_the_same_text_for_two_different_group_sessions_makes_two_logs():
    """The query string is part of what was submitted: ?session=A and ?session=B differ."""
    from training.reflective_logs import services

    assignment = SupervisionAssignmentFactory(
        starts_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    sessions = [
        services.session_record_group(
            provider=assignment.supervisor,
            held_on=timezone.localdate() - datetime.timedelta(days=days),
            minutes=90,
            modality="video",
            attendees=[assignment.trainee],
        )
        for days in (1, 2)
    ]
    client = Client()
    sign_in(client, assignment.trainee)
    for session in sessions:
        response = client.post(
            f"{reverse('reflective_logs:create')}?session={session.pk}",
            {"family_story": "The same words, two sessions."},
        )
        assert response.status_code == 302
    assert ReflectiveLog.objects.filter(trainee=assignment.trainee).count() == 2
