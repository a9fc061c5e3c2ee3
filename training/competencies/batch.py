"""Readiness for many trainees at once, for cohort tables and exports.

The same engine and rules as `selectors.readiness_for`, fed by a fixed number of queries per
batch of trainees instead of a few per trainee.
"""

import datetime
from collections import defaultdict

from training.users.models import Profile

from .models import EndorsementCategory, ProviderQualification, TrainingRecord
from .readiness import ReadinessReport, RscItem, TrainingItem, evaluate
from .selectors import _qualifies, rules_for


def _signed_rsc_by_trainee(ids: list[int]) -> dict[int, list[dict]]:
    from training.reflective_logs.enums import LogState
    from training.reflective_logs.models import ReflectiveLog

    rows = defaultdict(list)
    signed = ReflectiveLog.objects.filter(trainee_id__in=ids, state=LogState.SIGNED_OFF).values(
        "trainee_id",
        "about_providing_rsc",
        "session__minutes",
        "session__held_on",
        "session__provider_id",
        "session__is_peer",
    )
    for row in signed:
        rows[row["trainee_id"]].append(row)
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
    rsc = _signed_rsc_by_trainee(list(targets))
    providers = {row["session__provider_id"] for rows in rsc.values() for row in rows}
    qualifications = defaultdict(list)
    for q in ProviderQualification.objects.filter(supervisor_id__in=providers):
        qualifications[q.supervisor_id].append(q)

    reports: dict[int, ReadinessReport | None] = dict.fromkeys(ids)
    for trainee_id, category_id in targets.items():
        category = categories[category_id]
        items = [
            RscItem(
                minutes=row["session__minutes"],
                held_on=row["session__held_on"],
                provider=str(row["session__provider_id"]),
                provider_qualified=_qualifies(
                    qualifications[row["session__provider_id"]], category, row["session__held_on"]
                ),
                peer=row["session__is_peer"],
                about_providing_rsc=row["about_providing_rsc"],
            )
            for row in rsc[trainee_id]
        ]
        reports[trainee_id] = evaluate(rules_for(category), training[trainee_id], items, as_of)
    return reports
