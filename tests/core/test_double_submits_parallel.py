"""Twenty identical submissions at once take effect once (PostgreSQL: real concurrent writers).

SQLite serialises every writer, so there the sequential replays in test_double_submits.py are
the proof; here the requests and service calls really overlap.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from tests.core.test_double_submits import CASES, _read_form, _signed_in
from tests.reflective_logs.factories import ReflectiveLogFactory
from training.core.submissions import FIELD
from training.notifications.models import OutboxMessage
from training.privacy.models import DataExport
from training.privacy.services import data_export_build, data_export_request
from training.readiness.services import portfolio_request
from training.records.models import TrainingRecord
from training.records.services import training_record_add_external
from training.reflective_logs import services as log_services
from training.reflective_logs.models import Addendum

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite has no concurrent writers"
    ),
    pytest.mark.django_db(transaction=True),
]

AT_ONCE = 20


def _all_at_once(work) -> list:
    """Run `work()` in AT_ONCE threads released together; return their results."""
    barrier = threading.Barrier(AT_ONCE)
    results, errors = [], []

    def run():
        try:
            barrier.wait(30)
            results.append(work())
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert len(results) == AT_ONCE
    return results


def _post_all_at_once(case, data) -> list:
    signed_in = _signed_in(case)

    def post():
        client = Client()
        client.cookies = signed_in.cookies
        return client.post(case.action, data)

    return _all_at_once(post)


@pytest.mark.parametrize("name", sorted(CASES))
def test_twenty_identical_posts_at_once_take_effect_once(name):
    case = CASES[name]()
    data = _read_form(_signed_in(case), case)
    before = case.count()
    responses = _post_all_at_once(case, data)
    made = case.count() - before
    assert all(r.status_code in (200, 302) for r in responses)
    # Exactly one request's worth: what a single post of a fresh copy of the form does.
    fresh = CASES[name]()
    client = _signed_in(fresh)
    data = _read_form(client, fresh)
    fresh_before = fresh.count()
    client.post(fresh.action, data)
    assert made == fresh.count() - fresh_before > 0


@pytest.mark.parametrize("name", ["records_training_add", "privacy_my_data_request"])
def test_twenty_identical_posts_without_a_key_take_effect_once(name):
    case = CASES[name]()
    data = _read_form(_signed_in(case), case)
    data.pop(FIELD, None)
    before = case.count()
    _post_all_at_once(case, data)
    assert case.count() == before + 1


def test_twenty_training_record_posts_make_one_record():
    case = CASES["records_training_add"]()
    _post_all_at_once(case, _read_form(_signed_in(case), case))
    assert TrainingRecord.objects.filter(trainee=case.user).count() == 1


def test_twenty_separate_renderings_of_the_same_training_make_one_record_and_no_deadlock():
    """Twenty tabs (twenty keys) with the same training: the person's lock finds the first."""
    case = CASES["records_training_add"]()
    client = _signed_in(case)
    forms = iter([_read_form(client, case) for _ in range(AT_ONCE)])
    lock = threading.Lock()

    def post():
        with lock:
            data = next(forms)
        other = Client()
        other.cookies = client.cookies
        return other.post(case.action, data).status_code

    assert set(_all_at_once(post)) == {302}
    assert TrainingRecord.objects.filter(trainee=case.user).count() == 1


def test_twenty_data_export_requests_make_one_export_and_one_email():
    case = CASES["privacy_my_data_request"]()
    _post_all_at_once(case, _read_form(_signed_in(case), case))
    exports = list(DataExport.objects.filter(user=case.user))
    assert len(exports) == 1
    for export in exports:
        data_export_build(export_id=export.pk)
    assert OutboxMessage.objects.filter(recipient=case.user).count() == 1


def test_twenty_addendum_posts_make_one_addendum_and_one_email():
    case = CASES["reflective_logs:addendum_create"]()
    _post_all_at_once(case, _read_form(_signed_in(case), case))
    assert Addendum.objects.count() == 1
    assert OutboxMessage.objects.filter(dedupe_key__startswith="rlog-addendum-").count() == 1


# The services themselves, called at once without any form key (a script, a retried task).


def test_data_export_request_at_once_makes_one_pending_export(django_user_model):
    from tests.factories import UserFactory

    person = UserFactory(trainee=True)
    exports = _all_at_once(lambda: data_export_request(user=person).pk)
    assert len(set(exports)) == 1
    assert DataExport.objects.filter(user=person).count() == 1


def test_portfolio_request_at_once_makes_one_pending_export():
    from tests.factories import UserFactory
    from training.readiness.models import PortfolioExport

    trainee = UserFactory(trainee=True)
    _all_at_once(lambda: portfolio_request(trainee=trainee).pk)
    assert PortfolioExport.objects.filter(trainee=trainee).count() == 1


def test_training_record_add_at_once_makes_one_record():
    import datetime
    from decimal import Decimal

    from tests.factories import UserFactory

    trainee = UserFactory(trainee=True)
    _all_at_once(
        lambda: (
            training_record_add_external(
                trainee=trainee,
                title="Circle of Security",
                sponsor="Network",
                evidence_kind=TrainingRecord._meta.get_field("evidence_kind").choices[0][0],
                starts_on=None,
                completed_on=datetime.date.today() - datetime.timedelta(days=1),
                hours=Decimal("6.5"),
            ).pk
        )
    )
    assert TrainingRecord.objects.filter(trainee=trainee).count() == 1


def test_addendum_add_at_once_adds_one_correction_and_one_email():
    log = ReflectiveLogFactory(state="signed_off")
    _all_at_once(
        lambda: (
            log_services.addendum_add(
                log_id=log.pk, trainee=log.trainee, body="It was 50 minutes."
            ).pk
        )
    )
    assert log.addenda.count() == 1
    assert OutboxMessage.objects.filter(dedupe_key__startswith="rlog-addendum-").count() == 1
