"""Writes for learning: enrolling, grading, saving reflections, completing modules and courses."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from training.core.queue import enqueue_after_commit
from training.records.enums import TrainingSource
from training.records.models import TrainingRecord

from .enums import CheckKind
from .models import (
    Certificate,
    CheckAttempt,
    CoursePage,
    Enrolment,
    ModulePage,
    ModuleProgress,
    ReflectionAnswer,
)

MAX_REFLECTION_LENGTH = 10000


class LearningError(Exception):
    """A request the trainee can fix or that was tampered with; the message is safe to show."""


@dataclass(frozen=True)
class CheckResult:
    attempt: CheckAttempt
    correct: bool
    feedback: list[tuple[str, str]]  # (option text, feedback) for the options chosen
    repeated: bool = False


def source_key(course: CoursePage) -> str:
    return f"course:{course.pk}"


def enrolment_create(*, trainee, course: CoursePage) -> Enrolment:
    """Enrol a trainee in a published course. Enrolling twice returns the same enrolment."""
    if not course.live:
        raise LearningError("This course is not open for enrolment.")
    existing = Enrolment.objects.filter(trainee=trainee, course=course).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Enrolment.objects.create(trainee=trainee, course=course)
    except IntegrityError:
        return Enrolment.objects.get(trainee=trainee, course=course)


def _progress(*, enrolment: Enrolment, module: ModulePage) -> ModuleProgress:
    now = timezone.now()
    progress, created = ModuleProgress.objects.get_or_create(
        trainee_id=enrolment.trainee_id,
        module=module,
        defaults={"enrolment": enrolment, "last_visited_at": now},
    )
    return progress


def module_visit(*, enrolment: Enrolment, module: ModulePage) -> ModuleProgress:
    """Record that the trainee opened a module (for "continue where you left off")."""
    now = timezone.now()
    updated = ModuleProgress.objects.filter(trainee_id=enrolment.trainee_id, module=module).update(
        last_visited_at=now
    )
    if updated:
        progress = ModuleProgress.objects.get(trainee_id=enrolment.trainee_id, module=module)
    else:
        try:
            with transaction.atomic():
                progress = _progress(enrolment=enrolment, module=module)
        except IntegrityError:
            progress = ModuleProgress.objects.get(trainee_id=enrolment.trainee_id, module=module)
    if progress.completed_at is None and not module_requirements(module):
        # A module with nothing to answer is done once read.
        module_complete_if_done(enrolment=enrolment, module=module)
    return progress


def module_requirements(module: ModulePage) -> dict[str, list[str]]:
    """Block ids of the knowledge checks and reflection prompts a module asks for."""
    checks = [block.id for block in module.body if block.block_type == "check"]
    prompts = [block.id for block in module.body if block.block_type == "reflection"]
    return {"checks": checks, "prompts": prompts} if checks or prompts else {}


def _find_block(module: ModulePage, block_id: str, block_type: str):
    for block in module.body:
        if block.id == block_id and block.block_type == block_type:
            return block
    raise LearningError("This question is no longer part of the module. Reload the page.")


def check_grade(
    *, enrolment: Enrolment, module: ModulePage, block_id: str, selected
) -> CheckResult:
    """Grade an answer on the server. Forged option ids are refused; a repeat is not re-counted."""
    block = _find_block(module, block_id, "check")
    options = {item.id: item.value for item in block.value["options"].bound_blocks}
    selected = [str(s) for s in selected]
    chosen = list(dict.fromkeys(selected))
    if not chosen:
        raise LearningError("Choose an answer before checking it.")
    if any(option_id not in options for option_id in chosen):
        raise LearningError("That answer is not one of this question's options. Reload the page.")
    if block.value["kind"] == CheckKind.SINGLE and len(chosen) != 1:
        raise LearningError("Choose one answer only.")
    correct_ids = {oid for oid, value in options.items() if value["is_correct"]}
    correct = set(chosen) == correct_ids
    feedback = [(options[oid]["text"], options[oid]["feedback"]) for oid in chosen]
    trainee_id = enrolment.trainee_id

    with transaction.atomic():
        progress = _progress(enrolment=enrolment, module=module)
        # Serialise this trainee's submissions for the module, so a double submit counts once.
        ModuleProgress.objects.select_for_update().get(pk=progress.pk)
        previous = CheckAttempt.objects.filter(
            trainee_id=trainee_id, module=module, block_id=block_id
        ).order_by("-created_at", "-pk")
        last = previous.first()
        if last is not None and sorted(last.selected) == sorted(chosen):
            return CheckResult(attempt=last, correct=last.correct, feedback=feedback, repeated=True)
        attempt = CheckAttempt.objects.create(
            trainee_id=trainee_id,
            module=module,
            block_id=block_id,
            selected=sorted(chosen),
            correct=correct,
            first_attempt=last is None,
        )
    if correct:
        module_complete_if_done(enrolment=enrolment, module=module)
    return CheckResult(attempt=attempt, correct=correct, feedback=feedback)


def reflection_save(
    *, enrolment: Enrolment, module: ModulePage, block_id: str, text: str
) -> ReflectionAnswer:
    """Save (or replace) the trainee's private answer to a prompt."""
    _find_block(module, block_id, "reflection")
    text = (text or "").strip()
    if len(text) > MAX_REFLECTION_LENGTH:
        raise LearningError(f"Keep your answer under {MAX_REFLECTION_LENGTH} characters.")
    answer, _ = ReflectionAnswer.objects.update_or_create(
        trainee_id=enrolment.trainee_id,
        module=module,
        block_id=block_id,
        defaults={"text": text},
    )
    if text:
        module_complete_if_done(enrolment=enrolment, module=module)
    return answer


