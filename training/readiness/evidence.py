"""The one loader readiness reads through: the app's data adapted to the engine's dataclasses.

`evidence_for(trainee_ids, as_of)` reads each kind of evidence once for a batch of trainees —
profiles, categories, training records, RSC logs, the providers' qualification periods and
whether each endorsee provides RSC — in a fixed number of queries whatever the batch size. A
single page is a batch of one.

`rules_for` and `renewal_rules_for` turn a category's data (and what the rules ask of the
person: their degree, whether they provide RSC) into the engine's `CategoryRules`.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from training.applications.enums import AgreementKind
from training.applications.models import (
    AgreementAcceptance,
    Education,
    ExamResult,
    Membership,
    WorkExperience,
)
from training.applications.selectors import agreements_in_force
from training.competencies.enums import RaterRole
from training.competencies.models import EndorsementCategory, ProviderQualification
from training.earlier_rsc.selectors import earlier_rows_by_trainee
from training.records.enums import EvidenceKind, TrainingSource
from training.records.models import TrainingRecord
from training.references.models import ReferenceRequest
from training.reflective_logs.selectors import RscRow, rsc_rows_by_trainee
from training.users.enums import Degree
from training.users.models import Profile, SupervisionAssignment

from .engine import (
    AgreementItem,
    ApplicantRecord,
    CategoryRules,
    EducationItem,
    ExamItem,
    MembershipItem,
    QualificationPeriod,
    ReferenceItem,
    RscItem,
    TrainingItem,
    WorkItem,
    provider_qualified,
    provides_rsc_in,
    renewal_rsc_ended,
    renewal_year_start,
    window_start,
)

# What `rules_for` and `renewal_rules_for` read of a category's relations.
CATEGORY_PREFETCH = (
    "qualifying_categories",
    "renewal_provider_categories",
    "reference_endorsed_rater_categories",
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
    rsc: tuple[RscRow, ...] = ()  # submitted and signed-off logs and earlier RSC, oldest first
    qualifications: dict[int, tuple[QualificationPeriod, ...]] = field(default_factory=dict)
    degree: str = ""  # the trainee's highest degree (Degree), "" when not given
    # Whether they provided RSC in the renewal year (only read for someone holding a category).
    provides_rsc: bool = False
    # What they have assembled beyond hours: education, work, references, agreements...
    record: ApplicantRecord = ApplicantRecord()

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
                kind=row.kind,
                hours_elsewhere=row.hours_elsewhere,
                qualifications=self.qualifications.get(row.provider_id, ()),
            )
            for row in self.rsc
        ]


def _ids(categories) -> frozenset[int]:
    return frozenset(c.pk for c in categories.all())


def _master_prepared_ids(category: EndorsementCategory, degree: str) -> frozenset[int]:
    """The IFS rule: a master's-prepared holder of the category counts for a bachelor's-prepared
    applicant to it (never for anyone else, unless the category lists itself as qualifying)."""
    if category.master_prepared_peers_qualify and degree == Degree.BACHELOR:
        return frozenset({category.pk})
    return frozenset()


def _reference_roles(category: EndorsementCategory) -> frozenset[str]:
    asked = {
        RaterRole.CURRENT_SUPERVISOR: category.reference_needs_current_supervisor,
        RaterRole.RSC_PROVIDER: category.reference_needs_rsc_provider,
        RaterRole.SUPERVISEE: category.reference_needs_supervisee,
    }
    return frozenset(str(role) for role, needed in asked.items() if needed)


def _application_rules(category: EndorsementCategory) -> dict:
    """What the category asks beyond hours, as `CategoryRules` fields."""
    agreements = (
        frozenset({AgreementKind.CODE_OF_ETHICS.value, AgreementKind.ENDORSEMENT_AGREEMENT.value})
        if category.agreements_required
        else frozenset()
    )
    return {
        "category_id": category.pk,
        "education_level": category.education_level,
        "education_related_field": category.education_related_field,
        "paid_work_years_instead_of_degree": category.paid_work_years_instead_of_degree,
        "work_years": category.work_years,
        "work_paid": category.work_paid,
        "work_post_degree": category.work_post_degree,
        "work_supervised": category.work_supervised,
        "work_min_families": category.work_min_families,
        "work_age_group": category.work_age_group,
        "leadership_years": category.leadership_years,
        "rsc_providing_years": category.rsc_providing_years,
        "references_needed": category.references_needed,
        "reference_roles": _reference_roles(category),
        "endorsed_rater_category_ids": _ids(category.reference_endorsed_rater_categories),
        "agreement_kinds": agreements,
        "membership_required": category.membership_required,
        "exam_required": category.exam_required,
    }


def rules_for(category: EndorsementCategory, *, degree: str = "") -> CategoryRules:
    """A category's requirements as the engine reads them for an applicant with `degree` (its
    related categories read once by the caller's prefetch), hours and everything the
    application asks beyond them. A provider vetted for the category qualifies."""
    return CategoryRules(
        **_application_rules(category),
        code=category.code,
        training_hours=category.training_hours,
        dei_hours=category.dei_hours,
        rsc_training_hours=category.rsc_training_hours,
        rsc_hours=category.rsc_hours,
        rsc_window_months=category.rsc_window_months,
        rsc_about_providing_hours=category.rsc_about_providing_hours,
        qualifying_category_ids=_ids(category.qualifying_categories),
        vetted_category_ids=frozenset({category.pk}),
        master_prepared_category_ids=_master_prepared_ids(category, degree),
    )


def renewal_rules_for(
    category: EndorsementCategory,
    *,
    endorsed_on: datetime.date | None,
    as_of: datetime.date,
    provides_rsc: bool = False,
    degree: str = "",
) -> CategoryRules:
    """The yearly renewal requirement of a held category, cut at the start of the renewal year.

    From the category's data: no RSC once the endorsement has been held the years after which
    renewal RSC ends (Mentor-Clinical); for an endorsee who provides RSC, training about RSC
    and, where the category names them, RSC only from the renewal provider categories (an IMHS
    who provides RSC: IMHM-C), vetting for those categories counting instead.
    """
    rsc_hours = category.renewal_rsc_hours
    if renewal_rsc_ended(endorsed_on, as_of, category.renewal_rsc_ends_after_years):
        rsc_hours = Decimal(0)
    qualifying = _ids(category.qualifying_categories)
    vetted = frozenset({category.pk})
    if provides_rsc and (providers := _ids(category.renewal_provider_categories)):
        qualifying = vetted = providers
    return CategoryRules(
        code=f"{category.code}-renewal",
        training_hours=category.renewal_training_hours,
        dei_hours=category.renewal_dei_hours,
        rsc_training_hours=category.renewal_rsc_training_hours if provides_rsc else Decimal(0),
        rsc_hours=rsc_hours,
        rsc_window_months=RENEWAL_WINDOW_MONTHS,
        qualifying_category_ids=qualifying,
        vetted_category_ids=vetted,
        master_prepared_category_ids=_master_prepared_ids(category, degree),
        counts_after=renewal_year_start(endorsed_on, as_of),
        # Each year: membership and the Code of Ethics re-commitment.
        agreement_kinds=frozenset({AgreementKind.CODE_OF_ETHICS.value})
        if category.agreements_required
        else frozenset(),
        membership_required=category.membership_required,
    )


def _registry_rows(supervisor_ids):
    return ProviderQualification.objects.filter(supervisor_id__in=set(supervisor_ids)).values_list(
        "supervisor_id",
        "category_id",
        "starts_on",
        "expires_on",
        "vetted_by_association",
        "emerging",
        "supervisor__profile__degree",
    )


def _periods_from(rows) -> dict[int, tuple[QualificationPeriod, ...]]:
    periods: dict[int, list[QualificationPeriod]] = defaultdict(list)
    for supervisor_id, category_id, starts_on, expires_on, vetted, emerging, degree in rows:
        periods[supervisor_id].append(
            QualificationPeriod(
                category_id,
                starts_on,
                expires_on,
                vetted=vetted,
                emerging=emerging,
                master_prepared=degree == Degree.MASTER_OR_HIGHER,
            )
        )
    return {pk: tuple(found) for pk, found in periods.items()}


def qualification_periods(provider_ids) -> dict[int, tuple[QualificationPeriod, ...]]:
    """Each provider's qualifications from the provider registry (with whether they are
    master's-prepared), in one query."""
    return _periods_from(_registry_rows(provider_ids))


