"""Issue 16, item 5: wherever a trainee's RSC is listed — her log list, her readiness page, a
supervisor's view of it, the portfolio's CSV — each log that does not count says why, in the
engine's words, and the pages agree."""

import csv
import datetime
import html
import io
import re
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.auth import sign_in
from tests.competencies.factories import category
from tests.factories import ProfileFactory, SupervisionAssignmentFactory, UserFactory
from tests.reflective_logs.factories import ReflectiveLogFactory
from training.competencies.models import ProviderQualification
from training.core import verdicts
from training.readiness.engine import (
    COUNTED,
    NOT_SIGNED,
    OUTSIDE_WINDOW,
    PEER,
    PROVIDER_NOT_QUALIFIED,
    REASON_TEXT,
    THIRD_PROVIDER,
)
from training.readiness.portfolio import portfolio_zip

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = TODAY - datetime.timedelta(days=3 * 365)  # IMHS counts RSC of the last 24 months


def _provider(*, qualified: bool):
    provider = UserFactory(supervisor=True)
    if qualified:
        ProviderQualification.objects.create(supervisor=provider, category=category("IMHM-C"))
    return provider


def _log(trainee, provider, *, days_ago=3, minutes=60, state="signed_off", peer=False):
    return ReflectiveLogFactory(
        trainee=trainee,
        session__provider=provider,
        session__held_on=TODAY - datetime.timedelta(days=days_ago),
        session__minutes=minutes,
        session__is_peer=peer,
        paired=False,
        state=state,
    )


@pytest.fixture
def situations(trainee):
    """A trainee aiming at IMHS with one log in each situation, and the reason the engine
    must give for each: {log id: reason}."""
    ProfileFactory(user=trainee, target_category=category("IMHS"))
    first, second, third = (_provider(qualified=True) for _ in range(3))
    unqualified = _provider(qualified=False)
    for provider in (first, second, third, unqualified):
        SupervisionAssignmentFactory(
            supervisor=provider, trainee=trainee, starts_on=LONG_AGO - datetime.timedelta(days=30)
        )
    logs = {
        _log(trainee, first, minutes=120): COUNTED,
        _log(trainee, second, minutes=90, days_ago=10): COUNTED,
        _log(trainee, third, minutes=30, days_ago=20): THIRD_PROVIDER,
        _log(trainee, unqualified, days_ago=30): PROVIDER_NOT_QUALIFIED,
        _log(trainee, first, days_ago=(TODAY - LONG_AGO).days): OUTSIDE_WINDOW,
        _log(trainee, first, days_ago=40, peer=True): PEER,
        _log(trainee, second, days_ago=5, state="submitted"): NOT_SIGNED,
    }
    return {log.pk: reason for log, reason in logs.items()}


def _reasons_on(page: str, row_attr: str) -> dict[int, str]:
    """{log id: the sentence in the row's data-reason} for every row of the page that has one."""
    pattern = rf'<tr {row_attr}="(?:rsc:)?(\d+)"[^>]*?>.*?data-reason="([^"]*)"'
    found = {}
    for row in re.findall(r"<tr [^>]*>.*?</tr>", page, re.S):
        match = re.match(pattern, row, re.S)
        if match:
            found[int(match.group(1))] = html.unescape(match.group(2))
    return found


def _log_list_reasons(client) -> dict[int, str]:
    response = client.get(reverse("reflective_logs:list"))
    assert response.status_code == 200
    return _reasons_on(response.content.decode(), "data-log")


def _readiness_reasons(client, url) -> dict[int, str]:
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    rows = re.findall(r'<tr data-outcome="rsc:(\d+)" data-reason="([^"]*)">(.*?)</tr>', page, re.S)
    # A log that does not count says so in the row's words, not only in an attribute.
    for _pk, why, cells in rows:
        said = "Yes" if why == REASON_TEXT[COUNTED] else html.unescape(why)
        assert said in html.unescape(cells)
    return {int(pk): html.unescape(why) for pk, why, _cells in rows}


