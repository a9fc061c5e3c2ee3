"""The notification centre: every email kind leaves an in-app item for its recipient, which
only they see, which never quotes a log or a comment, and whose emails they may turn off."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.applications.factories import education
from tests.cohorts.factories import CohortFactory
from tests.factories import SupervisionAssignmentFactory, UserFactory
from tests.reflective_logs.factories import CANARY, ReflectiveLogFactory
from training.applications.services import application_record_return
from training.cohorts.services import cohort_import_csv
from training.notifications.enums import NotificationKind as K
from training.notifications.enums import OutboxStatus
from training.notifications.kinds import OPTIONAL_KINDS, kind_for_key
from training.notifications.models import EmailPreference, Notification, OutboxMessage
from training.notifications.services import (
    email_preferences_update,
    notifications_unread_count,
    outbox_enqueue,
)
from training.notifications.tasks import send_outbox_message
from training.reflective_logs import services as logs

pytestmark = pytest.mark.django_db

COMMENT_CANARY = "comment-canary-5d1e-heron"
RETURN_CANARY = "return-canary-9a4c-wren"
REASON_CANARY = "reason-canary-2b7f-plover"
CANARIES = (CANARY, COMMENT_CANARY, RETURN_CANARY, REASON_CANARY)


def _no_canary(text: str) -> None:
    for canary in CANARIES:
        assert canary not in text


def _item(user, **fields) -> Notification:
    fields = {"kind": K.LOG_RETURNED, "title": "A log came back", "url": "/logs/"} | fields
    return Notification.objects.create(recipient=user, **fields)


@pytest.fixture
def flow(trainee, supervisor, coordinator, django_capture_on_commit_callbacks):
    """A realistic week: a log submitted, commented on, returned, sent again and signed; a
    record returned by the coordinator; an invitation to a cohort; a reminder."""
    with django_capture_on_commit_callbacks(execute=True):
        log = ReflectiveLogFactory(trainee=trainee, session__provider=supervisor)
        logs.log_submit(log_id=log.pk, trainee=trainee, deid_confirmed=True)
        logs.log_comment(
            log_id=log.pk, reviewer=supervisor, section="use_of_self", body=COMMENT_CANARY
        )
        logs.log_return(log_id=log.pk, reviewer=supervisor, request=RETURN_CANARY)
        logs.log_submit(log_id=log.pk, trainee=trainee, deid_confirmed=True)
        logs.log_sign_off(log_id=log.pk, reviewer=supervisor, attested=True)

        cohort = CohortFactory(coordinator=coordinator, trainees=[trainee])
        record = education(trainee, verified=False)
        application_record_return(actor=coordinator, record=record, reason=REASON_CANARY)
        invited = UserFactory(trainee=True, email="ana.invited@example.org")
        cohort_import_csv(
            cohort=cohort, text="Ana Invited,ana.invited@example.org", invited_by=coordinator
        )

        quiet = UserFactory(trainee=True)
        SupervisionAssignmentFactory(
            trainee=quiet,
            supervisor=supervisor,
            starts_on=timezone.localdate() - datetime.timedelta(days=60),
        )
        assert logs.reminders_idle_trainees() == 1
    return {"log": log, "invited": invited, "quiet": quiet}


def test_every_kind_from_a_realistic_flow_waits_for_its_recipient(flow, trainee, supervisor):
    kinds = {(n.recipient_id, n.kind) for n in Notification.objects.all()}
    assert {
        (supervisor.pk, K.LOG_TO_REVIEW),
        (trainee.pk, K.LOG_RETURNED),
        (trainee.pk, K.LOG_SIGNED),
        (trainee.pk, K.VERIFICATION),
        (flow["invited"].pk, K.INVITATION),
        (flow["quiet"].pk, K.REMINDER),
    } <= kinds
    # Every email to an account has its item, written with it.
    to_accounts = OutboxMessage.objects.exclude(recipient=None)
    assert to_accounts.count() == Notification.objects.count()
    assert all(m.notification.kind == m.kind for m in to_accounts)
    assert not Notification.objects.filter(kind=K.OTHER).exists()


def test_no_notification_quotes_a_log_a_comment_or_a_reason(flow, client, login):
    # The emails themselves may carry a coordinator's reason; the items never do.
    assert Notification.objects.count() >= 6
    for item in Notification.objects.select_related("recipient"):
        _no_canary(item.title)
        _no_canary(item.url)
        assert item.url.startswith("/") and not item.url.startswith("//")
    for person in {n.recipient for n in Notification.objects.select_related("recipient")}:
        page = login(person).get(reverse("notifications:list"))
        assert page.status_code == HTTPStatus.OK
        _no_canary(page.content.decode())
        client.logout()


def test_each_item_leads_to_its_own_page(flow, trainee, supervisor, login):
    review = Notification.objects.get(recipient=supervisor, kind=K.LOG_TO_REVIEW)
    assert review.url == reverse("reflective_logs:review", kwargs={"pk": flow["log"].pk})
    returned = Notification.objects.get(recipient=trainee, kind=K.LOG_RETURNED)
    assert returned.url == reverse("reflective_logs:edit", kwargs={"pk": flow["log"].pk})
    # Titles say who did what to which session, and nothing of what anyone wrote.
    session = f"session of {flow['log'].session.held_on:%-d %b %Y}"
    assert returned.title == f"{supervisor.display_name} returned a log for changes ({session})"
    assert review.title == f"{trainee.display_name} sent a log for review ({session})"
    invitation = Notification.objects.get(recipient=flow["invited"])
    assert invitation.url.startswith("/") and "invitation" in invitation.url.lower()


def test_opening_an_item_marks_it_read_and_goes_to_its_page(trainee, login):
    item = _item(trainee, url="/logs/")
    client = login(trainee)
    response = client.post(reverse("notifications:open", args=[item.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/logs/"
    item.refresh_from_db()
    assert item.read_at is not None


@pytest.mark.parametrize(
    "url", ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example", "javascript:x"]
)
def test_opening_never_leaves_the_site_whatever_the_row_holds(trainee, login, url):
    item = _item(trainee, url=url)
    response = login(trainee).post(reverse("notifications:open", args=[item.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_a_link_to_another_host_in_an_email_is_not_kept(trainee):
    message = outbox_enqueue(
        recipient=trainee,
        to_email=trainee.email,
        subject="Your supervisor returned a reflective log",
        body="Read it at https://evil.example/logs/1/",
        dedupe_key="rlog-1-returned-v1",
        url="https://evil.example/logs/1/",
    )
    assert message.notification.url == reverse("reflective_logs:list")


def test_no_one_sees_opens_or_marks_another_persons_items(trainee, other_trainee, login):
    item = _item(trainee, title="Private-ish title 4471")
    client = login(other_trainee)
    listing = client.get(reverse("notifications:list"))
    assert "Private-ish title 4471" not in listing.content.decode()
    for name in ("notifications:open", "notifications:mark_read"):
        response = client.post(reverse(name, args=[item.pk]))
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "Private-ish title 4471" not in response.content.decode()
        assert "/logs/" not in response.get("Location", "")
    client.post(reverse("notifications:mark_all_read"))
    item.refresh_from_db()
    assert item.read_at is None


def test_signed_out_visitors_are_sent_to_sign_in(client, trainee):
    item = _item(trainee)
    for response in (
        client.get(reverse("notifications:list")),
        client.post(reverse("notifications:open", args=[item.pk])),
        client.get(reverse("notifications:settings")),
    ):
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("account_login"))


def test_the_list_is_newest_first_with_unread_items_marked(trainee, login):
    old = _item(trainee, title="Older item", read_at=timezone.now())
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    _item(trainee, title="Newer item")
    body = login(trainee).get(reverse("notifications:list")).content.decode()
    assert body.index("Newer item") < body.index("Older item")
    unread = re.findall(r'data-notification="(\d+)" data-unread', body)
    assert len(unread) == 1
    assert body.count(">New</span>") == 1


def test_mark_read_and_mark_all_read(trainee, login):
    first, second, third = (_item(trainee, title=f"Item {n}") for n in range(3))
    client = login(trainee)
    client.post(reverse("notifications:mark_read", args=[first.pk]))
    assert notifications_unread_count(user=trainee) == 2
    response = client.post(reverse("notifications:mark_all_read"))
    assert response["Location"] == reverse("notifications:list")
    assert not Notification.objects.filter(recipient=trainee, read_at=None).exists()
    assert notifications_unread_count(user=trainee) == 0


def _deliver() -> None:
    """What a worker does with each queued email. In-process tasks already did it; with a real
    broker (the PostgreSQL leg) no worker consumes this test's queue."""
    from training.notifications.tasks import send_outbox_message

    pending = OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
    for pk in pending.values_list("pk", flat=True):
        send_outbox_message(pk)


