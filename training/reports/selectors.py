"""View-shaped reads for progress across trainees, each scoped to who is asking."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Sum
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from training.records.models import TrainingRecord
from training.users.models import SupervisionAssignment, User

from .analytics import cohort_funnels
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


READINESS_BANDS = (
    ("No target chosen", lambda share: share is None),
    ("Under a quarter met", lambda share: share is not None and share < 0.25),
    ("A quarter to a half", lambda share: share is not None and 0.25 <= share < 0.5),
    ("Half to three quarters", lambda share: share is not None and 0.5 <= share < 0.75),
    ("Most, not all", lambda share: share is not None and 0.75 <= share < 1),
    ("Ready", lambda share: share == 1),
)


def readiness_distribution(rows: list[ProgressRow]) -> BarChart:
    """How many trainees stand in each band of requirements met."""
    shares = [row.readiness_share for row in rows]
    return bar_chart(
        chart_id="chart-readiness",
        title="Readiness: share of requirements met",
        unit="Trainees",
        data=[(label, sum(1 for s in shares if test(s))) for label, test in READINESS_BANDS],
    )


def cohort_charts(*, cohort, rows: list[ProgressRow]) -> list[BarChart]:
    """The charts on a cohort's page, from its rows and one aggregate query."""
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
    funnels = cohort_funnels(trainee_ids=cohort.memberships.values("trainee_id"))
    return [readiness_distribution(rows), hours, *funnels]
