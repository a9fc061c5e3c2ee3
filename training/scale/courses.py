"""Courses for a generated world: published course pages with modules, and trainees' progress.

Pages go through Wagtail's tree API (they cannot be bulk inserted); progress rows are bulk.
"""

import uuid
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Page

from training.courses.enums import Level
from training.courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrolment,
    ModulePage,
    ModuleProgress,
)
from training.users.enums import Discipline

from .generate import World, bulk, combine

MODULES_PER_COURSE = 10
COURSES_PER_TRAINEE = (1, 4)


def _body(n: int) -> list[dict]:
    option = lambda text, correct: {  # noqa: E731
        "type": "item",
        "value": {"text": text, "is_correct": correct, "feedback": "See the module text."},
        "id": str(uuid.uuid4()),
    }
    return [
        {
            "type": "text",
            "value": f"<p>Part {n}: how relationships shape early development, in practice.</p>",
            "id": str(uuid.uuid4()),
        },
        {
            "type": "check",
            "value": {
                "question": "What matters most for a baby's early development?",
                "kind": "single",
                "options": [option("Relationships with caregivers", True), option("Toys", False)],
            },
            "id": str(uuid.uuid4()),
        },
        {
            "type": "reflection",
            "value": {"prompt": "What did you notice in yourself?", "guidance": ""},
            "id": str(uuid.uuid4()),
        },
    ]


def courses(world: World, count: int = 200) -> None:
    """`count` published courses of ten modules each, then enrolments and module progress."""
    rng = world.rng
    home = Page.objects.get(depth=2)
    index = CourseIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=CourseIndexPage(title="Courses", slug="courses"))
    disciplines = list(Discipline.values)
    module_ids: dict[int, list[int]] = {}
    for n in range(count):
        course = index.add_child(
            instance=CoursePage(
                title=f"Scale course {n + 1:03d}",
                slug=f"scale-course-{n + 1:03d}",
                summary="A generated course for measuring Attune at scale.",
                audience_disciplines=rng.sample(disciplines, 3),
                level=rng.choice(Level.values),
                estimated_hours=Decimal(MODULES_PER_COURSE),
            )
        )
        modules = []
        for m in range(MODULES_PER_COURSE):
            module = course.add_child(
                instance=ModulePage(
                    title=f"Module {m + 1}",
                    slug=f"module-{m + 1}",
                    credit_hours=Decimal(1),
                    body=_body(m + 1),
                )
            )
            module.competencies.set(rng.sample(world.competency_ids, 2))
            module.save()
            modules.append(module.pk)
        module_ids[course.pk] = modules

    # Each trainee is enrolled in a few courses and part-way through them.
    enrolments, plans = [], []
    course_ids = list(module_ids)
    for trainee_id in world.trainee_ids:
        taking = min(len(course_ids), rng.randint(*COURSES_PER_TRAINEE))
        for course_id in rng.sample(course_ids, taking):
            done = rng.randint(0, MODULES_PER_COURSE)
            enrolled = combine(world.day_within(700))
            enrolments.append(
                Enrolment(
                    trainee_id=trainee_id,
                    course_id=course_id,
                    completed_at=enrolled if done == MODULES_PER_COURSE else None,
                )
            )
            plans.append((trainee_id, course_id, done, enrolled))
    enrolments = bulk(Enrolment, enrolments)
    progress = []
    now = timezone.now()
    for enrolment, (trainee_id, course_id, done, enrolled) in zip(enrolments, plans, strict=True):
        for position, module_id in enumerate(module_ids[course_id][: done + 1]):
            progress.append(
                ModuleProgress(
                    enrolment=enrolment,
                    trainee_id=trainee_id,
                    module_id=module_id,
                    last_visited_at=now,
                    completed_at=enrolled if position < done else None,
                )
            )
    bulk(ModuleProgress, progress)
    world.counts["courses"] = count
    world.counts["modules"] = count * MODULES_PER_COURSE
    world.counts["enrolments"] = len(enrolments)
    world.counts["module progress rows"] = len(progress)