def _categories(ids) -> dict[int, EndorsementCategory]:
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return {}
    found = EndorsementCategory.objects.filter(pk__in=ids).prefetch_related(*CATEGORY_PREFETCH)
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


def _applicant_records(ids, as_of: datetime.date) -> dict[int, ApplicantRecord]:
    """Each trainee's records beyond hours (a returned record is not evidence): one query per
    kind, plus one for the agreement versions in force."""
    found: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))

    def live(model):
        return model.objects.filter(
            Q(rejected_at__isnull=True) | Q(verified=True), trainee_id__in=ids
        )

    for row in live(Education).values_list(
        "pk", "trainee_id", "level", "completed_on", "related_field", "verified"
    ):
        pk, trainee_id, level, completed_on, related, verified = row
        found[trainee_id]["education"].append(
            EducationItem(level, completed_on, related, verified, pk)
        )
    for w in live(WorkExperience).order_by("starts_on", "pk"):
        found[w.trainee_id]["work"].append(
            WorkItem(
                starts_on=w.starts_on,
                ends_on=w.ends_on,
                hours_per_week=w.hours_per_week,
                paid=w.paid,
                post_degree=w.post_degree,
                supervised=w.supervised,
                families_served=w.families_served,
                age_group=w.age_group,
                leadership=w.leadership,
                providing_rsc=w.providing_rsc,
                verified=w.verified,
                source_id=w.pk,
            )
        )
    for pk, trainee_id, expires_on, verified in live(Membership).values_list(
        "pk", "trainee_id", "expires_on", "verified"
    ):
        found[trainee_id]["memberships"].append(MembershipItem(expires_on, verified, pk))
    in_force = {text.pk for text in agreements_in_force(as_of)}
    for pk, trainee_id, kind, text_id, accepted_at in AgreementAcceptance.objects.filter(
        trainee_id__in=ids
    ).values_list("pk", "trainee_id", "text__kind", "text_id", "accepted_at"):
        found[trainee_id]["agreements"].append(
            AgreementItem(kind, timezone.localdate(accepted_at), text_id in in_force, pk)
        )
    for pk, trainee_id, category_id, taken_on, passed in ExamResult.objects.filter(
        trainee_id__in=ids
    ).values_list("pk", "trainee_id", "category_id", "taken_on", "passed"):
        found[trainee_id]["exams"].append(ExamItem(category_id, taken_on, passed, pk))
    now = timezone.now()
    for r in ReferenceRequest.objects.filter(trainee_id__in=ids).only(
        "pk",
        "trainee_id",
        "role",
        "completed_at",
        "revoked_at",
        "expires_at",
        "known_months",
        "answers",
        "rater_category_id",
        "rater_vetted",
    ):
        completed_on = timezone.localdate(r.completed_at) if r.completed_at else None
        found[r.trainee_id]["references"].append(
            ReferenceItem(
                role=r.role,
                completed_on=completed_on,
                open=r.revoked_at is None and r.expires_at > now,
                known_months=r.known_months,
                nei_count=r.nei_count if r.completed_at else 0,
                rater_category_id=r.rater_category_id,
                rater_vetted=r.rater_vetted,
                source_id=r.pk,
            )
        )
    return {
        pk: ApplicantRecord(**{kind: tuple(items) for kind, items in kinds.items()})
        for pk, kinds in found.items()
    }


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
            "user_id", "target_category_id", "endorsement_held_id", "endorsed_on", "degree"
        )
    }
    chosen = categories or {}
    wanted = {pk for _, (target, held, _, _) in profiles.items() for pk in (target, held)}
    wanted |= {c.pk for c in chosen.values()}
    by_id = _categories(wanted)
    training = _training_rows(ids)
    held_after = None
    if target_window_only:
        targets = [by_id[t] for t, _held, _on, _degree in profiles.values() if t in by_id]
        held_after = min((window_start(rules_for(c), as_of) for c in targets), default=as_of)
    rsc = rsc_rows_by_trainee(ids, held_after=held_after)
    # Earlier RSC (received before Attune) is judged beside the logs, month by month.
    for pk, earlier in earlier_rows_by_trainee(ids, held_after=held_after).items():
        rsc[pk] = sorted([*rsc.get(pk, ()), *earlier], key=lambda row: row.held_on)
    # Endorsees' own registry rows come in the providers' one read: they decide who provides RSC.
    endorsees = {pk for pk, (_t, held, _on, _d) in profiles.items() if held in by_id}
    providers = {row.provider_id for rows in rsc.values() for row in rows}
    periods = _periods_from(_registry_rows(providers | endorsees))
    providing = _providing_rsc(endorsees, periods, profiles, as_of)
    records = _applicant_records(ids, as_of)
    evidence = {}
    for pk in ids:
        target_id, held_id, endorsed_on, degree = profiles.get(pk, (None, None, None, ""))
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
            degree=degree or "",
            provides_rsc=pk in providing,
            record=records.get(pk, ApplicantRecord()),
        )
    return evidence


