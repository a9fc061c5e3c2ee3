"""A supervisor sees a log only once the trainee submitted it, never a draft (issue 13, 8)."""

from http import HTTPStatus

import pytest
from django.test import Client

from tests.auth import sign_in
from tests.reflective_logs.factories import CANARY, ReflectiveLogFactory
from tests.urlwalk import routes
from training.reflective_logs import selectors, services
from training.reflective_logs.models import Addendum, LogAuditEvent, LogComment, ReflectiveLog

pytestmark = pytest.mark.django_db


def _reviewer_routes(log) -> list:
    """Every supervisor-side URL about one log: the review page and each reviewer action."""
    addendum_pks = list(log.addenda.values_list("pk", flat=True)) or [1]

    def values(route, param):
        return [str(pk) for pk in (addendum_pks if param == "addendum_pk" else [log.pk])]

    found = [
        route
        for route in routes(values)
        if route.name.startswith("reflective_logs:")
        and route.path.startswith("/review/")
        and route.params
    ]
    assert {r.name for r in found} >= {
        "reflective_logs:review",
        "reflective_logs:comment",
        "reflective_logs:return",
        "reflective_logs:sign_off",
        "reflective_logs:addendum_sign",
    }
    return found


def _state(log) -> tuple:
    fresh = ReflectiveLog.objects.get(pk=log.pk)
    return (
        fresh.state,
        fresh.version,
        LogComment.objects.filter(log=log).count(),
        Addendum.objects.filter(log=log, signed_at__isnull=False).count(),
        LogAuditEvent.objects.filter(log_ref=log.pk).count(),
    )


def test_the_paired_supervisor_cannot_open_or_act_on_a_draft(trainee, supervisor):
    log = ReflectiveLogFactory(trainee=trainee, session__provider=supervisor)
    client = sign_in(Client(), supervisor)
    before = _state(log)
    data = {"section": "use_of_self", "body": "x", "request": "x", "attested": "on"}
    for route in _reviewer_routes(log):
        for response in (client.get(route.path), client.post(route.path, data)):
            assert response.status_code in {HTTPStatus.NOT_FOUND, HTTPStatus.METHOD_NOT_ALLOWED}
            assert CANARY not in response.content.decode()
    assert _state(log) == before
    assert log.pk not in [item.log.pk for item in selectors.review_queue(supervisor=supervisor)]
    # Once submitted (and after a return, and once signed) the same supervisor reads it.
    services.log_submit(log_id=log.pk, trainee=trainee, deid_confirmed=True)
    assert CANARY in client.get(f"/review/{log.pk}/").content.decode()
    services.log_return(log_id=log.pk, reviewer=supervisor, request="More?")
    assert client.get(f"/review/{log.pk}/").status_code == HTTPStatus.OK
