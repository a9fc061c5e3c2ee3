"""A data export that cannot be built says so, and is not retried for ever by the sweep."""

import datetime

import pytest

from tests.factories import UserFactory
from training.core.sweeps import unqueued_work
from training.privacy import services
from training.privacy.enums import ExportStatus
from training.privacy.models import DataExport

pytestmark = pytest.mark.django_db


def test_a_failing_export_is_marked_failed_and_left_out_of_the_sweep(monkeypatch):
    person = UserFactory(trainee=True)
    export = DataExport.objects.create(user=person)

    def broken(*, user):
        raise OSError("a private file is unreadable")

    monkeypatch.setattr(services, "privacy_collect", broken)
    services.data_export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.pk not in unqueued_work(older_than=datetime.timedelta(0))["data_export"]
    # The person can ask again: a failed export does not block a new one.
    assert services.data_export_request(user=person).pk != export.pk
