import datetime
import json
import re
from decimal import Decimal
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from tests.auth import sign_in
from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import TrainingRecordFactory, category
from tests.factories import ProfileFactory, SupervisionAssignmentFactory, UserFactory
from training.competencies.models import ProviderQualification
from training.readiness import evidence, selectors
from training.readiness.engine import evaluate
from training.reflective_logs.selectors import RscRow

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(trainee, fake_logs):  # noqa: F811
    """A trainee aiming at IMHS with training (some unverified) and signed RSC."""
    trainee.first_name = "Noor"
    trainee.save()
    ProfileFactory(user=trainee, target_category=category("IMHS"))
    today = timezone.localdate()
    TrainingRecordFactory(trainee=trainee, hours=Decimal("12.50"), title="Series on attachment")
    TrainingRecordFactory(trainee=trainee, hours=Decimal("6"), dei=True)
    TrainingRecordFactory(trainee=trainee, hours=Decimal("20"), pending=True)
    provider = UserFactory(supervisor=True)
    ProviderQualification.objects.create(supervisor=provider, category=category("IMHM-C"))
    for i in range(10):
        held = today - datetime.timedelta(days=20 * i + 1)
        fake_logs.append(
            RscRow(i, held, 90, provider.pk, "P", True, False, False, held, f"h{i}", ())
        )
    return trainee


def page_figures(html: str) -> list[tuple[str, str, str]]:
    """(code, have, detail) for each requirement shown on the page."""
    return re.findall(
        r'data-requirement="([a-z_]+)" data-state="[a-z_]+" data-have="([\d.]+)".*?'
        r"data-detail>([^<]*)<",
        html,
        re.S,
    )


def engine_report(trainee):
    today = timezone.localdate()
    loaded = evidence.evidence_for([trainee.pk], today)[trainee.pk]
    return evaluate(
        evidence.rules_for(category("IMHS")),
        loaded.training_items(),
        loaded.rsc_items(),
        today,
        loaded.record,
    )


def test_the_page_shows_what_the_engine_says(login, seeded):
    html = login(seeded).get(reverse("readiness")).content.decode()
    report = engine_report(seeded)
    shown = page_figures(html)
    assert [code for code, _h, _d in shown] == [r.code for r in report.results]
    for (code, have, detail), result in zip(shown, report.results, strict=True):
        assert Decimal(have) == result.have, code
        assert detail == result.detail.replace("'", "&#x27;")
    assert report.result("training_hours").have == Decimal("18.50")  # pending not counted
    assert report.result("rsc_hours").have == Decimal("15.00")


def test_the_command_prints_the_same_report(seeded):
    out = StringIO()
    call_command("readiness", seeded.email, "--json", stdout=out)
    data = json.loads(out.getvalue())
    report = engine_report(seeded)
    assert data["category"] == "IMHS"
    assert data["report"]["ready"] is report.ready
    assert [(r["code"], Decimal(r["have"]), r["met"]) for r in data["report"]["results"]] == [
        (r.code, r.have, r.met) for r in report.results
    ]
    text = StringIO()
    call_command("readiness", seeded.email, stdout=text)
    printed = text.getvalue()
    assert "Infant Mental Health Specialist (IMHS): NOT READY TO APPLY" in printed
    # Every requirement kind, with its state and what is missing.
    assert "  education: [not met] Needs a master's degree or higher." in printed
    assert "  exam: [not met] Taken after your application is reviewed" in printed


def test_the_command_takes_another_category_and_day(seeded):
    out = StringIO()
    call_command(
        "readiness",
        seeded.email,
        "--category",
        "ifa",
        "--as-of",
        "2020-01-01",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["category"] == "IFA"
    assert data["as_of"] == "2020-01-01"
    assert data["report"]["results"][0]["have"] == "0.00"


@pytest.mark.parametrize(
    "args", [["nobody@example.org"], ["{email}", "--category", "NOPE"], ["{email}", "--as-of", "x"]]
)
def test_the_command_explains_bad_arguments(seeded, args):
    with pytest.raises(CommandError):
        call_command("readiness", *[a.format(email=seeded.email) for a in args])


def test_the_page_has_the_grid_chart_and_text_alternative(login, seeded):
    html = login(seeded).get(reverse("readiness")).content.decode()
    assert "Competency evidence" in html
    assert "<svg" in html and 'role="img"' in html
    assert "Show as a table" in html
    assert "style=" not in html  # the CSP forbids inline styles


def test_the_evidence_grid_fills_in_from_records_and_signed_logs(seeded, fake_logs):  # noqa: F811
    from training.competencies.demo import seed_framework
    from training.competencies.models import Competency

    seed_framework()
    area = Competency.objects.get(name="Cultural competence")
    TrainingRecordFactory(trainee=seeded, title="Culture and families").competencies.add(area)
    held = timezone.localdate()
    fake_logs.append(RscRow(99, held, 60, 1, "P", True, False, False, held, "z", (area.pk,)))
    grid = selectors.competency_grid(evidence.evidence_for([seeded.pk], held)[seeded.pk])
    row = next(r for d in grid for r in d.rows if r.competency_id == area.pk)
    assert [e.label for e in row.external] == ["Culture and families (6 h)"]
    assert len(row.rsc) == 1
    assert len(grid) == 10


# --- who may see it ----------------------------------------------------------------------


def test_another_trainee_gets_404_and_learns_nothing(client, seeded, other_trainee):
    sign_in(client, other_trainee)
    response = client.get(reverse("readiness_of", args=[seeded.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    body = response.content.decode()
    assert "Noor" not in body and seeded.email not in body and "IMHS" not in body


def test_the_assigned_supervisor_sees_it(client, seeded):
    supervisor = SupervisionAssignmentFactory(trainee=seeded).supervisor
    sign_in(client, supervisor)
    response = client.get(reverse("readiness_of", args=[seeded.pk]))
    assert response.status_code == HTTPStatus.OK
    assert "Endorsement readiness of Noor" in response.content.decode()


def test_a_past_supervisor_does_not(client, seeded):
    supervisor = SupervisionAssignmentFactory(
        trainee=seeded,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    ).supervisor
    sign_in(client, supervisor)
    response = client.get(reverse("readiness_of", args=[seeded.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_cohort_coordinators_see_it_and_others_do_not(client, seeded, coordinator):
    url = reverse("readiness_of", args=[seeded.pk])
    sign_in(client, coordinator)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    CohortFactory(coordinator=coordinator, trainees=[seeded])
    assert client.get(url).status_code == HTTPStatus.OK


def test_anonymous_visitors_are_sent_to_sign_in(client, seeded):
    response = client.get(reverse("readiness_of", args=[seeded.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_a_trainee_without_a_target_is_told_how_to_choose_one(login, trainee):
    html = login(trainee).get(reverse("readiness")).content.decode()
    assert "Choose an endorsement" in html


def test_the_supervisor_dashboard_links_to_each_supervisees_readiness(login, supervisor, seeded):
    SupervisionAssignmentFactory(supervisor=supervisor, trainee=seeded)
    html = login(supervisor).get(reverse("dashboard_supervisor")).content.decode()
    assert reverse("readiness_of", args=[seeded.pk]) in html
    assert reverse("records_verification_queue") in html
