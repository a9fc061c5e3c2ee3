from decimal import Decimal

import pytest

from training.courses import services
from training.courses.models import Certificate, CheckAttempt, Enrolment, ModuleProgress
from training.courses.tasks import render_certificate
from training.records.enums import TrainingSource
from training.records.models import TrainingRecord

pytestmark = pytest.mark.django_db


def test_enrolment_is_idempotent(learning, trainee):
    first = services.enrolment_create(trainee=trainee, course=learning["course"])
    again = services.enrolment_create(trainee=trainee, course=learning["course"])
    assert first == again
    assert Enrolment.objects.count() == 1


def test_unpublished_course_cannot_be_enrolled(index, trainee):
    from tests.courses.factories import course

    draft = course(index, title="Draft course", live=False)
    with pytest.raises(services.LearningError):
        services.enrolment_create(trainee=trainee, course=draft)


def test_grading_right_wrong_and_repeat(learning, enrolled):
    module = learning["first"]
    wrong = services.check_grade(
        enrolment=enrolled,
        module=module,
        block_id=learning["check_id"],
        selected=[learning["wrong"]],
    )
    assert not wrong.correct
    assert wrong.attempt.first_attempt
    assert wrong.feedback == [("Wrong answer", "Feedback on Wrong answer.")]
    repeat = services.check_grade(
        enrolment=enrolled,
        module=module,
        block_id=learning["check_id"],
        selected=[learning["wrong"]],
    )
    assert repeat.repeated and CheckAttempt.objects.count() == 1
    right = services.check_grade(
        enrolment=enrolled,
        module=module,
        block_id=learning["check_id"],
        selected=[learning["right"]],
    )
    assert right.correct and not right.attempt.first_attempt
    assert CheckAttempt.objects.count() == 2


def test_forged_and_invalid_answers_are_refused(learning, enrolled):
    module = learning["first"]
    for selected in (["not-an-option"], [], [learning["right"], learning["wrong"]]):
        with pytest.raises(services.LearningError):
            services.check_grade(
                enrolment=enrolled, module=module, block_id=learning["check_id"], selected=selected
            )
    with pytest.raises(services.LearningError):
        services.check_grade(
            enrolment=enrolled, module=module, block_id="forged-block", selected=[learning["right"]]
        )
    assert CheckAttempt.objects.count() == 0


def test_module_completes_only_when_checks_pass_and_prompts_answered(learning, enrolled):
    module = learning["first"]
    services.check_grade(
        enrolment=enrolled,
        module=module,
        block_id=learning["check_id"],
        selected=[learning["right"]],
    )
    progress = ModuleProgress.objects.get(module=module)
    assert progress.completed_at is None
    services.reflection_save(
        enrolment=enrolled, module=module, block_id=learning["prompt_id"], text="   "
    )
    progress.refresh_from_db()
    assert progress.completed_at is None
    services.reflection_save(
        enrolment=enrolled, module=module, block_id=learning["prompt_id"], text="I felt rushed."
    )
    progress.refresh_from_db()
    assert progress.completed_at is not None


def _complete_course(learning, enrolled):
    services.check_grade(
        enrolment=enrolled,
        module=learning["first"],
        block_id=learning["check_id"],
        selected=[learning["right"]],
    )
    services.reflection_save(
        enrolment=enrolled, module=learning["first"], block_id=learning["prompt_id"], text="Yes."
    )
    services.module_visit(enrolment=enrolled, module=learning["second"])


def test_course_completion_credits_once_and_queues_one_certificate(
    learning, enrolled, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(render_certificate, "delay", lambda pk: queued.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        _complete_course(learning, enrolled)
        # Completion triggered again, as by a double submit or a retry.
        services.course_complete_if_done(enrolment=enrolled)
        services.module_complete_if_done(enrolment=enrolled, module=learning["second"])
        services.reflection_save(
            enrolment=enrolled,
            module=learning["first"],
            block_id=learning["prompt_id"],
            text="Changed my mind.",
        )
    enrolled.refresh_from_db()
    assert enrolled.completed_at is not None
    record = TrainingRecord.objects.get(trainee=enrolled.trainee)
    assert record.source == TrainingSource.COURSE
    assert record.source_key == f"course:{learning['course'].pk}"
    assert record.verified
    assert record.hours == Decimal("3.5")
    assert set(record.competencies.all()) == set(learning["competencies"])
    certificate = Certificate.objects.get()
    assert queued == [certificate.pk]
    assert certificate.hours == Decimal("3.5")


def test_course_not_complete_until_every_live_module_is(learning, enrolled):
    services.module_visit(enrolment=enrolled, module=learning["second"])
    enrolled.refresh_from_db()
    assert enrolled.completed_at is None
    assert not TrainingRecord.objects.exists()


def test_certificate_task_is_idempotent(learning, enrolled, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        _complete_course(learning, enrolled)
    certificate = Certificate.objects.get()
    assert render_certificate(certificate.pk) is True
    certificate.refresh_from_db()
    assert certificate.pdf
    first_name = certificate.pdf.name
    storage, folder = certificate.pdf.storage, first_name.rsplit("/", 1)[0]
    stored = storage.listdir(folder)[1]
    assert render_certificate(certificate.pk) is False
    certificate.refresh_from_db()
    assert certificate.pdf.name == first_name
    with certificate.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert storage.listdir(folder)[1] == stored  # the rerun wrote no second PDF