def _portfolio_reasons(trainee) -> dict[int, str]:
    with zipfile.ZipFile(io.BytesIO(portfolio_zip(trainee=trainee))) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("rsc.csv").decode())))
    for row in rows:
        assert row["counted"] == ("yes" if row["why"] == REASON_TEXT[COUNTED] else "no")
    return {int(row["log"]): row["why"] for row in rows}


def test_the_log_list_says_why_each_log_did_not_count(login, trainee, situations):
    shown = _log_list_reasons(login(trainee))
    assert shown == {pk: REASON_TEXT[reason] for pk, reason in situations.items()}
    page = login(trainee).get(reverse("reflective_logs:list")).content.decode()
    assert "No: " + REASON_TEXT[PROVIDER_NOT_QUALIFIED] in page  # said in words, not only data


def test_a_draft_is_not_judged(login, trainee, situations):
    draft = _log(trainee, _provider(qualified=True), state="draft")
    shown = _log_list_reasons(login(trainee))
    assert draft.pk not in shown and set(shown) == set(situations)


def test_the_readiness_page_gives_the_same_sentences(login, trainee, situations):
    shown = _readiness_reasons(login(trainee), reverse("readiness"))
    assert shown == {pk: REASON_TEXT[reason] for pk, reason in situations.items()}


def test_her_supervisor_sees_the_same_sentences(client, trainee, situations):
    supervisor = SupervisionAssignmentFactory(trainee=trainee).supervisor
    sign_in(client, supervisor)
    shown = _readiness_reasons(client, reverse("readiness_of", args=[trainee.pk]))
    assert shown == {pk: REASON_TEXT[reason] for pk, reason in situations.items()}


def test_the_portfolio_csv_gives_the_same_sentences_for_signed_logs(trainee, situations):
    shown = _portfolio_reasons(trainee)
    # The portfolio carries signed-off evidence (with its sign-off hash): a log still waiting
    # for sign-off is not in it.
    signed = {pk: REASON_TEXT[r] for pk, r in situations.items() if r != NOT_SIGNED}
    assert shown == signed


def test_the_three_agree(login, trainee, situations):
    client = login(trainee)
    on_list = _log_list_reasons(client)
    on_page = _readiness_reasons(client, reverse("readiness"))
    in_portfolio = _portfolio_reasons(trainee)
    assert on_list == on_page
    assert {pk: on_list[pk] for pk in in_portfolio} == in_portfolio


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reflective_logs:list")).status_code == 200
    return len(queries)


def test_the_log_list_reads_the_evidence_once_whatever_the_number_of_logs(login, trainee):
    ProfileFactory(user=trainee, target_category=category("IMHS"))
    providers = [_provider(qualified=q) for q in (True, True, True, False)]
    for provider in providers:
        SupervisionAssignmentFactory(
            supervisor=provider, trainee=trainee, starts_on=LONG_AGO - datetime.timedelta(days=30)
        )

    def add(count, offset):
        for i in range(count):
            _log(
                trainee,
                providers[i % len(providers)],
                days_ago=offset + i,
                state="submitted" if i % 3 else "signed_off",
            )

    client = login(trainee)
    add(10, 1)
    assert len(_log_list_reasons(client)) == 10
    few = _list_queries(client)
    add(20, 20)
    assert len(_log_list_reasons(client)) == 30
    assert _list_queries(client) == few


def test_without_readiness_registered_the_list_shows_no_reason_rather_than_guessing(
    login, trainee, situations, monkeypatch
):
    monkeypatch.setattr(verdicts, "_readers", {})
    page = login(trainee).get(reverse("reflective_logs:list")).content.decode()
    assert _reasons_on(page, "data-log") == {}
    assert REASON_TEXT[PEER] not in page and f'data-log="{min(situations)}"' in page
