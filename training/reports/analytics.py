"""How a course is going, for its authors: who started and finished each module, and which
knowledge-check questions people get right the first time."""

from dataclasses import dataclass

from django.db.models import Count, Q

from training.courses.models import CheckAttempt, CoursePage, Enrolment, ModulePage, ModuleProgress

from .charts import BarChart, bar_chart


@dataclass(frozen=True)
class ModuleStats:
    module: ModulePage
    started: int
    completed: int


@dataclass(frozen=True)
class QuestionStats:
    module: ModulePage
    question: str
    answered: int
    right_first_time: int

    @property
    def share(self) -> float:
        return self.right_first_time / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class CourseAnalytics:
    course: CoursePage
    enrolled: int
    completed: int
    modules: list[ModuleStats]
    questions: list[QuestionStats]

    def funnel(self, chart_id: str) -> BarChart:
        """Enrolled, then each module completed, then the course completed."""
        data = [("Enrolled", self.enrolled)]
        data += [(f"Completed {m.module.title}", m.completed) for m in self.modules]
        data.append(("Completed the course", self.completed))
        return bar_chart(
            chart_id=chart_id, title=f"Completion: {self.course.title}", unit="Trainees", data=data
        )


def _questions(module: ModulePage) -> dict[str, str]:
    return {
        block.id: block.value["question"] for block in module.body if block.block_type == "check"
    }


def course_analytics(
    *, course: CoursePage, trainee_ids: list[int] | None = None
) -> CourseAnalytics:
    """The figures for one course, for everyone or for the given trainees (a cohort)."""
    scope = Q() if trainee_ids is None else Q(trainee_id__in=trainee_ids)
    modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
    enrolments = Enrolment.objects.filter(scope, course=course).aggregate(
        enrolled=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False))
    )
    progress = {
        row["module_id"]: row
        for row in ModuleProgress.objects.filter(scope, module__in=modules)
        .values("module_id")
        .annotate(started=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False)))
    }
    attempts = {
        (row["module_id"], row["block_id"]): row
        for row in CheckAttempt.objects.filter(scope, module__in=modules, first_attempt=True)
        .values("module_id", "block_id")
        .annotate(answered=Count("pk"), right=Count("pk", filter=Q(correct=True)))
    }
    questions = []
    for module in modules:
        for block_id, question in _questions(module).items():
            row = attempts.get((module.pk, block_id), {})
            questions.append(
                QuestionStats(module, question, row.get("answered", 0), row.get("right", 0))
            )
    return CourseAnalytics(
        course=course,
        enrolled=enrolments["enrolled"],
        completed=enrolments["completed"],
        modules=[
            ModuleStats(
                m,
                progress.get(m.pk, {}).get("started", 0),
                progress.get(m.pk, {}).get("completed", 0),
            )
            for m in modules
        ],
        questions=questions,
    )


def cohort_funnels(*, trainee_ids, limit: int = 3) -> list[BarChart]:
    """Completion funnels for the courses most of these trainees are enrolled in."""
    top = (
        Enrolment.objects.filter(trainee_id__in=trainee_ids)
        .values("course_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "course_id")[:limit]
    )
    courses = CoursePage.objects.in_bulk([row["course_id"] for row in top])
    return [
        course_analytics(course=courses[row["course_id"]], trainee_ids=trainee_ids).funnel(
            f"chart-funnel-{row['course_id']}"
        )
        for row in top
        if row["course_id"] in courses
    ]
