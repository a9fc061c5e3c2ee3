"""An outside provider signs a log through the emailed link, from the outside: the link needs
its one-time code, works once, expires, closes when revoked or when the address changes, and
shows only its own log; the sign-off is the same locked, hashed, chained record as in Attune."""

import datetime
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.reflective_logs.factories import CANARY, ReflectiveLogFactory
from training.providers import links
from training.providers.models import ProviderLink
from training.providers.services import outside_provider_update
from training.reflective_logs import services
from training.reflective_logs.enums import AuditAction, LogState
from training.reflective_logs.ledger import ledger_walk
from training.reflective_logs.models import LogAuditEvent, SignOff

from .factories import emails_to, last_code, last_link_path, outside_provider

pytestmark = pytest.mark.django_db

EMAIL = "rosa@elsewhere.example"


@pytest.fixture
def provider(trainee):
    return outside_provider(trainee, email=EMAIL)


@pytest.fixture
def sent_log(trainee, provider):
    """A log with an outside provider, submitted: the provider has been emailed a link."""
    log = ReflectiveLogFactory(
        trainee=trainee,
        session__provider=provider.account,
        session__held_on=timezone.localdate() - datetime.timedelta(days=3),
        use_of_self=f"What I noticed in myself. {CANARY}",
    )
    services.log_submit(log_id=log.pk, trainee=trainee, deid_confirmed=True)
    log.refresh_from_db()
    return log


def _open(client, path):
    """Open the link and confirm the code emailed for it."""
    assert client.get(path).status_code == HTTPStatus.OK
    response = client.post(path, {"code": last_code(EMAIL)})
    assert response.status_code == HTTPStatus.FOUND
    return client.get(path)


def test_submitting_emails_the_provider_a_link_and_no_log_text(sent_log):
    (email,) = [m for m in emails_to(EMAIL) if "/logs/provider/" in m.body]
    assert sent_log.trainee.display_name in email.subject
    assert CANARY not in email.body and "noticed" not in email.body
    assert ProviderLink.objects.get().token_hash not in email.body  # the token, not its hash


def test_the_link_opens_nothing_before_the_code(sent_log):
    response = Client().get(last_link_path(EMAIL))
    body = response.content.decode()
    assert "one-time code" in body
    assert CANARY not in body and sent_log.trainee.display_name not in body
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_with_the_code_the_provider_reads_and_signs_the_log(sent_log, provider):
    client = Client()
    path = last_link_path(EMAIL)
    page = _open(client, path).content.decode()
    assert CANARY in page
    response = client.post(path, {"action": "sign_off", "attested": "True"})
    assert response.status_code == HTTPStatus.OK
    sent_log.refresh_from_db()
    assert sent_log.state == LogState.SIGNED_OFF
    sign_off = SignOff.objects.get(log=sent_log)
    assert sign_off.signer == provider.account and sign_off.attested
    problems = []
    ledger_walk(problems)
    assert problems == []
    event = LogAuditEvent.objects.get(log_ref=sent_log.pk, action=AuditAction.SIGNED_OFF)
    assert event.actor == provider.account and event.details["via"].startswith("email link")
    # The trainee's page names the provider and how they were identified.
    trainee_client = Client()
    trainee_client.force_login(sent_log.trainee)
    detail = trainee_client.get(reverse("reflective_logs:detail", args=[sent_log.pk]))
    assert "identified by a one-time code sent to rosa@elsewhere.example" in detail.content.decode()


def test_the_link_works_once(sent_log):
    client = Client()
    path = last_link_path(EMAIL)
    _open(client, path)
    client.post(path, {"action": "sign_off", "attested": "True"})
    again = client.get(path)
    assert again.status_code == HTTPStatus.GONE
    assert "already been used" in again.content.decode()
    assert CANARY not in again.content.decode()
    assert Client().get(path).status_code == HTTPStatus.GONE
    assert SignOff.objects.filter(log=sent_log).count() == 1


