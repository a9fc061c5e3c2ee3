"""Reads for course pages, the catalogue and the trainee dashboard."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q

from training.competencies.models import Competency
from training.users.enums import Discipline

from .enums import Level
from .models import (
    Certificate,
    CheckAttempt,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    ModulePage,
    ModuleProgress,
    ReflectionAnswer,
)

MAX_QUERY_LENGTH = 100
COURSES_PER_PAGE = 24


def enrolment_for(*, user, course: CoursePage | None) -> Enrolment | None:
    if course is None or not getattr(user, "is_authenticated", False):
        return None
    return Enrolment.objects.filter(trainee=user, course=course).first()


def _course_paths_covering(competency_id: int) -> set[str]:
    paths = (
        ModulePage.objects.live().filter(competencies=competency_id).values_list("path", flat=True)
    )
    return {path[: -ModulePage.steplen] for path in paths}


def catalogue(*, index_page: CourseIndexPage, params) -> dict:
    """Published courses under the index, filtered by discipline, competency and level, searched,
    a page at a time."""
    courses = CoursePage.objects.live().public().child_of(index_page)
    discipline = params.get("discipline", "")
    discipline = discipline if discipline in Discipline.values else ""
    level = params.get("level", "")
    level = level if level in Level.values else ""
    query = (params.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    try:
        competency_id = int(params.get("competency") or 0)
    except ValueError:
        competency_id = 0
    if level:
        courses = courses.filter(level=level)
    if competency_id:
        courses = courses.filter(path__in=_course_paths_covering(competency_id))
    listing = courses.order_by("path").select_related("image")
    if discipline or query:
        listing = _narrowed(
            list(listing), index_page=index_page, discipline=discipline, query=query
        )
    # Unnarrowed, the paginator lets the database count and cut the page.
    page = Paginator(listing, COURSES_PER_PAGE).get_page(params.get("page"))
    filters = {"q": query, "discipline": discipline, "level": level, "competency": competency_id}
    competencies = Competency.objects.in_order().filter(modules__live=True).distinct()
    return {
        "courses": page.object_list,
        "page_obj": page,
        # The pagination links keep the filters: "q=…&level=…&" before "page=".
        "query": "".join(f"{urlencode({k: v})}&" for k, v in filters.items() if v),
        "filters": {**filters, "competency": competency_id or ""},
        "filtered": bool(query or discipline or level or competency_id),
        "discipline_choices": Discipline.choices,
        "level_choices": Level.choices,
        "competency_choices": list(competencies),
    }


def _narrowed(
    courses: list[CoursePage], *, index_page: CourseIndexPage, discipline: str, query: str
) -> list[CoursePage]:
    """The courses for a discipline and a search, which are filtered here rather than in SQL."""
    if discipline:
        # Audience lists are short JSON arrays: filtering them here works on every database.
        courses = [
            c for c in courses if not c.audience_disciplines or discipline in c.audience_disciplines
        ]
    if query:
        matched = {page.pk for page in CoursePage.objects.live().child_of(index_page).search(query)}
        # A course also matches when one of its published modules does.
        module_hits = ModulePage.objects.live().descendant_of(index_page).search(query)
        module_course_paths = {m.path[: -ModulePage.steplen] for m in module_hits}
        courses = [c for c in courses if c.pk in matched or c.path in module_course_paths]
    return courses


def _progress_summary(*, user, course: CoursePage, modules: list[ModulePage]) -> dict:
    done = set()
    if user.is_authenticated and modules:
        done = set(
            ModuleProgress.objects.filter(
                trainee=user, module__in=modules, completed_at__isnull=False
            ).values_list("module_id", flat=True)
        )
    total = len(modules)
    count = sum(1 for m in modules if m.pk in done)
    return {
        "done_ids": done,
        "done_count": count,
        "module_count": total,
        "percent": round(100 * count / total) if total else 0,
    }


def course_overview(*, course: CoursePage, user) -> dict:
    modules = list(course.modules())
    enrolment = enrolment_for(user=user, course=course)
    summary = _progress_summary(user=user, course=course, modules=modules)
    certificate = None
    if enrolment and enrolment.completed_at:
        certificate = Certificate.objects.filter(trainee=user, course=course).first()
    hours = sum((m.credit_hours for m in modules), 0)
    return {
        "modules": modules,
        "enrolment": enrolment,
        "progress": summary,
        "credit_hours": hours,
        "certificate": certificate,
        "next_module": next((m for m in modules if m.pk not in summary["done_ids"]), None),
    }


def module_context(*, module: ModulePage, user, course: CoursePage | None) -> dict:
    """Everything a module page shows: this trainee's answers, navigation and progress."""
    siblings = list(course.modules()) if course else []
    position = next((i for i, m in enumerate(siblings) if m.pk == module.pk), None)
    previous_module = siblings[position - 1] if position else None
    next_module = (
        siblings[position + 1] if position is not None and position + 1 < len(siblings) else None
    )
    checks: dict[str, CheckAttempt] = {}
    answers: dict[str, str] = {}
    module_done = False
    if getattr(user, "is_authenticated", False):
        for attempt in CheckAttempt.objects.filter(trainee=user, module=module).order_by(
            "created_at", "pk"
        ):
            checks[attempt.block_id] = attempt  # the latest wins
        answers = dict(
            ReflectionAnswer.objects.filter(trainee=user, module=module).values_list(
                "block_id", "text"
            )
        )
        module_done = ModuleProgress.objects.filter(
            trainee=user, module=module, completed_at__isnull=False
        ).exists()
    return {
        "course": course,
        "siblings": siblings,
        "position": (position or 0) + 1,
        "previous_module": previous_module,
        "next_module": next_module,
        "check_attempts": checks,
        "reflection_answers": answers,
        "module_done": module_done,
        "progress": _progress_summary(user=user, course=course, modules=siblings)
        if course
        else None,
    }


