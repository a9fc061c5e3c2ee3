"""A unique string written into a log never escapes: other pages, emails, task args, logs."""

import logging

import pytest
from django.urls import reverse
from wagtail.search import index

from tests.auth import sign_in
from tests.factories import SupervisionAssignmentFactory, UserFactory
from training.notifications.models import OutboxMessage
from training.notifications.tasks import send_outbox_message
from training.reflective_logs import models

from .factories import CANARY

pytestmark = pytest.mark.django_db


def test_the_canary_stays_with_the_trainee_and_their_supervisor(
    client,
    assignment,
    other_trainee,
    coordinator,
    monkeypatch,
    caplog,
    django_capture_on_commit_callbacks,
):
    caplog.set_level(logging.DEBUG)
    queued: list[tuple] = []
    monkeypatch.setattr(send_outbox_message, "delay", lambda *args: queued.append(args))
    trainee, supervisor = assignment.trainee, assignment.supervisor
    unassigned = UserFactory(supervisor=True, with_mfa=True)
    SupervisionAssignmentFactory(supervisor=unassigned, trainee=other_trainee)

    with django_capture_on_commit_callbacks(execute=True):
        sign_in(client, trainee)
        client.post(
            reverse("reflective_logs:create"),
            {
                "held_on": assignment.starts_on.isoformat(),
                "minutes": "60",
                "modality": "video",
                "provider": str(supervisor.pk),
                "use_of_self": f"Something only we know: {CANARY}",
                "check": "1",
            },
        )
        log = models.ReflectiveLog.objects.get()
        client.post(reverse("reflective_logs:check", args=[log.pk]), {"confirmed": "on"})
        sign_in(client, supervisor)
        own_view = client.get(reverse("reflective_logs:review", args=[log.pk]))
        assert CANARY in own_view.content.decode()
        client.post(
            reverse("reflective_logs:comment", args=[log.pk]),
            {"section": "use_of_self", "body": "Thank you."},
        )
        client.post(reverse("reflective_logs:sign_off", args=[log.pk]), {"attested": "on"})

    pages = {
        other_trainee: [
            reverse("reflective_logs:list"),
            reverse("dashboard_trainee"),
            reverse("reflective_logs:detail", args=[log.pk]),
            reverse("reflective_logs:export", args=["csv"]),
        ],
        unassigned: [
            reverse("reflective_logs:queue"),
            reverse("dashboard_supervisor"),
            reverse("reflective_logs:review", args=[log.pk]),
        ],
        coordinator: [
            reverse("dashboard_coordinator"),
            reverse("reflective_logs:detail", args=[log.pk]),
        ],
        supervisor: [reverse("dashboard_supervisor"), reverse("reflective_logs:queue")],
        trainee: [reverse("dashboard_trainee"), reverse("reflective_logs:list")],
    }
    for user, urls in pages.items():
        sign_in(client, user)
        for url in urls:
            assert CANARY not in client.get(url).content.decode(errors="replace"), (user, url)
            assert CANARY not in url

    emails = OutboxMessage.objects.all()
    assert emails.count() == 2  # submitted, signed off
    for message in emails:
        assert CANARY not in message.subject + message.body
    assert queued and all(isinstance(arg, int) for args in queued for arg in args)
    assert CANARY not in caplog.text
    assert CANARY not in str(list(models.LogAuditEvent.objects.values_list("details", flat=True)))


def test_log_models_are_not_in_the_search_index():
    for model in (models.ReflectiveLog, models.LogComment, models.Addendum):
        assert not issubclass(model, index.Indexed)
