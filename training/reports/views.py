from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from training.users.permissions import user_is_supervisor

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
