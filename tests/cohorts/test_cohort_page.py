"""The coordinator's cohort page asks less (issue 17): pairing on its own page with every
problem summarised at its top (the overlap before the waivable qualification warning), names
that open each trainee's progress, a pairing ended from the page, erasure one click away, and
selects that look like selects."""

import datetime
import re
from http import HTTPStatus

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from home.templatetags.attune_forms import widget_class
from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import category
from tests.factories import SupervisionAssignmentFactory, UserFactory
from training.cohorts.forms import PairingForm, error_summary
from training.cohorts.services import assignment_create
from training.core.forms import QuickSelect
from training.privacy.models import PrivacyAuditEvent
from training.users.models import SupervisionAssignment
from training.users.services import profile_update

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
OVERLAP = "These two are already paired for part of this period."
NOT_QUALIFIED = "is not qualified in the provider registry"


@pytest.fixture
def member():
    trainee = UserFactory(trainee=True, first_name="Marisol", last_name="Quintero")
    profile_update(user=trainee, target_category=category("IFS"))
    return trainee


@pytest.fixture
def cohort(coordinator, member):
    return CohortFactory(coordinator=coordinator, trainees=[member], name="Autumn visitors")


@pytest.fixture
def unqualified(member):
    """A supervisor with no qualification on record, already paired with the member."""
    supervisor = UserFactory(supervisor=True, with_mfa=True)
    SupervisionAssignmentFactory(supervisor=supervisor, trainee=member, starts_on=TODAY - 9 * DAY)
    return supervisor


def _pair(client, cohort, trainee, supervisor, **extra):
    data = {
        "trainee": trainee.pk,
        "supervisor": supervisor.pk,
        "kind": "individual",
        "starts_on": TODAY.isoformat(),
        **extra,
    }
    return client.post(reverse("cohort_pair", args=[cohort.pk]), data)


def test_the_cohort_page_links_to_the_pairing_page_before_the_roster(login, coordinator, cohort):
    page = login(coordinator).get(reverse("cohort_detail", args=[cohort.pk])).content.decode()
    pair_url = reverse("cohort_pair", args=[cohort.pk])
    assert page.index(f'href="{pair_url}"') < page.index('id="cohort-table"')
    # The form itself has moved: the page no longer carries it below the charts.
    assert 'name="pair_anyway"' not in page
    # The charts come last, folded away.
    assert page.index('id="cohort-table"') < page.index('<details class="mt-4" id="cohort-charts"')


def test_the_pairing_page_offers_only_the_cohorts_members(login, coordinator, cohort, member):
    outsider = UserFactory(trainee=True, last_name="Elsewhere")
    CohortFactory(trainees=[outsider])
    response = login(coordinator).get(reverse("cohort_pair", args=[cohort.pk]))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert member.display_name in page
    assert "Elsewhere" not in page
    assert 'id="error-summary"' not in page


@pytest.mark.parametrize("role", ["coordinator", "trainee", "supervisor"])
def test_the_pairing_page_of_another_cohort_is_not_found(login, cohort, unqualified, role):
    outsider = UserFactory(**{role: True}, with_mfa=True)
    if role == "coordinator":
        CohortFactory(coordinator=outsider)
    client = login(outsider)
    url = reverse("cohort_pair", args=[cohort.pk])
    for response in (client.get(url), _pair(client, cohort, cohort.trainees.get(), unqualified)):
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "Autumn visitors" not in response.content.decode()
        assert "Quintero" not in response.content.decode()
    assert SupervisionAssignment.objects.count() == 1


def test_a_failed_pairing_summarises_the_overlap_first_then_the_warning_and_takes_focus(
    login, coordinator, cohort, member, unqualified
):
    response = _pair(login(coordinator), cohort, member, unqualified)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    page = response.content.decode()
    summary = re.search(
        r'<section class="alert alert-danger error-summary".*?</section>', page, re.S
    )
    assert summary, "no error summary"
    opening = summary.group(0).split(">", 1)[0]
    assert 'tabindex="-1"' in opening and "autofocus" in opening
    text = summary.group(0)
    assert text.index(OVERLAP) < text.index(NOT_QUALIFIED)
    assert f'href="#id_starts_on">{OVERLAP}' in text
    assert 'href="#id_supervisor">' in text
    # The summary comes before the form, and the fields it links to are on the page.
    assert page.index('id="error-summary"') < page.index('name="trainee"')
    assert 'id="id_starts_on"' in page and 'id="id_supervisor"' in page
    assert "<title>Not saved:" in page
    assert SupervisionAssignment.objects.count() == 1


def test_the_service_names_both_problems_the_overlap_before_the_warning(
    coordinator, cohort, member, unqualified
):
    form = PairingForm(
        {
            "trainee": member.pk,
            "supervisor": unqualified.pk,
            "kind": "individual",
            "starts_on": TODAY.isoformat(),
        },
        cohort=cohort,
    )
    assert form.is_valid()
    with pytest.raises(Exception) as raised:
        assignment_create(actor=coordinator, cohort=cohort, **form.cleaned_data)
    for field, problems in raised.value.error_dict.items():
        form.add_error(field, problems)
    summary = error_summary(form)
    assert [item.warning for item in summary] == [False, True]
    assert summary[0].message == OVERLAP and summary[0].field_id == "id_starts_on"
    assert NOT_QUALIFIED in summary[1].message