def test_a_second_sign_off_in_another_tab_makes_one_record(sent_log):
    first, second = Client(), Client()
    path = last_link_path(EMAIL)
    _open(first, path)
    # The second browser confirms a code before the first signs.
    link = ProviderLink.objects.get()
    ProviderLink.objects.filter(pk=link.pk).update(code_sent_at=None)
    _open(second, path)
    first.post(path, {"action": "sign_off", "attested": "True"})
    response = second.post(path, {"action": "sign_off", "attested": "True"})
    assert response.status_code == HTTPStatus.GONE
    assert SignOff.objects.filter(log=sent_log).count() == 1


def test_wrong_codes_are_limited_then_the_link_locks(sent_log):
    client = Client()
    path = last_link_path(EMAIL)
    client.get(path)
    right = last_code(EMAIL)
    wrong = "000000" if right != "000000" else "111111"
    for left in range(links.MAX_CODE_FAILURES - 1, 0, -1):
        response = client.post(path, {"code": wrong})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert f"{left} tr" in response.content.decode()
    locked = client.post(path, {"code": wrong})
    assert locked.status_code == HTTPStatus.GONE
    # Even the right code opens nothing now.
    assert client.post(path, {"code": right}).status_code == HTTPStatus.GONE
    assert CANARY not in client.get(path).content.decode()


def test_codes_are_sent_at_most_once_a_minute_and_a_few_times_per_link(sent_log):
    link = ProviderLink.objects.get()
    assert links.code_send(link_id=link.pk)
    assert not links.code_send(link_id=link.pk)  # within the minute
    later = timezone.now()
    for minute in range(1, links.MAX_CODES_SENT):
        assert links.code_send(link_id=link.pk, now=later + datetime.timedelta(minutes=minute))
    assert not links.code_send(link_id=link.pk, now=later + datetime.timedelta(hours=1))


def test_a_code_works_once(sent_log):
    client = Client()
    path = last_link_path(EMAIL)
    client.get(path)
    code = last_code(EMAIL)
    assert client.post(path, {"code": code}).status_code == HTTPStatus.FOUND
    other = Client()
    response = other.post(path, {"code": code})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert CANARY not in response.content.decode()


def test_an_expired_link_is_closed(sent_log):
    ProviderLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = Client().get(last_link_path(EMAIL))
    assert response.status_code == HTTPStatus.GONE
    assert sent_log.trainee.display_name not in response.content.decode()


def test_a_revoked_link_is_closed_even_after_its_code(sent_log, trainee):
    client = Client()
    path = last_link_path(EMAIL)
    _open(client, path)
    services.provider_link_revoke(log_id=sent_log.pk, trainee=trainee)
    response = client.post(path, {"action": "sign_off", "attested": "True"})
    assert response.status_code == HTTPStatus.GONE
    sent_log.refresh_from_db()
    assert sent_log.state == LogState.SUBMITTED


def test_a_new_address_closes_links_sent_to_the_old_one(sent_log, provider):
    client = Client()
    path = last_link_path(EMAIL)
    _open(client, path)
    outside_provider_update(
        actor=provider.added_by,
        provider_id=provider.pk,
        first_name="Rosa",
        last_name="Outside",
        email="rosa@new-agency.example",
        category=provider.category,
        vetted=provider.vetted,
        endorsement_number=provider.endorsement_number,
        association=provider.association,
    )
    assert client.get(path).status_code == HTTPStatus.GONE


def test_a_resent_link_replaces_the_old_one(sent_log, trainee):
    old = last_link_path(EMAIL)
    services.provider_link_resend(log_id=sent_log.pk, trainee=trainee)
    new = last_link_path(EMAIL)
    assert new != old
    assert Client().get(old).status_code == HTTPStatus.GONE
    assert Client().get(new).status_code == HTTPStatus.OK


