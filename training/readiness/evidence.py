"""The one loader readiness reads through: the app's data adapted to the engine's dataclasses.

`evidence_for(trainee_ids, as_of)` reads each kind of evidence once for a batch of trainees —
profiles, categories, training records, RSC logs and the providers' qualification periods — in a
fixed number of queries whatever the batch size. A single page is a batch of one.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from training.competencies.models import EndorsementCategory, ProviderQualification
from training.records.enums import EvidenceKind, TrainingSource
from training.records.models import TrainingRecord
from training.reflective_logs.selectors import RscRow, rsc_rows_by_trainee
from training.users.models import Profile

from .engine import (
    CategoryRules,
    QualificationPeriod,
    RscItem,
    TrainingItem,
    provider_qualified,
    renewal_year_start,
    window_start,
)

# Renewal looks back one year at a time.
RENEWAL_WINDOW_MONTHS = 12


@dataclass(frozen=True)
class TrainingRow:
    """A training record as readiness pages show it (verified, waiting, or returned)."""

    id: int
    title: str
    source: str
    hours: Decimal
    completed_on: datetime.date
    dei: bool
    about_rsc: bool
    verified: bool
    rejected: bool
    sponsor: str
    evidence_kind: str
    starts_on: datetime.date | None
    competency_ids: tuple[int, ...]

    @property
    def from_course(self) -> bool:
        return self.source == TrainingSource.COURSE

    def get_source_display(self) -> str:
        return TrainingSource(self.source).label

    def get_evidence_kind_display(self) -> str:
        return EvidenceKind(self.evidence_kind).label


@dataclass(frozen=True)
class TraineeEvidence:
    """Everything one trainee's readiness is decided from."""

    trainee_id: int
    target: EndorsementCategory | None = None
    held: EndorsementCategory | None = None
    endorsed_on: datetime.date | None = None
    training: tuple[TrainingRow, ...] = ()
    rsc: tuple[RscRow, ...] = ()  # submitted and signed-off logs, oldest first
    qualifications: dict[int, tuple[QualificationPeriod, ...]] = field(default_factory=dict)

    @property
    def signed_rsc(self) -> list[RscRow]:
        return [row for row in self.rsc if row.signed_off]

    @property
    def pending_training_count(self) -> int:
        return sum(1 for row in self.training if not row.verified and not row.rejected)

    def training_items(self) -> list[TrainingItem]:
        """Verified and waiting training (a returned record is not evidence)."""
        return [
            TrainingItem(
                hours=row.hours,
                completed_on=row.completed_on,
                dei=row.dei,
                about_rsc=row.about_rsc,
                verified=row.verified,
                source_id=row.id,
            )
            for row in self.training
            if not row.rejected
        ]

    def rsc_items(self) -> list[RscItem]:
        return [
            RscItem(
                minutes=row.minutes,
                held_on=row.held_on,
                provider=str(row.provider_id),
                peer=row.peer,
                about_providing_rsc=row.about_providing_rsc,
                signed_off=row.signed_off,
                source_id=row.log_id,
                qualifications=self.qualifications.get(row.provider_id, ()),
            )
            for row in self.rsc
        ]


def rules_for(category: EndorsementCategory) -> CategoryRules:
    """A category's requirements as the engine reads them (its qualifying categories read once
    by the caller's prefetch)."""
    return CategoryRules(
        code=category.code,
        training_hours=category.training_hours,
        dei_hours=category.dei_hours,
        rsc_training_hours=category.rsc_training_hours,
        rsc_hours=category.rsc_hours,
        rsc_window_months=category.rsc_window_months,
        rsc_about_providing_hours=category.rsc_about_providing_hours,
        qualifying_category_ids=frozenset(c.pk for c in category.qualifying_categories.all()),
    )


def renewal_rules_for(
    category: EndorsementCategory, *, endorsed_on: datetime.date | None, as_of: datetime.date
) -> CategoryRules:
    """The yearly renewal requirement of a held category, cut at the start of the renewal year."""
    return CategoryRules(
        code=f"{category.code}-renewal",
        training_hours=category.renewal_training_hours,
        dei_hours=category.renewal_dei_hours,
        rsc_hours=category.renewal_rsc_hours,
        rsc_window_months=RENEWAL_WINDOW_MONTHS,
        qualifying_category_ids=frozenset(c.pk for c in category.qualifying_categories.all()),
        counts_after=renewal_year_start(endorsed_on, as_of),
    )