def _providing_rsc(endorsees, periods, profiles, as_of: datetime.date) -> set[int]:
    """The endorsees who provided RSC in their renewal year: a provider qualification or a
    supervision assignment (as the supervisor) on any day of it. One query for assignments."""
    if not endorsees:
        return set()
    spans: dict[int, list] = defaultdict(list)
    for pk in endorsees:
        spans[pk] += [(q.starts_on, q.expires_on) for q in periods.get(pk, ())]
    assignments = SupervisionAssignment.objects.filter(supervisor_id__in=endorsees).values_list(
        "supervisor_id", "starts_on", "ends_on"
    )
    for supervisor_id, starts_on, ends_on in assignments:
        spans[supervisor_id].append((starts_on, ends_on))
    return {
        pk
        for pk in endorsees
        if provides_rsc_in(spans[pk], renewal_year_start(profiles[pk][2], as_of), as_of)
    }


def provider_qualifies(
    provider, category: EndorsementCategory, *, on: datetime.date, applicant=None
) -> bool:
    """Whether RSC from `provider` on day `on` would count toward `category` for `applicant`
    (the engine's rule, asked before a pairing is made; the applicant's degree matters for
    IFS)."""
    category = EndorsementCategory.objects.prefetch_related(*CATEGORY_PREFETCH).get(pk=category.pk)
    degree = ""
    if applicant is not None:
        degree = Profile.objects.filter(user=applicant).values_list("degree", flat=True).first()
    item = RscItem(
        minutes=0,
        held_on=on,
        provider=str(provider.pk),
        qualifications=qualification_periods([provider.pk]).get(provider.pk, ()),
    )
    return provider_qualified(rules_for(category, degree=degree or ""), item)
