from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.applications.factories import complete_application
from tests.competencies.factories import TrainingRecordFactory
from tests.factories import ProfileFactory, SupervisionAssignmentFactory
from tests.records.conftest import PDF_BYTES
from training.competencies.models import EndorsementCategory

pytestmark = pytest.mark.e2e


def test_a_trainee_records_training_their_supervisor_verifies_and_readiness_moves(
    page, live_server, categories, sign_in_as, axe, tmp_path
):
    assignment = SupervisionAssignmentFactory()
    trainee = assignment.trainee
    ProfileFactory(user=trainee, target_category=EndorsementCategory.objects.get(code="IFA"))
    TrainingRecordFactory(trainee=trainee, hours=Decimal("20"), title="Infant development")
    complete_application(trainee)  # everything IFA asks beyond hours

    page.set_viewport_size({"width": 375, "height": 800})
    sign_in_as(trainee)
    page.goto(f"{live_server.url}/readiness/")
    expect(page.get_by_role("heading", name="Your endorsement readiness")).to_be_visible()
    expect(page.get_by_text("10 more hours of verified training.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # the grid scrolls alone
    assert axe() == []

    page.goto(f"{live_server.url}/training/add/")
    assert axe() == []
    page.get_by_label("Title of the training").fill("Observation in the nursery")
    page.get_by_label("Who offered it").fill("Regional association")
    page.get_by_label("Kind of training").select_option("short")
    page.get_by_label("Last day").fill("2026-01-15")
    page.locator("#id_hours").fill("10")
    certificate = tmp_path / "certificate.pdf"
    certificate.write_bytes(PDF_BYTES)
    page.get_by_label("Certificate").set_input_files(certificate)
    page.get_by_role("button", name="Save training").click()
    expect(page.get_by_text("Waiting for verification")).to_be_visible()
    assert axe() == []

    page.context.clear_cookies()
    sign_in_as(assignment.supervisor)
    page.goto(f"{live_server.url}/training/review/")
    expect(page.get_by_role("heading", name="Observation in the nursery")).to_be_visible()
    assert axe() == []
    page.get_by_role("button", name="Verify Observation in the nursery").click()
    expect(page.get_by_text("its hours now count")).to_be_visible()

    page.goto(f"{live_server.url}/readiness/people/{trainee.pk}/")
    expect(page.get_by_text("Ready to apply: every requirement below is met.")).to_be_visible()
    assert axe() == []