def trainee_dashboard_panel(*, user) -> dict:
    """Courses in progress with their progress, where to continue, and certificates."""
    enrolments = list(
        Enrolment.objects.filter(trainee=user, course__live=True).select_related("course")
    )
    if not enrolments:
        return {"course_enrolments": [], "course_continue": None, "course_certificates": []}
    courses = [e.course for e in enrolments]
    under_courses = Q()
    for course in courses:
        under_courses |= Q(path__startswith=course.path, depth=course.depth + 1)
    modules = list(ModulePage.objects.live().filter(under_courses).order_by("path"))
    progress = {
        p.module_id: p for p in ModuleProgress.objects.filter(trainee=user, module__in=modules)
    }
    rows = []
    for enrolment in enrolments:
        course_modules = [m for m in modules if m.path.startswith(enrolment.course.path)]
        done = sum(1 for m in course_modules if progress.get(m.pk) and progress[m.pk].completed_at)
        total = len(course_modules)
        next_module = next(
            (m for m in course_modules if not (progress.get(m.pk) and progress[m.pk].completed_at)),
            None,
        )
        rows.append(
            {
                "enrolment": enrolment,
                "course": enrolment.course,
                "done": done,
                "total": total,
                "percent": round(100 * done / total) if total else 0,
                "next_module": next_module,
            }
        )
    # Continue where you left off: the most recently visited module of an unfinished course.
    unfinished = {r["course"].path: r for r in rows if not r["enrolment"].completed_at}
    recent = sorted((p for p in progress.values()), key=lambda p: p.last_visited_at, reverse=True)
    continue_at = None
    module_by_id = {m.pk: m for m in modules}
    for visit in recent:
        module = module_by_id.get(visit.module_id)
        row = unfinished.get(module.path[: -ModulePage.steplen]) if module else None
        if row:
            target = module if not visit.completed_at else (row["next_module"] or module)
            continue_at = {"module": target, "course": row["course"], "row": row}
            break
    if continue_at is None:
        row = next(iter(unfinished.values()), None)
        if row and row["next_module"]:
            continue_at = {"module": row["next_module"], "course": row["course"], "row": row}
    certificates = list(Certificate.objects.filter(trainee=user).exclude(pdf=""))
    return {
        "course_enrolments": rows,
        "course_continue": continue_at,
        "course_certificates": certificates,
    }


def modules_by_competency():
    """For authors: each competency with the modules (published or draft) that cover it."""
    modules = ModulePage.objects.order_by("path").only("id", "title", "path", "live")
    return Competency.objects.in_order().prefetch_related(
        Prefetch("modules", queryset=modules, to_attr="covering_modules")
    )


def courses_for_author(*, user) -> dict:
    """The courses a coordinator may edit, each with all its modules in page-tree order.

    Scoped by Wagtail page permissions (the same ones the page editor checks), so a course
    she cannot edit is not listed; what she may do to each (add, reorder) is worked out here.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, WorkflowState
    from wagtail.permission_policies.pages import PagePermissionPolicy

    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    courses = list(CoursePage.objects.filter(pk__in=editable.values("pk")).order_by("path"))
    index = CourseIndexPage.objects.first()
    modules = (
        ModulePage.objects.filter(depth__in={c.depth + 1 for c in courses})
        .order_by("path")
        .only("pk", "title", "path", "depth", "live", "has_unpublished_changes", "credit_hours")
        if courses
        else ModulePage.objects.none()
    )
    by_course: dict[str, list] = {c.path: [] for c in courses}
    for module in modules:
        parent = module.path[: -ModulePage.steplen]
        if parent in by_course:
            by_course[parent].append(module)
    module_ids = [str(m.pk) for listed in by_course.values() for m in listed]
    in_review = set(
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=module_ids,
        ).values_list("object_id", flat=True)
    )
    rows = []
    for course in courses:
        tester = course.permissions_for_user(user)
        listed = by_course[course.path]
        for position, module in enumerate(listed):
            module.in_review = str(module.pk) in in_review
            module.previous_pk = listed[position - 1].pk if position else None
            module.next_pk = listed[position + 1].pk if position + 1 < len(listed) else None
        rows.append(
            {
                "course": course,
                "modules": listed,
                "can_add": tester.can_add_subpage(),
                "can_reorder": tester.can_reorder_children(),
            }
        )
    return {
        "rows": rows,
        "index": index,
        "can_add_course": bool(index and index.permissions_for_user(user).can_add_subpage()),
    }