def test_a_kind_turned_off_sends_no_email_but_the_item_still_appears(
    trainee, supervisor, login, django_capture_on_commit_callbacks
):
    client = login(trainee)
    form = client.get(reverse("notifications:settings")).content.decode()
    assert 'name="log_returned"' in form
    wanted = {kind: "on" for kind in OPTIONAL_KINDS if kind != K.LOG_RETURNED}
    client.post(reverse("notifications:settings"), wanted)
    assert EmailPreference.objects.get(user=trainee, kind=K.LOG_RETURNED).email_enabled is False

    log = ReflectiveLogFactory(trainee=trainee, session__provider=supervisor, state="submitted")
    _deliver()  # whatever the set-up queued is sent before this test's emails are counted
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        logs.log_return(log_id=log.pk, reviewer=supervisor, request="Add a line.")
    _deliver()
    message = OutboxMessage.objects.get(kind=K.LOG_RETURNED)
    assert message.status == OutboxStatus.SKIPPED
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=trainee, kind=K.LOG_RETURNED).exists()

    # Other kinds still go.
    with django_capture_on_commit_callbacks(execute=True):
        logs.log_submit(log_id=log.pk, trainee=trainee, deid_confirmed=True)
        logs.log_sign_off(log_id=log.pk, reviewer=supervisor, attested=True)
    _deliver()
    assert [m.subject for m in mail.outbox if trainee.email in m.to] == [
        "Your reflective log is signed off"
    ]


