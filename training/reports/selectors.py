"""View-shaped reads for progress across trainees, each scoped to who is asking."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Sum
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from training.competencies.models import TrainingRecord
from training.users.models import SupervisionAssignment, User

from .charts import BarChart, bar_chart
from .progress import ProgressRow, progress_rows


def supervisee_rows(*, supervisor: User) -> list[ProgressRow]:
    """Progress of everyone the supervisor supervises today, across all cohorts."""
    ids = list(
        SupervisionAssignment.objects.active_on(timezone.localdate())
        .filter(supervisor=supervisor)
        .values_list("trainee_id", flat=True)
        .distinct()
    )
    return progress_rows(ids)


def _quarter_label(day: datetime.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def cohort_charts(*, cohort) -> list[BarChart]:
    """The charts on a cohort's page; each is one aggregate query over the whole cohort."""
    today = timezone.localdate()
    start = datetime.date(today.year - 2, 1, 1)
    by_quarter = {
        _quarter_label(row["quarter"]): row["hours"]
        for row in TrainingRecord.objects.verified()
        .filter(trainee__cohorts=cohort, completed_on__gte=start, completed_on__lte=today)
        .annotate(quarter=TruncQuarter("completed_on"))
        .values("quarter")
        .annotate(hours=Sum("hours"))
    }
    quarters = []
    day = start
    while day <= today:
        quarters.append(_quarter_label(day))
        day += relativedelta(months=3)
    hours = bar_chart(
        chart_id="chart-training-hours",
        title="Verified training hours by quarter",
        unit="Hours",
        data=[(label, by_quarter.get(label, 0)) for label in quarters],
    )
    return [hours]
