"""Readiness for many trainees at once, for cohort tables and exports.

The same engine and rules as `selectors.readiness_for`, fed by a fixed number of queries per
batch of trainees instead of a few per trainee.
"""

import datetime
from collections import defaultdict
from functools import cache

from dateutil.relativedelta import relativedelta

from training.users.models import Profile

from .models import EndorsementCategory, ProviderQualification, TrainingRecord
from .readiness import ReadinessReport, RscItem, TrainingItem, evaluate
from .selectors import rules_for


def _signed_rsc_by_trainee(ids: list[int], since: datetime.date) -> dict[int, list[tuple]]:
    """(minutes, held_on, provider id, peer, about providing RSC) of signed logs after `since`."""
    from training.reflective_logs.enums import LogState
    from training.reflective_logs.models import ReflectiveLog

    rows = defaultdict(list)
    signed = ReflectiveLog.objects.filter(
        trainee_id__in=ids, state=LogState.SIGNED_OFF, session__held_on__gt=since
    ).values_list(
        "trainee_id",
        "session__minutes",
        "session__held_on",
        "session__provider_id",
        "session__is_peer",
        "about_providing_rsc",
    )
    for trainee_id, *row in signed:
        rows[trainee_id].append(row)
    return rows


def readiness_reports(ids: list[int], *, as_of: datetime.date) -> dict[int, ReadinessReport | None]:
    """Each trainee's report against their target category (None without a target)."""
    targets = dict(
        Profile.objects.filter(user_id__in=ids, target_category__isnull=False).values_list(
            "user_id", "target_category_id"
        )
    )
    categories = {
        c.pk: c
        for c in EndorsementCategory.objects.filter(pk__in=set(targets.values())).prefetch_related(
            "qualifying_categories"
        )
    }
    training = defaultdict(list)
    for row in (
        TrainingRecord.objects.verified()
        .filter(trainee_id__in=list(targets))
        .values("trainee_id", "hours", "completed_on", "dei", "about_rsc")
    ):
        training[row["trainee_id"]].append(
            TrainingItem(
                hours=row["hours"],
                completed_on=row["completed_on"],
                dei=row["dei"],
                about_rsc=row["about_rsc"],
            )
        )
    # Only sessions inside the widest RSC window of these categories can count.
    widest = max((c.rsc_window_months for c in categories.values()), default=0)
    rsc = _signed_rsc_by_trainee(list(targets), since=as_of - relativedelta(months=widest))
    providers = {row[2] for rows in rsc.values() for row in rows}
    qualifications = defaultdict(list)
    for q in ProviderQualification.objects.filter(supervisor_id__in=providers):
        qualifications[q.supervisor_id].append(q)

    qualifying = {
        pk: {c.pk for c in category.qualifying_categories.all()}
        for pk, category in categories.items()
    }

    @cache
    def counting(provider_id: int, category_id: int) -> tuple:
        """The provider's qualifications that count for the category (usually one or none)."""
        return tuple(
            q
            for q in qualifications[provider_id]
            if q.vetted_by_association or q.category_id in qualifying[category_id]
        )

    def qualified(provider_id: int, category_id: int, day: datetime.date) -> bool:
        return any(
            (q.starts_on is None or q.starts_on <= day)
            and (q.expires_on is None or q.expires_on >= day)
            for q in counting(provider_id, category_id)
        )

    reports: dict[int, ReadinessReport | None] = dict.fromkeys(ids)
    for trainee_id, category_id in targets.items():
        category = categories[category_id]
        items = [
            RscItem(
                minutes=minutes,
                held_on=held_on,
                provider=str(provider_id),
                provider_qualified=qualified(provider_id, category_id, held_on),
                peer=peer,
                about_providing_rsc=about_providing,
            )
            for minutes, held_on, provider_id, peer, about_providing in rsc[trainee_id]
        ]
        reports[trainee_id] = evaluate(rules_for(category), training[trainee_id], items, as_of)
    return reports
