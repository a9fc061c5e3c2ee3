"""The supervisor's review with less burden: the decision first, comments beside sections, empty
sections on one line, straight on to the next waiting log, an archive per supervisee."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import SupervisionAssignmentFactory, UserFactory
from training.reflective_logs import selectors
from training.reflective_logs.models import ReflectiveLog

from .factories import CANARY, ReflectiveLogFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"reflective_logs:{name}", args=args)


def waiting(supervisor, *, days_ago: int, **fields):
    """A log from a supervisee of `supervisor`, submitted `days_ago` days ago."""
    log = ReflectiveLogFactory(session__provider=supervisor, state="submitted", **fields)
    ReflectiveLog.objects.filter(pk=log.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return log


def flashed(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


# The review page


def test_the_decision_comes_before_the_log_text(login, submitted_log):
    body = login(submitted_log.session.provider).get(url("review", submitted_log.pk))
    html = body.content.decode()
    decision = html.index('id="decision"')
    assert decision < html.index(url("sign_off", submitted_log.pk)) < html.index(CANARY)
    assert html.index(url("return", submitted_log.pk)) < html.index(CANARY)
    assert 'href="#decision"' in html  # the phone's sticky bar leads back to it


def test_empty_sections_are_named_on_one_line(login, submitted_log):
    html = login(submitted_log.session.provider).get(url("review", submitted_log.pk))
    html = html.content.decode()
    assert "Not written." not in html
    line = re.search(r'id="sections-not-written">([^<]*)<', html).group(1)
    assert line == "Not written: Parallel process, The reflective alliance."
    assert 'id="section-parallel_process"' not in html


def test_each_written_section_has_its_own_comment_form(login, submitted_log):
    html = login(submitted_log.session.provider).get(url("review", submitted_log.pk))
    html = html.content.decode()
    sections = re.findall(r'name="section" value="([a-z_]+)"', html)
    written = [name for name, _, text in submitted_log.sections() if text]
    assert sections == written
    assert 'for="comment-use_of_self"' in html


def test_a_comment_posted_beside_a_section_is_anchored_there(login, submitted_log):
    client = login(submitted_log.session.provider)
    client.post(url("comment", submitted_log.pk), {"section": "baby_in_mind", "body": "And then?"})
    comment = submitted_log.comments.get()
    assert (comment.section, comment.body) == ("baby_in_mind", "And then?")
    html = client.get(url("review", submitted_log.pk)).content.decode()
    section = html.split('id="section-baby_in_mind"')[1].split("</section>")[0]
    assert "And then?" in section


def test_a_refused_comment_reopens_beside_its_section_with_the_error(login, submitted_log):
    client = login(submitted_log.session.provider)
    response = client.post(url("comment", submitted_log.pk), {"section": "use_of_self", "body": ""})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    section = html.split('id="section-use_of_self"')[1].split("</section>")[0]
    assert '<details class="section-comment" open>' in section
    assert "This field is required" in section


def test_a_trainee_reading_her_log_sees_no_comment_forms(login, submitted_log):
    html = login(submitted_log.trainee).get(url("detail", submitted_log.pk)).content.decode()
    assert url("comment", submitted_log.pk) not in html
    assert "Not written: Parallel process, The reflective alliance." in html


# After the decision: the next waiting log


def test_signing_off_goes_on_to_the_oldest_log_still_waiting(login, supervisor):
    oldest = waiting(supervisor, days_ago=9)
    middle = waiting(supervisor, days_ago=5)
    waiting(supervisor, days_ago=1)
    client = login(supervisor)
    response = client.post(url("sign_off", middle.pk), {"attested": "on"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == url("review", oldest.pk)
    assert f"Next waiting: the log by {oldest.trainee.display_name}." in flashed(response)


def test_returning_also_goes_on_in_queue_order(login, supervisor):
    first = waiting(supervisor, days_ago=4)
    second = waiting(supervisor, days_ago=2)
    client = login(supervisor)
    response = client.post(url("return", first.pk), {"request": "Where was the baby?"})
    assert response["Location"] == url("review", second.pk)
    response = client.post(url("sign_off", second.pk), {"attested": "on"})
    assert response["Location"] == url("queue")


def test_with_nothing_left_the_supervisor_is_told_so_in_the_queue(login, submitted_log):
    client = login(submitted_log.session.provider)
    response = client.post(url("sign_off", submitted_log.pk), {"attested": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == url("queue")
    assert "Nothing else waits for you." in response.content.decode()


def test_the_next_log_is_never_someone_elses(supervisor):
    mine = waiting(supervisor, days_ago=1)
    waiting(UserFactory(supervisor=True, with_mfa=True), days_ago=8)
    # A log from a former supervisee is no longer this supervisor's to review.
    former = waiting(supervisor, days_ago=9)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    former.trainee.supervisor_assignments.update(ends_on=yesterday)
    assert selectors.next_waiting_log(supervisor=supervisor) == mine
    assert selectors.next_waiting_log(supervisor=supervisor, after=mine) is None


# The archive of signed logs, per supervisee


@pytest.fixture
def two_supervisees(supervisor):
    ana = ReflectiveLogFactory(session__provider=supervisor, state="signed_off")
    ben = ReflectiveLogFactory(session__provider=supervisor, state="signed_off")
    return ana, ben


def test_the_archive_lists_each_supervisee_and_filters_to_one(login, supervisor, two_supervisees):
    ana, ben = two_supervisees
    client = login(supervisor)
    everyone = client.get(url("signed_by_me")).content.decode()
    assert ana.trainee.display_name in everyone and ben.trainee.display_name in everyone
    assert f"?trainee={ana.trainee.pk}" in everyone
    one = client.get(url("signed_by_me"), {"trainee": ana.trainee.pk}).content.decode()
    table = one.split('id="signed-sessions"')[1]
    assert ana.trainee.display_name in table and ben.trainee.display_name not in table
    assert url("review", ana.pk) in table
    assert CANARY not in one


@pytest.mark.parametrize("which", ["other supervisor's supervisee", "nobody", "not a number"])
def test_the_archive_of_someone_not_signed_for_is_not_found(login, supervisor, which):
    other = ReflectiveLogFactory(
        session__provider=UserFactory(supervisor=True, with_mfa=True), state="signed_off"
    )
    ReflectiveLogFactory(session__provider=supervisor, state="signed_off")
    value = {
        "other supervisor's supervisee": other.trainee.pk,
        "nobody": 10**6,
        "not a number": "x' or 1=1",
    }[which]
    response = login(supervisor).get(url("signed_by_me"), {"trainee": value})
    assert response.status_code == HTTPStatus.NOT_FOUND
    body = response.content.decode()
    assert other.trainee.display_name not in body and CANARY not in body


def test_the_archive_never_shows_another_supervisors_sign_offs(login, supervisor):
    mine = ReflectiveLogFactory(session__provider=supervisor, state="signed_off")
    other = ReflectiveLogFactory(
        session__provider=UserFactory(supervisor=True, with_mfa=True), state="signed_off"
    )
    body = login(supervisor).get(url("signed_by_me")).content.decode()
    assert mine.trainee.display_name in body
    assert other.trainee.display_name not in body


def test_the_dashboard_links_each_supervisees_signed_logs(login, supervisor, two_supervisees):
    ana, _ = two_supervisees
    SupervisionAssignmentFactory(supervisor=supervisor)  # a supervisee with nothing signed yet
    html = login(supervisor).get(reverse("dashboard_supervisor")).content.decode()
    assert f"{url('signed_by_me')}?trainee={ana.trainee.pk}" in html
    assert html.count(f"{url('signed_by_me')}?trainee=") == 2


def test_the_dashboard_opens_the_oldest_waiting_log_in_one_click(login, supervisor):
    oldest = waiting(supervisor, days_ago=6)
    waiting(supervisor, days_ago=2)
    html = login(supervisor).get(reverse("dashboard_supervisor")).content.decode()
    assert f'href="{url("review", oldest.pk)}"' in html


# Two-factor set-up on the dashboard


def test_a_supervisor_with_an_authenticator_is_not_asked_to_set_one_up(login, supervisor):
    html = login(supervisor).get(reverse("dashboard_supervisor")).content.decode()
    assert "second-factor-prompt" not in html


def test_a_supervisor_without_one_is_prompted_to_set_it_up(login, settings):
    # Only a demo account while DEBUG is on reaches the dashboard without one (the rest must
    # enrol first, tests/users/test_mfa.py).
    settings.DEBUG = True
    demo = UserFactory(supervisor=True, is_demo=True)
    response = login(demo).get(reverse("dashboard_supervisor"))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    prompt = html.split('id="second-factor-prompt"')[1].split("</section>")[0]
    assert f'href="{reverse("mfa_index")}"' in prompt


def test_the_archive_opens_no_log_of_a_former_supervisee(login, supervisor):
    log = ReflectiveLogFactory(session__provider=supervisor, state="signed_off")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    log.trainee.supervisor_assignments.update(ends_on=yesterday)
    body = login(supervisor).get(url("signed_by_me")).content.decode()
    assert log.trainee.display_name in body  # what she signed stays in her history
    assert url("review", log.pk) not in body
    assert "Kept by the trainee" in body
