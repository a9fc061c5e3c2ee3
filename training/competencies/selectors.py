"""Reads for readiness: the app's data adapted to the pure rules engine, and view-shaped rows."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from .models import (
    EndorsementCategory,
    ProviderQualification,
    TrainingRecord,
)
from .readiness import CategoryRules, ReadinessReport, RscItem, TrainingItem, evaluate

# Renewal looks back one year at a time.
RENEWAL_WINDOW_MONTHS = 12


def rules_for(category: EndorsementCategory) -> CategoryRules:
    """A category's requirements as the engine reads them."""
    return CategoryRules(
        code=category.code,
        training_hours=category.training_hours,
        dei_hours=category.dei_hours,
        rsc_training_hours=category.rsc_training_hours,
        rsc_hours=category.rsc_hours,
        rsc_window_months=category.rsc_window_months,
        rsc_about_providing_hours=category.rsc_about_providing_hours,
    )


def renewal_rules_for(category: EndorsementCategory) -> CategoryRules:
    """The yearly renewal requirement of a held category."""
    return CategoryRules(
        code=f"{category.code}-renewal",
        training_hours=category.renewal_training_hours,
        dei_hours=category.renewal_dei_hours,
        rsc_hours=category.renewal_rsc_hours,
        rsc_window_months=RENEWAL_WINDOW_MONTHS,
    )


def _qualifies(qualifications, category: EndorsementCategory | None, day: datetime.date) -> bool:
    qualifying = {c.pk for c in category.qualifying_categories.all()} if category else set()
    for q in qualifications:
        if q.starts_on and q.starts_on > day:
            continue
        if q.expires_on and q.expires_on < day:
            continue
        if q.vetted_by_association or q.category_id in qualifying:
            return True
    return False


def provider_qualifies(
    supervisor, target_category: EndorsementCategory | None, on: datetime.date | None = None
) -> bool:
    """Whether RSC from `supervisor` on day `on` counts toward `target_category`."""
    if supervisor is None or target_category is None:
        return False
    day = on or timezone.localdate()
    qualifications = ProviderQualification.objects.filter(supervisor=supervisor)
    return _qualifies(list(qualifications), target_category, day)


def training_items(*, trainee) -> list[TrainingItem]:
    """The trainee's verified training, as the engine reads it."""
    rows = TrainingRecord.objects.verified().for_trainee(trainee)
    return [
        TrainingItem(
            hours=row.hours,
            completed_on=row.completed_on,
            dei=row.dei,
            about_rsc=row.about_rsc,
            verified=row.verified,
        )
        for row in rows.only("hours", "completed_on", "dei", "about_rsc", "verified")
    ]


def signed_rsc(*, trainee) -> list:
    """Signed-off RSC rows from the reflective logs app, or none while it is not installed."""
    try:
        from training.reflective_logs.selectors import signed_rsc_rows
    except ImportError:
        return []
    return list(signed_rsc_rows(trainee=trainee))


def rsc_items(*, trainee, category: EndorsementCategory | None) -> list[RscItem]:
    """The trainee's signed RSC, each marked with whether its provider qualified that day."""
    rows = signed_rsc(trainee=trainee)
    if not rows:
        return []
    provider_ids = {row.provider_id for row in rows}
    by_provider: dict[int, list[ProviderQualification]] = {pid: [] for pid in provider_ids}
    for q in ProviderQualification.objects.filter(supervisor_id__in=provider_ids):
        by_provider[q.supervisor_id].append(q)
    if category is not None:
        # Read the qualifying categories once, not once per row.
        category = EndorsementCategory.objects.prefetch_related("qualifying_categories").get(
            pk=category.pk
        )
    return [
        RscItem(
            minutes=row.minutes,
            held_on=row.held_on,
            provider=str(row.provider_id),
            provider_qualified=_qualifies(by_provider[row.provider_id], category, row.held_on),
            peer=row.peer,
            about_providing_rsc=row.about_providing_rsc,
            signed_off=True,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class Readiness:
    """What the readiness page, command and portfolio show for one trainee."""

    trainee: object
    category: EndorsementCategory | None
    as_of: datetime.date
    report: ReadinessReport | None
    held: EndorsementCategory | None = None
    renewal_due_on: datetime.date | None = None
    renewal: ReadinessReport | None = None

    def as_dict(self) -> dict:
        def report_dict(report):
            if report is None:
                return None
            return {
                "ready": report.ready,
                "results": [
                    {
                        "code": r.code,
                        "needed": str(r.needed),
                        "have": str(r.have),
                        "met": r.met,
                        "detail": r.detail,
                    }
                    for r in report.results
                ],
            }

        return {
            "trainee": self.trainee.email,
            "category": self.category.code if self.category else None,
            "as_of": self.as_of.isoformat(),
            "report": report_dict(self.report),
            "held": self.held.code if self.held else None,
            "renewal_due_on": self.renewal_due_on.isoformat() if self.renewal_due_on else None,
            "renewal": report_dict(self.renewal),
        }


def renewal_due_on(endorsed_on: datetime.date | None, as_of: datetime.date):
    """The next anniversary of the endorsement on or after `as_of`."""
    if endorsed_on is None:
        return None
    years = max(as_of.year - endorsed_on.year, 1)
    due = endorsed_on + relativedelta(years=years)
    while due < as_of:
        years += 1
        due = endorsed_on + relativedelta(years=years)
    return due


def readiness_for(
    *,
    trainee,
    category: EndorsementCategory | None = None,
    as_of: datetime.date | None = None,
) -> Readiness:
    """Evaluate a trainee against their target (or the given) category, and their renewal."""
    as_of = as_of or timezone.localdate()
    profile = getattr(trainee, "profile", None)
    if category is None and profile is not None:
        category = profile.target_category
    training = training_items(trainee=trainee)
    report = None
    if category is not None:
        report = evaluate(
            rules_for(category), training, rsc_items(trainee=trainee, category=category), as_of
        )
    held = profile.endorsement_held if profile is not None else None
    renewal = due = None
    if held is not None:
        due = renewal_due_on(profile.endorsed_on, as_of)
        # The renewal year runs from the last anniversary; without a date, the last 12 months.
        since = due - relativedelta(years=1) if due else as_of - relativedelta(months=12)
        renewal = evaluate(
            renewal_rules_for(held),
            [t for t in training if t.completed_on > since],
            [r for r in rsc_items(trainee=trainee, category=held) if r.held_on > since],
            as_of,
        )
    return Readiness(trainee, category, as_of, report, held, due, renewal)