def test_a_provider_taken_off_the_list_can_no_longer_sign(sent_log, provider, trainee):
    client = Client()
    path = last_link_path(EMAIL)
    _open(client, path)
    provider.trainees.remove(trainee)
    response = client.post(path, {"action": "sign_off", "attested": "True"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    sent_log.refresh_from_db()
    assert sent_log.state == LogState.SUBMITTED


def test_the_link_shows_only_its_own_log(sent_log, provider, trainee):
    other_trainee = UserFactory(trainee=True)
    provider.trainees.add(other_trainee)
    other_secret = "ANOTHER-TRAINEES-WORDS-5521"
    other_log = ReflectiveLogFactory(
        trainee=other_trainee, session__provider=provider.account, use_of_self=other_secret
    )
    services.log_submit(log_id=other_log.pk, trainee=other_trainee, deid_confirmed=True)
    same_trainee_other = ReflectiveLogFactory(
        trainee=trainee, session__provider=provider.account, use_of_self="SECOND-LOG-TEXT-88"
    )
    first_link = ProviderLink.objects.get(target_id=sent_log.pk)
    assert first_link.target_id == sent_log.pk
    client = Client()
    # The first email's link, for sent_log only.
    path = [m for m in emails_to(EMAIL) if "/logs/provider/" in m.body][0].body
    path = "/" + path.split("://", 1)[1].split("/", 1)[1].split()[0]
    page = _open(client, path).content.decode()
    assert CANARY in page
    assert other_secret not in page and "SECOND-LOG-TEXT-88" not in page
    assert other_trainee.display_name not in page
    for message in emails_to(EMAIL):
        assert other_secret not in message.body and CANARY not in message.body
    assert same_trainee_other.pk != sent_log.pk


def test_the_trainee_cannot_use_her_own_providers_link(sent_log, trainee):
    client = Client()
    client.force_login(trainee)
    path = last_link_path(EMAIL)
    _open(client, path)
    response = client.post(path, {"action": "sign_off", "attested": "True"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    sent_log.refresh_from_db()
    assert sent_log.state == LogState.SUBMITTED


def test_returning_uses_the_link_and_resubmitting_sends_a_new_one(sent_log, trainee):
    client = Client()
    path = last_link_path(EMAIL)
    _open(client, path)
    response = client.post(path, {"action": "return", "request": "Please add the date."})
    assert response.status_code == HTTPStatus.OK
    sent_log.refresh_from_db()
    assert sent_log.state == LogState.RETURNED
    assert client.get(path).status_code == HTTPStatus.GONE
    services.log_submit(log_id=sent_log.pk, trainee=trainee, deid_confirmed=True)
    assert last_link_path(EMAIL) != path


def test_comments_keep_the_link_open(sent_log):
    client = Client()
    path = last_link_path(EMAIL)
    _open(client, path)
    response = client.post(path, {"action": "comment", "section": "use_of_self", "body": "Yes."})
    assert response.status_code == HTTPStatus.FOUND
    client.post(path, {"action": "comment", "section": "use_of_self", "body": "Yes."})
    assert sent_log.comments.count() == 1  # a double click adds it once
    assert client.get(path).status_code == HTTPStatus.OK


def test_bad_input_on_the_link_page_keeps_it_open_with_a_message(sent_log):
    client = Client()
    path = last_link_path(EMAIL)
    _open(client, path)
    response = client.post(path, {"action": "return", "request": ""})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This field is required" in response.content.decode()
    assert client.post(path, {"action": "nonsense"}).status_code == HTTPStatus.NOT_FOUND
    sent_log.refresh_from_db()
    assert sent_log.state == LogState.SUBMITTED


@pytest.mark.parametrize("token", ["x", "a" * 43, "a" * 500])
def test_unknown_tokens_answer_the_same_neutral_page(token):
    response = Client().get(f"/logs/provider/{token}/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "no longer valid" in response.content.decode()


def test_only_hashes_are_stored(sent_log):
    Client().get(last_link_path(EMAIL))
    link = ProviderLink.objects.get()
    token = last_link_path(EMAIL).rstrip("/").rsplit("/", 1)[1]
    code = last_code(EMAIL)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM providers_providerlink")
        stored = repr(cursor.fetchall())
    assert token not in stored and code not in stored
    assert link.code_hash