def module_is_done(*, trainee_id: int, module: ModulePage) -> bool:
    needs = module_requirements(module)
    if not needs:
        return True
    checks = needs["checks"]
    if checks:
        passed = set(
            CheckAttempt.objects.filter(
                trainee_id=trainee_id, module=module, block_id__in=checks, correct=True
            ).values_list("block_id", flat=True)
        )
        if len(passed) * 100 < module.pass_mark * len(checks):
            return False
    answered = set(
        ReflectionAnswer.objects.filter(
            trainee_id=trainee_id, module=module, block_id__in=needs["prompts"]
        )
        .exclude(text="")
        .values_list("block_id", flat=True)
    )
    return answered >= set(needs["prompts"])


def module_complete_if_done(*, enrolment: Enrolment, module: ModulePage) -> bool:
    """Mark the module complete when its checks pass and prompts are answered; then the course."""
    with transaction.atomic():
        progress = _progress(enrolment=enrolment, module=module)
        progress = ModuleProgress.objects.select_for_update().get(pk=progress.pk)
        if progress.completed_at is None:
            if not module_is_done(trainee_id=enrolment.trainee_id, module=module):
                return False
            progress.completed_at = timezone.now()
            progress.save(update_fields=["completed_at"])
    course_complete_if_done(enrolment=enrolment)
    return True


def course_complete_if_done(*, enrolment: Enrolment) -> bool:
    """Complete the course once every live module is: credit hours, queue a certificate, once."""
    from .tasks import render_certificate

    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.completed_at is not None:
            return False
        course = enrolment.course
        modules = list(course.modules().prefetch_related("competencies__domain"))
        if not modules:
            return False
        done = set(
            ModuleProgress.objects.filter(
                trainee_id=enrolment.trainee_id,
                module__in=modules,
                completed_at__isnull=False,
            ).values_list("module_id", flat=True)
        )
        if done != {m.pk for m in modules}:
            return False
        now = timezone.now()
        enrolment.completed_at = now
        enrolment.save(update_fields=["completed_at"])
        hours = sum((m.credit_hours for m in modules), Decimal("0"))
        competencies = {c.pk: c for m in modules for c in m.competencies.all()}
        record, created = TrainingRecord.objects.get_or_create(
            trainee_id=enrolment.trainee_id,
            source_key=source_key(course),
            defaults={
                "title": course.title,
                "source": TrainingSource.COURSE,
                "hours": hours,
                "completed_on": timezone.localdate(now),
                "verified": True,
                "verified_at": now,
            },
        )
        if created:
            record.competencies.set(competencies.values())
        trainee = enrolment.trainee
        certificate, created = Certificate.objects.get_or_create(
            trainee_id=enrolment.trainee_id,
            course=course,
            defaults={
                "trainee_name": trainee.display_name,
                "course_title": course.title,
                "competency_names": [
                    c.name
                    for c in sorted(
                        competencies.values(),
                        key=lambda c: (c.domain.sort_order, c.sort_order, c.name),
                    )
                ],
                "hours": hours,
                "issued_on": timezone.localdate(now),
            },
        )
        if created:
            enqueue_after_commit(render_certificate, certificate.pk)
    return True


def module_place(*, module: ModulePage, beside: ModulePage, side: str, user) -> bool:
    """Put a module just before ("left") or after ("right") a sibling. Returns whether it moved.

    Naming the sibling rather than "one up" makes a repeated request harmless: the second
    finds the module already there.
    """
    if side not in ("left", "right"):
        raise ValueError(side)
    siblings = list(
        module.get_siblings(inclusive=True).order_by("path").values_list("pk", flat=True)
    )
    if beside.pk == module.pk or beside.pk not in siblings:
        return False
    here, there = siblings.index(module.pk), siblings.index(beside.pk)
    if (side == "left" and here == there - 1) or (side == "right" and here == there + 1):
        return False
    module.move(beside, pos=side, user=user)
    return True
