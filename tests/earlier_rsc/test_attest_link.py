"""The provider attests earlier RSC through the same emailed link as a log sign-off: it needs
its one-time code, works once, expires, closes when revoked or when the provider's address
changes, limits wrong codes, shows only its own record, and two attestations make one."""

import datetime
import threading
from http import HTTPStatus

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.utils import timezone

from tests.factories import SupervisionAssignmentFactory, UserFactory
from tests.providers.factories import emails_to, last_code, last_link_path, outside_provider
from training.earlier_rsc import services
from training.earlier_rsc.locks import locks_install, locks_remove
from training.earlier_rsc.models import EarlierRsc
from training.providers import links
from training.providers.models import ProviderLink
from training.providers.services import outside_provider_update

from .factories import earlier_record

pytestmark = pytest.mark.django_db

EMAIL = "rosa@elsewhere.example"
TODAY = timezone.localdate()


@pytest.fixture
def provider(trainee):
    return outside_provider(trainee, email=EMAIL)


@pytest.fixture
def asked(trainee, provider):
    """A record the trainee asked her outside provider to attest."""
    record = earlier_record(trainee, provider.account, hours="14.5")
    services.earlier_rsc_ask_provider(record_id=record.pk, trainee=trainee)
    record.refresh_from_db()
    return record


def _open(client, path):
    assert client.get(path).status_code == HTTPStatus.OK
    assert client.post(path, {"code": last_code(EMAIL)}).status_code == HTTPStatus.FOUND
    return client.get(path)


def _attest(client, path):
    return client.post(path, {"action": "attest", "attested": "on"})


def test_the_email_names_the_trainee_and_the_link_opens_nothing_before_the_code(asked):
    (email,) = [m for m in emails_to(EMAIL) if "/earlier-rsc/attest/" in m.body]
    assert asked.trainee.display_name in email.subject
    page = Client().get(last_link_path(EMAIL))
    body = page.content.decode()
    assert "one-time code" in body and asked.trainee.display_name not in body
    assert "14.5" not in body
    assert page["Cache-Control"] == "no-store"


def test_with_the_code_the_provider_sees_the_facts_and_attests_once(asked, provider):
    client = Client()
    path = last_link_path(EMAIL)
    page = _open(client, path).content.decode()
    assert asked.trainee.display_name in page and "14.5" in page and "Birth to 3" in page
    response = _attest(client, path)
    assert response.status_code == HTTPStatus.OK and "Thank you" in response.content.decode()
    asked.refresh_from_db()
    assert asked.state == "attested" and asked.signed_by == provider.account
    assert asked.sha256 == services.sha256_of(services.facts_of(asked))
    assert any("confirmed" in m.subject for m in emails_to(asked.trainee.email))
    again = client.get(path)
    assert again.status_code == HTTPStatus.GONE and "already been used" in again.content.decode()
    assert _attest(client, path).status_code == HTTPStatus.GONE
    assert asked.trainee.display_name not in again.content.decode()