def qualification_periods(provider_ids) -> dict[int, tuple[QualificationPeriod, ...]]:
    """Each provider's qualifications from the provider registry, in one query."""
    periods: dict[int, list[QualificationPeriod]] = defaultdict(list)
    rows = ProviderQualification.objects.filter(supervisor_id__in=set(provider_ids)).values_list(
        "supervisor_id", "category_id", "starts_on", "expires_on", "vetted_by_association"
    )
    for supervisor_id, category_id, starts_on, expires_on, vetted in rows:
        periods[supervisor_id].append(
            QualificationPeriod(category_id, starts_on, expires_on, vetted)
        )
    return {pk: tuple(found) for pk, found in periods.items()}


def _categories(ids) -> dict[int, EndorsementCategory]:
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return {}
    found = EndorsementCategory.objects.filter(pk__in=ids).prefetch_related("qualifying_categories")
    return {c.pk: c for c in found}


def _training_rows(trainee_ids) -> dict[int, list[TrainingRow]]:
    records = TrainingRecord.objects.filter(trainee_id__in=trainee_ids).order_by(
        "completed_on", "pk"
    )
    values = list(
        records.values_list(
            "pk",
            "trainee_id",
            "title",
            "source",
            "hours",
            "completed_on",
            "dei",
            "about_rsc",
            "verified",
            "rejected_at",
            "sponsor",
            "evidence_kind",
            "starts_on",
        )
    )
    tags: dict[int, list[int]] = defaultdict(list)
    if values:
        through = TrainingRecord.competencies.through.objects
        for record_id, competency_id in through.filter(
            trainingrecord_id__in=[v[0] for v in values]
        ).values_list("trainingrecord_id", "competency_id"):
            tags[record_id].append(competency_id)
    rows: dict[int, list[TrainingRow]] = defaultdict(list)
    for (
        pk,
        trainee_id,
        title,
        source,
        hours,
        completed_on,
        dei,
        about,
        verified,
        rejected,
        sponsor,
        evidence_kind,
        starts_on,
    ) in values:
        rows[trainee_id].append(
            TrainingRow(
                id=pk,
                title=title,
                source=source,
                hours=hours,
                completed_on=completed_on,
                dei=dei,
                about_rsc=about,
                verified=verified,
                rejected=rejected is not None and not verified,
                sponsor=sponsor,
                evidence_kind=evidence_kind,
                starts_on=starts_on,
                competency_ids=tuple(sorted(tags[pk])),
            )
        )
    return rows


def evidence_for(
    trainee_ids,
    as_of: datetime.date,
    *,
    categories: dict | None = None,
    target_window_only: bool = False,
) -> dict[int, TraineeEvidence]:
    """Each trainee's evidence on `as_of`, read once for the whole batch.

    `categories` maps a trainee id to the category to judge against instead of their target
    (the readiness command's `--category`). `target_window_only` skips RSC held before the
    widest window of the batch's targets: enough for the targets' reports (cohort columns),
    not for renewal or for explaining every log.
    """
    ids = list(dict.fromkeys(trainee_ids))
    if not ids:
        return {}
    profiles = {
        row[0]: row[1:]
        for row in Profile.objects.filter(user_id__in=ids).values_list(
            "user_id", "target_category_id", "endorsement_held_id", "endorsed_on"
        )
    }
    chosen = categories or {}
    wanted = {pk for _, (target, held, _) in profiles.items() for pk in (target, held)}
    wanted |= {c.pk for c in chosen.values()}
    by_id = _categories(wanted)
    training = _training_rows(ids)
    held_after = None
    if target_window_only:
        targets = [by_id[t] for t, _held, _on in profiles.values() if t in by_id]
        held_after = min((window_start(rules_for(c), as_of) for c in targets), default=as_of)
    rsc = rsc_rows_by_trainee(ids, held_after=held_after)
    periods = qualification_periods({row.provider_id for rows in rsc.values() for row in rows})
    evidence = {}
    for pk in ids:
        target_id, held_id, endorsed_on = profiles.get(pk, (None, None, None))
        target = by_id.get(chosen[pk].pk) if pk in chosen else by_id.get(target_id)
        rows = tuple(rsc.get(pk, ()))
        evidence[pk] = TraineeEvidence(
            trainee_id=pk,
            target=target,
            held=by_id.get(held_id),
            endorsed_on=endorsed_on,
            training=tuple(training.get(pk, ())),
            rsc=rows,
            qualifications={row.provider_id: periods.get(row.provider_id, ()) for row in rows},
        )
    return evidence


def provider_qualifies(provider, category: EndorsementCategory, *, on: datetime.date) -> bool:
    """Whether RSC from `provider` on day `on` would count toward `category` (the engine's rule,
    asked before a pairing is made)."""
    category = EndorsementCategory.objects.prefetch_related("qualifying_categories").get(
        pk=category.pk
    )
    item = RscItem(
        minutes=0,
        held_on=on,
        provider=str(provider.pk),
        qualifications=qualification_periods([provider.pk]).get(provider.pk, ()),
    )
    return provider_qualified(rules_for(category), item)
