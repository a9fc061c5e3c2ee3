"""Peer consultation, from the outside: the trainee keeps it in her own record, with no supervisor;
it is sent to nobody, reaches no supervisor's page or email, and never counts."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.competencies.factories import category
from tests.factories import ProfileFactory
from training.notifications.models import OutboxMessage
from training.privacy.services import privacy_collect
from training.readiness import evidence
from training.readiness.engine import REASON_TEXT, evaluate
from training.reflective_logs import selectors, services
from training.reflective_logs.enums import AuditAction, LogState
from training.reflective_logs.models import LogAuditEvent, ReflectiveLog

from .factories import CANARY, ReflectiveLogFactory, SupervisionSessionFactory

pytestmark = pytest.mark.django_db

PEER_LABEL = "Peer consultation — does not count toward RSC"


def url(name, *args):
    return reverse(f"reflective_logs:{name}", args=args)


def peer_data(**overrides):
    return {
        "held_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "minutes": "45",
        "modality": "in_person",
        "is_peer": "on",
        "use_of_self": f"Two colleagues and I thought together about a hard visit. {CANARY}",
        **overrides,
    }


def keep_peer_log(client, **overrides) -> ReflectiveLog:
    client.post(url("create"), peer_data(**overrides))
    log = ReflectiveLog.objects.get()
    form = client.get(url("edit", log.pk)).content.decode()
    assert "Keep in my record" in form
    assert ">Submit<" not in form
    data = peer_data(check="1", version=str(log.version), **overrides)
    response = client.post(url("edit", log.pk), data)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == url("detail", log.pk)
    return log


def test_a_peer_consultation_is_kept_without_a_supervisor(login, assignment):
    client = login(assignment.trainee)
    log = keep_peer_log(client)
    log.refresh_from_db()
    assert log.state == LogState.KEPT
    assert log.submitted_at is None
    assert log.session.provider is None
    assert log.session.is_peer
    assert LogAuditEvent.objects.filter(log_ref=log.pk, action=AuditAction.KEPT).exists()
    assert not LogAuditEvent.objects.filter(log_ref=log.pk, action=AuditAction.SUBMITTED).exists()
    # Her own pages say what it is, and she still reads it.
    listing = client.get(url("list")).content.decode()
    assert PEER_LABEL in listing
    detail = client.get(url("detail", log.pk)).content.decode()
    assert PEER_LABEL in detail
    assert CANARY in detail
    # Kept is final: it is not edited or sent afterwards.
    assert client.get(url("edit", log.pk)).url == url("detail", log.pk)
    with pytest.raises(services.LogActionRefused):
        services.log_submit(log_id=log.pk, trainee=assignment.trainee)
    # Keeping twice keeps once.
    services.log_keep(log_id=log.pk, trainee=assignment.trainee)
    assert LogAuditEvent.objects.filter(log_ref=log.pk, action=AuditAction.KEPT).count() == 1


def test_a_supervisor_chosen_anyway_is_not_recorded(login, assignment):
    client = login(assignment.trainee)
    log = keep_peer_log(client, provider=str(assignment.supervisor.pk))
    log.refresh_from_db()
    assert log.session.provider is None
    assert log.state == LogState.KEPT


def test_no_supervisor_page_or_email_carries_it(login, assignment, client):
    trainee, supervisor = assignment.trainee, assignment.supervisor
    log = keep_peer_log(login(trainee))
    assert not OutboxMessage.objects.filter(recipient=supervisor).exists()
    assert not any(CANARY in m.body or CANARY in m.subject for m in OutboxMessage.objects.all())
    # Overdue reminders go out for submitted logs only.
    services.reminders_overdue_reviews(now=timezone.now() + datetime.timedelta(days=90))
    assert not OutboxMessage.objects.filter(recipient=supervisor).exists()
    client.logout()
    reviewer = login(supervisor)
    for page in (url("queue"), reverse("dashboard")):
        response = reviewer.get(page, follow=True)
        assert response.status_code == HTTPStatus.OK, page
        body = response.content.decode()
        assert CANARY not in body, page
        assert url("review", log.pk) not in body, page
    for name in ("review", "comment", "return", "sign_off"):
        method = reviewer.get if name == "review" else reviewer.post
        response = method(url(name, log.pk))
        assert response.status_code == HTTPStatus.NOT_FOUND, name
        assert CANARY not in response.content.decode()
    assert url("review", log.pk) not in reviewer.get(url("queue")).content.decode()


def test_the_supervisors_caseload_figures_leave_it_out(assignment):
    trainee, supervisor = assignment.trainee, assignment.supervisor
    before = selectors.supervisor_dashboard_panel(user=supervisor)
    session = SupervisionSessionFactory(provider=None, recorded_by=trainee, is_peer=True)
    log = ReflectiveLogFactory(trainee=trainee, session=session, paired=False)
    services.log_keep(log_id=log.pk, trainee=trainee)
    after = selectors.supervisor_dashboard_panel(user=supervisor)
    assert after["rsc_queue"] == before["rsc_queue"] == []
    assert after["rsc_supervisees"] == before["rsc_supervisees"]


def test_readiness_does_not_count_it_and_says_why(login, assignment):
    trainee = assignment.trainee
    ProfileFactory(user=trainee, target_category=category("IMHS"))
    log = keep_peer_log(login(trainee))
    today = timezone.localdate()
    loaded = evidence.evidence_for([trainee.pk], today)[trainee.pk]
    assert [row.log_id for row in loaded.rsc] == [log.pk]
    assert loaded.signed_rsc == []
    report = evaluate(
        evidence.rules_for(category("IMHS")),
        loaded.training_items(),
        loaded.rsc_items(),
        today,
        loaded.record,
    )
    outcome = report.outcome("rsc", log.pk)
    assert not outcome.counted
    assert outcome.text == REASON_TEXT["peer"] == "Peer consultation does not count as RSC."
    assert report.counted_ids("rsc") == set()
    assert report.result("rsc_hours").have == 0
    page = login(trainee).get(reverse("readiness")).content.decode()
    assert "Peer consultation does not count as RSC." in page


def test_it_is_in_her_data_download(login, assignment):
    client = login(assignment.trainee)
    log = keep_peer_log(client)
    data, _files = privacy_collect(user=assignment.trainee)
    (row,) = data["reflective_logs.ReflectiveLog"]
    assert CANARY in row["use_of_self"]
    assert row["state"] == LogState.KEPT
    # Nobody else's download holds it, her supervisor's included.
    assert CANARY not in str(privacy_collect(user=assignment.supervisor)[0])
    assert log.pk


def test_the_trainee_logs_a_session_with_no_supervisor_only_as_peer(login, assignment):
    client = login(assignment.trainee)
    response = client.post(url("create"), peer_data(is_peer=""))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Choose your supervisor, or mark the session as peer consultation." in (
        response.content.decode()
    )
    assert not ReflectiveLog.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"held_on": "2999-01-01"}, "cannot be in the future"),
        ({"held_on": "not a date"}, "Enter a valid date"),
        ({"minutes": "0"}, "greater than or equal to 5"),
    ],
)
def test_bad_peer_input_re_renders_with_a_message(login, assignment, overrides, error):
    client = login(assignment.trainee)
    response = client.post(url("create"), peer_data(**overrides))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    body = response.content.decode()
    assert error in body
    assert CANARY in body  # her text is kept on the page
    assert not ReflectiveLog.objects.exists()


def test_a_peer_group_session_is_kept_not_sent(login, assignment):
    trainee, supervisor = assignment.trainee, assignment.supervisor
    session = services.session_record_group(
        provider=supervisor,
        held_on=timezone.localdate() - datetime.timedelta(days=1),
        minutes=60,
        modality="video",
        attendees=[trainee],
        is_peer=True,
    )
    log = services.log_create(trainee=trainee, session=session, sections={"use_of_self": CANARY})
    with pytest.raises(services.LogActionRefused):
        services.log_submit(log_id=log.pk, trainee=trainee)
    services.log_keep(log_id=log.pk, trainee=trainee)
    log.refresh_from_db()
    assert log.state == LogState.KEPT
    assert not OutboxMessage.objects.filter(recipient=supervisor).exists()
    assert login(supervisor).get(url("review", log.pk)).status_code == HTTPStatus.NOT_FOUND


def test_an_individual_session_cannot_be_kept_unreviewed(log, trainee):
    with pytest.raises(services.LogActionRefused):
        services.log_keep(log_id=log.pk, trainee=trainee)
    log.refresh_from_db()
    assert log.state == LogState.DRAFT
