"""The status services: every legal move records one event; every illegal one is refused with
a clear message and changes nothing."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import ProfileFactory, UserFactory
from tests.workflow.conftest import days_ago
from training.applications.enums import ApplicationStatus as S
from training.applications.models import Application, ApplicationEvent, ExamResult
from training.applications.workflow import (
    application_endorse,
    application_exam,
    application_return,
    application_review,
    application_start,
    application_submit,
    next_statuses,
)
from training.readiness.selectors import readiness_for
from training.users.models import Profile

pytestmark = pytest.mark.django_db


def _snapshot(application):
    """Everything a refused move must leave as it was."""
    fresh = Application.objects.get(pk=application.pk)
    fields = [f.name for f in Application._meta.concrete_fields if f.name != "updated_at"]
    return {name: getattr(fresh, name) for name in fields}, fresh.events.count()


def _move(name, actor, application):
    """Call one service with good arguments."""
    calls = {
        "submit": lambda: application_submit(actor=actor, application=application, on=days_ago(1)),
        "review": lambda: application_review(actor=actor, application=application),
        "exam": lambda: application_exam(actor=actor, application=application),
        "endorse": lambda: application_endorse(
            actor=actor, application=application, on=days_ago(0), number="E-7"
        ),
        "return": lambda: application_return(actor=actor, application=application, reason="No."),
    }
    return calls[name]()


def test_start_opens_a_preparing_application_and_records_who_started_it(trainee, ifa):
    application = application_start(actor=trainee, trainee=trainee, category=ifa)
    assert application.status == S.PREPARING
    event = application.events.get()
    assert (event.actor, event.from_status, event.to_status) == (trainee, "", S.PREPARING)


def test_a_second_start_returns_the_open_application_never_two(trainee, coordinator, ifa, imhs):
    first = application_start(actor=trainee, trainee=trainee, category=ifa)
    again = application_start(actor=coordinator, trainee=trainee, category=imhs)
    assert again.pk == first.pk
    assert Application.objects.filter(trainee=trainee).count() == 1
    assert ApplicationEvent.objects.count() == 1


@pytest.mark.parametrize("closing", ["endorsed", "returned"])
def test_after_an_endorsement_or_a_return_a_new_application_can_start(
    trainee, coordinator, ifa, advance, closing
):
    closed = advance(trainee, ifa, closing)
    new = application_start(actor=trainee, trainee=trainee, category=ifa)
    assert new.pk != closed.pk and new.status == S.PREPARING


def test_the_whole_road_without_an_exam(trainee, coordinator, ifa):
    app = application_start(actor=coordinator, trainee=trainee, category=ifa)
    assert next_statuses(app) == [S.SUBMITTED]
    app = application_submit(actor=coordinator, application=app, on=days_ago(10))
    assert app.submitted_on == days_ago(10)
    assert next_statuses(app) == [S.UNDER_REVIEW, S.RETURNED]
    app = application_review(actor=coordinator, application=app, note="Received")
    assert next_statuses(app) == [S.ENDORSED, S.RETURNED]
    app = application_endorse(actor=coordinator, application=app, on=days_ago(1), number=" E-9 ")
    assert (app.status, app.endorsement_number) == (S.ENDORSED, "E-9")
    assert next_statuses(app) == []
    moves = list(app.events.values_list("from_status", "to_status", "actor"))
    assert moves == [
        ("", S.PREPARING, coordinator.pk),
        (S.PREPARING, S.SUBMITTED, coordinator.pk),
        (S.SUBMITTED, S.UNDER_REVIEW, coordinator.pk),
        (S.UNDER_REVIEW, S.ENDORSED, coordinator.pk),
    ]
    assert app.events.get(to_status=S.UNDER_REVIEW).note == "Received"


def test_the_whole_road_through_the_exam(trainee, coordinator, imhs, advance):
    app = advance(trainee, imhs, "under_review")
    assert next_statuses(app) == [S.EXAM, S.RETURNED]
    app = application_exam(actor=coordinator, application=app)
    assert next_statuses(app) == [S.ENDORSED, S.RETURNED]
    # Not without a passed exam on record (a failed sitting is not one).
    ExamResult.objects.create(trainee=trainee, category=imhs, taken_on=days_ago(3), passed=False)
    with pytest.raises(ValidationError, match="record the passed exam"):
        application_endorse(actor=coordinator, application=app, on=days_ago(0), number="M-1")
    app.refresh_from_db()
    assert app.status == S.EXAM and not app.events.filter(to_status=S.ENDORSED).exists()
    ExamResult.objects.create(trainee=trainee, category=imhs, taken_on=days_ago(1), passed=True)
    app = application_endorse(actor=coordinator, application=app, on=days_ago(0), number="M-1")
    assert app.status == S.ENDORSED
    assert app.events.filter(from_status=S.UNDER_REVIEW, to_status=S.EXAM).exists()


@pytest.mark.parametrize("status", ["submitted", "under_review", "exam"])
def test_return_from_each_step_under_review_keeps_the_reason(
    trainee, coordinator, imhs, advance, status
):
    app = advance(trainee, imhs, status)
    app = application_return(actor=coordinator, application=app, reason="  No transcript.  ")
    assert (app.status, app.returned_reason) == (S.RETURNED, "No transcript.")
    assert app.events.last().note == "No transcript."


# (status reached, category, refused move, words the refusal uses)
ILLEGAL = [
    ("preparing", "ifa", "review", "cannot be put under review"),
    ("preparing", "ifa", "exam", "cannot be sent to the exam"),
    ("preparing", "ifa", "endorse", "cannot be endorsed"),
    ("preparing", "ifa", "return", "cannot be returned"),
    ("submitted", "ifa", "submit", "cannot be submitted"),
    ("submitted", "imhs", "exam", "cannot be sent to the exam"),
    ("submitted", "imhs", "endorse", "cannot be endorsed"),
    ("under_review", "ifa", "exam", "asks no exam"),
    ("under_review", "imhs", "endorse", "asks an exam"),
    ("under_review", "ifa", "review", "cannot be put under review"),
    ("exam", "imhs", "exam", "cannot be sent to the exam"),
    ("exam", "imhs", "submit", "cannot be submitted"),
    ("endorsed", "ifa", "return", "cannot be returned"),
    ("endorsed", "ifa", "endorse", "cannot be endorsed"),
    ("returned", "ifa", "submit", "cannot be submitted"),
    ("returned", "ifa", "review", "cannot be put under review"),
]


@pytest.mark.parametrize(("status", "code", "move", "words"), ILLEGAL)
def test_an_illegal_move_is_refused_clearly_and_changes_nothing(
    request, trainee, coordinator, advance, status, code, move, words
):
    app = advance(trainee, request.getfixturevalue(code), status)
    before = _snapshot(app)
    with pytest.raises(ValidationError) as refused:
        _move(move, coordinator, app)
    assert words in " ".join(refused.value.messages)
    assert _snapshot(app) == before


def test_a_stale_copy_cannot_repeat_a_move_the_lock_sees_through_it(trainee, coordinator, ifa):
    app = application_start(actor=coordinator, trainee=trainee, category=ifa)
    stale = Application.objects.get(pk=app.pk)  # a second tab, read before the first submit
    application_submit(actor=coordinator, application=app, on=days_ago(2))
    with pytest.raises(ValidationError, match="cannot be submitted"):
        application_submit(actor=coordinator, application=stale, on=days_ago(1))
    fresh = Application.objects.get(pk=app.pk)
    assert fresh.submitted_on == days_ago(2)
    assert fresh.events.filter(to_status=S.SUBMITTED).count() == 1


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda a, c: application_return(actor=c, application=a, reason="   "), "reason"),
        (
            lambda a, c: application_endorse(actor=c, application=a, on=days_ago(0), number=""),
            "number",
        ),
        (lambda a, c: application_endorse(actor=c, application=a, on=None, number="E-1"), "on"),
        (
            lambda a, c: application_endorse(
                actor=c,
                application=a,
                on=timezone.localdate() + datetime.timedelta(days=1),
                number="E",
            ),
            "on",
        ),
        (
            lambda a, c: application_endorse(actor=c, application=a, on=days_ago(40), number="E"),
            "on",
        ),
    ],
    ids=["return-without-reason", "no-number", "no-day", "future-day", "before-submission"],
)
def test_missing_or_wrong_input_names_the_field_and_changes_nothing(
    trainee, coordinator, ifa, advance, call, field
):
    app = advance(trainee, ifa, "under_review")  # submitted 20 days ago
    before = _snapshot(app)
    with pytest.raises(ValidationError) as refused:
        call(app, coordinator)
    assert field in refused.value.message_dict
    assert _snapshot(app) == before
    assert not Profile.objects.filter(user=trainee, endorsement_held__isnull=False).exists()


def test_submit_refuses_a_future_day(trainee, coordinator, ifa):
    app = application_start(actor=coordinator, trainee=trainee, category=ifa)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        application_submit(actor=coordinator, application=app, on=tomorrow)
    assert "on" in refused.value.message_dict
    assert Application.objects.get(pk=app.pk).status == S.PREPARING


def test_endorsing_sets_the_profile_and_readiness_tracks_the_renewal_a_year_on(
    trainee, coordinator, ifa, advance
):
    ProfileFactory(user=trainee, target_category=ifa)
    app = advance(trainee, ifa, "under_review")
    on = days_ago(5)
    app = application_endorse(actor=coordinator, application=app, on=on, number="E-42")
    assert app.endorsed_on == on and app.renewal_due_on == on + relativedelta(years=1)
    profile = Profile.objects.get(user=trainee)
    assert (profile.endorsement_held, profile.endorsed_on) == (ifa, on)
    assert profile.target_category is None  # reached: she chooses her next target herself
    readiness = readiness_for(trainee=trainee)
    assert readiness.held == ifa
    assert readiness.renewal is not None
    assert readiness.renewal_due_on == on + relativedelta(years=1)


def test_endorsing_keeps_a_target_beyond_the_endorsed_category(coordinator, ifa, imhs, advance):
    trainee = UserFactory(trainee=True)
    ProfileFactory(user=trainee, target_category=imhs)
    app = advance(trainee, ifa, "under_review")
    application_endorse(actor=coordinator, application=app, on=days_ago(0), number="E-3")
    profile = Profile.objects.get(user=trainee)
    assert (profile.endorsement_held, profile.target_category) == (ifa, imhs)


def test_endorsing_a_trainee_without_a_profile_makes_one(coordinator, ifa, advance):
    trainee = UserFactory(trainee=True)
    Profile.objects.filter(user=trainee).delete()
    app = advance(trainee, ifa, "endorsed")
    assert Profile.objects.get(user=trainee).endorsement_held == ifa
    assert app.status == S.ENDORSED


def test_each_move_tells_the_trainee_once_by_email(trainee, coordinator, ifa, advance):
    from training.notifications.models import OutboxMessage

    app = advance(trainee, ifa, "under_review")
    application_endorse(actor=coordinator, application=app, on=days_ago(0), number="IFA-77")
    mails = list(OutboxMessage.objects.filter(to_email=trainee.email).order_by("pk"))
    # Submitted, under review, endorsed: one email each, none for opening it.
    assert [m.subject.rsplit(": ", 1)[1] for m in mails] == [
        "Submitted",
        "Under review",
        "Endorsed",
    ]
    assert "number IFA-77" in mails[-1].body and "renewal is due by" in mails[-1].body

    returned = advance(trainee, ifa, "returned")
    mail = OutboxMessage.objects.filter(to_email=trainee.email).latest("pk")
    assert returned.returned_reason in mail.body