def test_a_choice_made_after_queueing_is_respected_when_the_message_is_sent(trainee):
    message = outbox_enqueue(
        recipient=trainee,
        to_email=trainee.email,
        subject="Time to reflect on a supervision session?",
        body="",
        dedupe_key="rlog-idle-1-none",
    )
    email_preferences_update(user=trainee, enabled={K.REMINDER: False})
    send_outbox_message(message.pk)
    message.refresh_from_db()
    assert message.status == OutboxStatus.SKIPPED
    assert mail.outbox == []


def test_security_emails_cannot_be_turned_off(trainee, login, django_capture_on_commit_callbacks):
    client = login(trainee)
    form = client.get(reverse("notifications:settings")).content.decode()
    assert 'name="security"' not in form
    client.post(reverse("notifications:settings"), {"security": ""})  # every box unticked
    assert set(
        EmailPreference.objects.filter(user=trainee, email_enabled=False).values_list(
            "kind", flat=True
        )
    ) == set(OPTIONAL_KINDS)
    # Even a stored "off" for a security kind is not obeyed.
    EmailPreference.objects.create(user=trainee, kind=K.SECURITY, email_enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(
            recipient=trainee,
            to_email=trainee.email,
            subject="Your Attune code: 123456",
            body="Your one-time code is 123456",
            dedupe_key="provider-link-9-code-1",
        )
    _deliver()
    message.refresh_from_db()
    assert message.kind == K.SECURITY and message.status == OutboxStatus.SENT
    # A code is never copied into the notification centre.
    assert not Notification.objects.filter(message=message).exists()
    # allauth's own security emails (password reset here) do not pass through the outbox.
    client.logout()
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": trainee.email})
    assert len(mail.outbox) == 1


def test_the_navigation_shows_the_unread_count_with_a_label(trainee, login):
    _item(trainee)
    _item(trainee)
    body = login(trainee).get(reverse("notifications:settings")).content.decode()
    assert 'aria-label="Notifications, 2 unread"' in body


def test_the_navigation_count_costs_one_indexed_query_then_none(trainee, login):
    _item(trainee)
    client = login(trainee)
    url = reverse("privacy_my_data")
    table = Notification._meta.db_table
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    counts = [q["sql"] for q in first.captured_queries if f'"{table}"' in q["sql"]]
    assert len(counts) == 1 and "COUNT(" in counts[0] and '"recipient_id"' in counts[0]
    with CaptureQueriesContext(connection) as second:
        body = client.get(url).content.decode()
    assert not [q for q in second.captured_queries if f'"{table}"' in q["sql"]]
    assert "1 unread" in body
    # A new item shows at once: writing it forgets the cached count.
    outbox_enqueue(
        recipient=trainee,
        to_email=trainee.email,
        subject="Time to reflect on a supervision session?",
        body="",
        dedupe_key="rlog-idle-1-none",
    )
    assert "2 unread" in client.get(url).content.decode()


def test_signed_out_pages_count_nothing(client, home_page):
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("account_login"))
    assert not [q for q in captured.captured_queries if "notifications_notification" in q["sql"]]


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("rlog-4-submitted-v2", K.LOG_TO_REVIEW),
        ("rlog-addendum-3", K.LOG_TO_REVIEW),
        ("rlog-4-returned-v1", K.LOG_RETURNED),
        ("rlog-4-signed", K.LOG_SIGNED),
        ("rlog-attendance-2-7", K.LOG_SIGNED),
        ("rlog-4-overdue-v1-202612010900", K.REMINDER),
        ("rlog-idle-7-none", K.REMINDER),
        ("renewal-7-2027-01-01-14", K.REMINDER),
        ("vetting-lapse-3-2027-01-01-9", K.REMINDER),
        ("reference-5-reminder-abcdef0123456789", K.REMINDER),
        ("reference-5-completed-abcdef0123456789", K.REFERENCE),
        ("invitation-8", K.INVITATION),
        ("application-return:applications.education:3:2026-12-01T00:00:00", K.VERIFICATION),
        ("earlier-rsc-2-verified", K.VERIFICATION),
        ("application-status:11", K.APPLICATION),
        ("data-export-6", K.DATA_EXPORT),
        ("ledger-digest-20261204-1", K.LEDGER_DIGEST),
        ("provider-link-9", K.PROVIDER_LINK),
        ("provider-link-9-code-2", K.SECURITY),
        (None, K.OTHER),
    ],
)
def test_each_sending_apps_key_names_its_kind(key, kind):
    assert kind_for_key(key) == kind


def test_a_phone_sees_the_unread_count_on_the_closed_menu_button(trainee, login):
    """At 375 px the navigation is folded behind its button: the count shows on the button."""
    client = login(trainee)
    body = client.get(reverse("privacy_my_data")).content.decode()
    assert "data-toggler-unread" not in body and 'aria-label="Show menu"' in body
    _item(trainee)
    _item(trainee)
    cache.clear()  # written straight to the table here; the outbox would forget the count
    body = client.get(reverse("privacy_my_data")).content.decode()
    assert 'aria-label="Show menu, 2 unread notifications"' in body
    assert re.search(r"data-toggler-unread>2<", body)