def test_ticking_nothing_or_declining_without_a_note_keeps_the_link_open(asked):
    client = Client()
    path = last_link_path(EMAIL)
    _open(client, path)
    response = client.post(path, {"action": "attest"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Tick the box" in response.content.decode()
    response = client.post(path, {"action": "decline", "note": ""})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "what is not right" in response.content.decode()
    asked.refresh_from_db()
    assert asked.state == "waiting_provider"
    assert client.get(path).status_code == HTTPStatus.OK


def test_declining_returns_it_with_the_note_and_uses_the_link(asked, login):
    client = Client()
    path = last_link_path(EMAIL)
    _open(client, path)
    response = client.post(path, {"action": "decline", "note": "It was 10 hours, not 14.5."})
    assert response.status_code == HTTPStatus.OK
    asked.refresh_from_db()
    assert asked.state == "returned" and "It was 10 hours" in asked.returned_reason
    assert client.get(path).status_code == HTTPStatus.GONE
    page = login(asked.trainee).get("/earlier-rsc/").content.decode()
    assert "It was 10 hours" in page


def test_wrong_codes_are_limited_then_the_link_locks(asked):
    client = Client()
    path = last_link_path(EMAIL)
    client.get(path)
    right = last_code(EMAIL)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(links.MAX_CODE_FAILURES - 1):
        assert client.post(path, {"code": wrong}).status_code == HTTPStatus.BAD_REQUEST
    assert client.post(path, {"code": wrong}).status_code == HTTPStatus.GONE
    assert client.post(path, {"code": right}).status_code == HTTPStatus.GONE
    asked.refresh_from_db()
    assert asked.state == "waiting_provider"


def test_an_expired_link_is_closed(asked):
    ProviderLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = Client().get(last_link_path(EMAIL))
    assert response.status_code == HTTPStatus.GONE
    assert asked.trainee.display_name not in response.content.decode()


def test_sending_again_or_uploading_a_document_revokes_the_link(asked, trainee):
    client = Client()
    old = last_link_path(EMAIL)
    _open(client, old)
    services.earlier_rsc_ask_provider(record_id=asked.pk, trainee=trainee)
    assert _attest(client, old).status_code == HTTPStatus.GONE
    new = last_link_path(EMAIL)
    assert new != old
    _open(client, new)
    links.links_revoke(purpose="earlier_rsc", target_id=asked.pk)
    assert _attest(client, new).status_code == HTTPStatus.GONE
    asked.refresh_from_db()
    assert asked.state == "waiting_provider"


def test_a_new_address_closes_links_sent_to_the_old_one(asked, provider, trainee):
    client = Client()
    path = last_link_path(EMAIL)
    _open(client, path)
    outside_provider_update(
        actor=trainee,
        provider_id=provider.pk,
        first_name="Rosa",
        last_name="Outside",
        email="rosa@new-agency.example",
        category=provider.category,
        vetted=provider.vetted,
        endorsement_number=provider.endorsement_number,
        association=provider.association,
    )
    assert _attest(client, path).status_code == HTTPStatus.GONE
    asked.refresh_from_db()
    assert asked.state == "waiting_provider"


def test_the_link_shows_only_its_own_record(asked, provider, trainee):
    other = UserFactory(trainee=True, first_name="Otherina", last_name="Hiddenly")
    provider.trainees.add(other)
    theirs = earlier_record(other, provider.account, hours="33.25")
    services.earlier_rsc_ask_provider(record_id=theirs.pk, trainee=other)
    first = [m for m in emails_to(EMAIL) if "/earlier-rsc/attest/" in m.body][0].body
    path = "/" + first.split("://", 1)[1].split("/", 1)[1].split()[0]
    page = _open(Client(), path).content.decode()
    assert trainee.display_name in page
    assert "Otherina" not in page and "Hiddenly" not in page and "33.25" not in page


def test_a_link_for_a_log_does_not_open_an_earlier_record(asked):
    path = last_link_path(EMAIL).replace("/earlier-rsc/attest/", "/logs/provider/")
    response = Client().get(path)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert asked.trainee.display_name not in response.content.decode()


def test_an_attune_supervisor_attests_through_the_same_link(trainee):
    supervisor = UserFactory(supervisor=True, email="sam.super@example.org")
    SupervisionAssignmentFactory(supervisor=supervisor, trainee=trainee)
    record = earlier_record(trainee, supervisor)
    services.earlier_rsc_ask_provider(record_id=record.pk, trainee=trainee)
    client = Client()
    path = last_link_path("sam.super@example.org")
    client.get(path)
    client.post(path, {"code": last_code("sam.super@example.org")})
    assert _attest(client, path).status_code == HTTPStatus.OK
    record.refresh_from_db()
    assert record.state == "attested" and record.signed_by == supervisor


def test_two_attestations_from_two_browsers_make_one(asked):
    first, second = Client(), Client()
    path = last_link_path(EMAIL)
    _open(first, path)
    ProviderLink.objects.update(code_sent_at=None)
    _open(second, path)
    assert _attest(first, path).status_code == HTTPStatus.OK
    assert _attest(second, path).status_code == HTTPStatus.GONE
    asked.refresh_from_db()
    assert asked.state == "attested"
    assert len([m for m in emails_to(asked.trainee.email) if "confirmed" in m.subject]) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_attestations_make_one(trainee, provider):
    """Two attestations at the same moment, each in its own connection: one wins, the other
    is refused (the record is locked first, then the link is used in one transaction)."""
    record = earlier_record(trainee, provider.account)
    services.earlier_rsc_ask_provider(record_id=record.pk, trainee=trainee)
    link = ProviderLink.objects.get()
    barrier = threading.Barrier(2)
    outcomes = []

    def attest():
        try:
            barrier.wait()
            services.earlier_rsc_attest(link=ProviderLink.objects.get(pk=link.pk), attest=True)
            outcomes.append("attested")
        except links.LinkRefused:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - SQLite may say "locked" instead
            outcomes.append(type(error).__name__)
        finally:
            close_old_connections()

    try:
        threads = [threading.Thread(target=attest) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        record.refresh_from_db()
        assert outcomes.count("attested") == 1, outcomes
        assert record.state == "attested"
        assert ProviderLink.objects.get().used_at is not None
    finally:
        # The flush cannot empty a locked row: lift the lock for it.
        locks_remove(connection)
        EarlierRsc.objects.all().delete()
        locks_install(connection)


def test_the_trainee_cannot_attest_her_own_record_through_the_link(asked, login):
    client = login(asked.trainee)
    path = last_link_path(EMAIL)
    _open(client, path)
    assert _attest(client, path).status_code == HTTPStatus.FORBIDDEN
    asked.refresh_from_db()
    assert asked.state == "waiting_provider"
