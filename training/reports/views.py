from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from training.courses.models import CoursePage
from training.users.permissions import user_can_access_cms, user_is_supervisor

from .analytics import course_analytics
from .progress import FILTERS, TableState
from .selectors import supervisee_rows

ROWS_PER_PAGE = 100


@login_required
def supervisees(request):
    """A supervisor's supervisees across cohorts: hours, readiness and reviews waiting."""
    if not user_is_supervisor(request.user):
        raise PermissionDenied
    table = TableState.from_query(request.GET)
    rows = table.apply(supervisee_rows(supervisor=request.user))
    return render(
        request,
        "reports/supervisees.html",
        {
            "table": table,
            "filters": FILTERS,
            "page_obj": Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page")),
        },
    )


@login_required
def course_list(request):
    """Coordinators pick a course to see how it is going."""
    if not user_can_access_cms(request.user):
        raise PermissionDenied
    courses = (
        CoursePage.objects.live()
        .annotate(
            enrolled=Count("enrolments", distinct=True),
            completed=Count(
                "enrolments", filter=Q(enrolments__completed_at__isnull=False), distinct=True
            ),
        )
        .order_by("title")
    )
    return render(request, "reports/course_list.html", {"courses": courses})


@login_required
def course_detail(request, pk: int):
    if not user_can_access_cms(request.user):
        raise PermissionDenied
    course = get_object_or_404(CoursePage.objects.live(), pk=pk)
    analytics = course_analytics(course=course)
    return render(
        request,
        "reports/course_analytics.html",
        {"analytics": analytics, "funnel": analytics.funnel("chart-course-funnel")},
    )