def test_a_waived_warning_still_refuses_the_overlap(
    login, coordinator, cohort, member, unqualified
):
    response = _pair(login(coordinator), cohort, member, unqualified, pair_anyway="on")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    page = response.content.decode()
    assert OVERLAP in page and NOT_QUALIFIED not in page
    assert SupervisionAssignment.objects.count() == 1


def test_selects_look_like_selects_and_the_checkbox_like_a_checkbox(login, coordinator, cohort):
    page = login(coordinator).get(reverse("cohort_pair", args=[cohort.pk])).content.decode()
    for name in ("trainee", "supervisor", "kind"):
        tag = re.search(rf'<select[^>]*name="{name}"[^>]*>', page).group(0)
        assert 'class="form-select' in tag, tag
    checkbox = re.search(r'<input[^>]*name="pair_anyway"[^>]*>', page).group(0)
    assert 'class="form-check-input"' in checkbox
    date = re.search(r'<input[^>]*name="starts_on"[^>]*>', page).group(0)
    assert 'class="form-control"' in date


@pytest.mark.parametrize(
    "widget, css",
    [
        (QuickSelect(), "form-select"),
        (forms.Select(), "form-select"),
        (forms.SelectMultiple(), "form-select"),
        (forms.NullBooleanSelect(), "form-select"),
        (forms.CheckboxInput(), "form-check-input"),
        (forms.CheckboxSelectMultiple(), ""),
        (forms.RadioSelect(), ""),
        (forms.DateInput(), "form-control"),
        (forms.Textarea(), "form-control"),
        (forms.ClearableFileInput(), "form-control"),
    ],
)
def test_each_widget_gets_the_frameworks_class_for_what_it_is(widget, css):
    assert widget_class(widget) == css


def test_trainee_names_link_to_their_progress(login, coordinator, cohort, member, unqualified):
    client = login(coordinator)
    page = client.get(reverse("cohort_detail", args=[cohort.pk])).content.decode()
    progress = reverse("readiness_of", args=[member.pk])
    # Once in the roster, once in the pairings.
    assert page.count(f'<a href="{progress}">{member.display_name}</a>') == 2
    assert client.get(progress).status_code == HTTPStatus.OK


def test_the_supervisees_table_is_unchanged_for_a_supervisor(login, unqualified, member):
    page = login(unqualified).get(reverse("reports_supervisees")).content.decode()
    assert member.display_name in page
    assert reverse("readiness_of", args=[member.pk]) not in page


def test_ending_a_pairing_from_the_cohort_page_ends_it_today(
    login, coordinator, cohort, member, unqualified
):
    pairing = SupervisionAssignment.objects.get()
    client = login(coordinator)
    url = reverse("cohort_pairing_end", args=[cohort.pk, pairing.pk])
    page = client.get(reverse("cohort_detail", args=[cohort.pk])).content.decode()
    form = page[page.index(f'action="{url}"') :]
    form = form[: form.index("</form>")]
    assert 'name="submission_key"' in form and "Yes, end it today" in form
    assert page.rindex("<details", 0, page.index(f'action="{url}"')) > page.index('id="pairings"')

    response = client.post(url)
    assert response.status_code == HTTPStatus.FOUND
    pairing.refresh_from_db()
    assert pairing.ends_on == TODAY
    assert PrivacyAuditEvent.objects.filter(action="assignment_end").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert f"ends on {TODAY:%-d %b %Y}" in page
    # Ending today is already done: the page says so and offers no second end.
    assert "Ends today" in page and f'action="{url}"' not in page


def test_another_cohorts_coordinator_cannot_end_the_pairing(login, cohort, unqualified):
    pairing = SupervisionAssignment.objects.get()
    other = UserFactory(coordinator=True, with_mfa=True)
    CohortFactory(coordinator=other)
    response = login(other).post(reverse("cohort_pairing_end", args=[cohort.pk, pairing.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Quintero" not in response.content.decode()
    pairing.refresh_from_db()
    assert pairing.ends_on is None
    assert not PrivacyAuditEvent.objects.filter(action="assignment_end").exists()


def test_the_erasure_page_is_in_the_coordinators_navigation_and_dashboard(login, coordinator):
    client = login(coordinator)
    erasure = reverse("privacy_erasure")
    header = client.get(reverse("cohort_list")).content.decode()
    assert f'href="{erasure}" data-nav="erasure"' in header
    dashboard = client.get(reverse("dashboard_coordinator")).content.decode()
    assert dashboard.count(f'href="{erasure}"') == 2  # the navigation and the dashboard


@pytest.mark.parametrize("role", ["trainee", "supervisor"])
def test_others_are_not_shown_the_erasure_link(login, role):
    page = login(UserFactory(**{role: True}, with_mfa=True)).get("/").content.decode()
    assert reverse("privacy_erasure") not in page


def test_the_coordinator_reads_the_trainees_name_not_your(login, coordinator, cohort, member):
    page = login(coordinator).get(reverse("cohort_application", args=[cohort.pk, member.pk]))
    body = page.content.decode()
    assert page.status_code == HTTPStatus.OK
    assert "Marisol needs" in body
    assert "more hours of verified training" in body
    assert not re.search(r"\byou need\b|\byour main provider\b", body, re.I)
