"""Reads of earlier RSC: the trainee's list, the coordinators' queue, and readiness's rows."""

import calendar
import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from training.reflective_logs.selectors import RscRow

from .enums import LOCKED_STATES, EarlierFormat
from .models import EarlierRsc

KIND = "rsc_earlier"
# Each month of a record is judged on its own, so it needs its own outcome id: the record's pk
# times this, plus the month as YYYYMM (`record_id_of` gets the record back).
MONTH_ID_FACTOR = 1_000_000


def month_source_id(record_id: int, day: datetime.date) -> int:
    return record_id * MONTH_ID_FACTOR + day.year * 100 + day.month


def record_id_of(source_id: int) -> int:
    return source_id // MONTH_ID_FACTOR


def earlier_label(row: RscRow) -> str:
    """How readiness, the packet and the portfolio name one month of an earlier record."""
    return f"Earlier RSC with {row.provider_name}, {row.held_on:%b %Y}"


def month_spans(
    starts_on: datetime.date, ends_on: datetime.date
) -> list[tuple[datetime.date, int]]:
    """(first day in the range, days in the range) for each calendar month the range touches."""
    spans = []
    day = starts_on
    while day <= ends_on:
        last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        end = min(last, ends_on)
        spans.append((day, (end - day).days + 1))
        day = end + datetime.timedelta(days=1)
    return spans


def apportion_minutes(hours: Decimal, spans: list[tuple[datetime.date, int]]) -> list[int]:
    """The record's minutes shared by days, whole minutes that add up to the total (the
    largest remainders get the spare minutes)."""
    total = int((hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    days = sum(d for _, d in spans)
    shares = [Decimal(total * d) / days for _, d in spans]
    minutes = [int(share) for share in shares]
    spare = total - sum(minutes)
    by_remainder = sorted(range(len(spans)), key=lambda i: (-(shares[i] - minutes[i]), i))
    for i in by_remainder[:spare]:
        minutes[i] += 1
    return minutes


def _rows_of(record: EarlierRsc, name: str) -> list[RscRow]:
    spans = month_spans(record.starts_on, record.ends_on)
    signed = record.state in LOCKED_STATES
    signed_on = record.signed_at.date() if signed and record.signed_at else None
    return [
        RscRow(
            log_id=month_source_id(record.pk, first),
            held_on=first,
            minutes=minutes,
            provider_id=record.provider_id,
            provider_name=name,
            individual=record.format == EarlierFormat.INDIVIDUAL,
            peer=False,
            about_providing_rsc=False,
            signed_on=signed_on,
            sha256=record.sha256,
            competency_ids=(),
            signed_off=signed,
            kind=KIND,
        )
        for (first, _days), minutes in zip(
            spans, apportion_minutes(record.hours, spans), strict=True
        )
        if minutes > 0
    ]


def earlier_rows_by_trainee(
    trainee_ids, *, held_after: datetime.date | None = None
) -> dict[int, list[RscRow]]:
    """Each trainee's attested, verified and waiting earlier RSC as readiness rows, one per
    calendar month of its dates (dated its first day there), oldest first; one query.

    Each month is judged on its own: the window and the provider's qualification apply to
    that day, so a month counts only when its first day in the range is inside the window and
    the provider was qualified on it. A waiting record's months are not signed."""
    records = (
        EarlierRsc.objects.evidence()
        .filter(trainee_id__in=list(trainee_ids))
        .select_related("provider")
        .order_by("starts_on", "pk")
    )
    if held_after is not None:
        records = records.filter(ends_on__gt=held_after)
    rows: dict[int, list[RscRow]] = defaultdict(list)
    for record in records:
        for row in _rows_of(record, record.provider.display_name):
            if held_after is None or row.held_on > held_after:
                rows[record.trainee_id].append(row)
    return rows


def earlier_rsc_of(trainee):
    """The trainee's own records, newest first."""
    return EarlierRsc.objects.filter(trainee=trainee).select_related("provider")


def earlier_rsc_queue(*, trainee_ids: set[int] | None):
    """Records waiting for a coordinator, oldest first, among `trainee_ids` (None: all)."""
    records = EarlierRsc.objects.waiting_for_coordinator().select_related("trainee", "provider")
    if trainee_ids is not None:
        records = records.filter(trainee_id__in=trainee_ids)
    return records.order_by("updated_at", "pk")
