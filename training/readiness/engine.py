"""The endorsement rules engine: given a category's rules and a person's evidence, how ready are
they on a given day?

Pure on purpose: no database, no clock, no settings. Everything the app knows is adapted to
these dataclasses first (see `evidence.py`), so the rules can be tested exhaustively and the
page, the command, the portfolio and the cohort columns all tell the same story.

Every rule lives here, including the ones adapters used to compute: whether a provider was
qualified on the day (from the qualification periods passed in), the renewal year, and why each
item of evidence did or did not count.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal

from dateutil.relativedelta import relativedelta

from training.core.hours import format_hours, minutes_to_hours, round_half_up

TRAINING_HOURS = "training_hours"
DEI_HOURS = "dei_hours"
RSC_TRAINING_HOURS = "rsc_training_hours"
RSC_HOURS = "rsc_hours"
RSC_PROVIDERS = "rsc_providers"
RSC_ABOUT_PROVIDING_HOURS = "rsc_about_providing_hours"

EDUCATION = "education"
WORK_EXPERIENCE = "work_experience"
LEADERSHIP = "leadership"
RSC_PROVIDING = "rsc_providing"
REFERENCES = "references"
AGREEMENTS = "agreements"
MEMBERSHIP = "membership"
EXAM = "exam"

HOUR_CODES = (
    TRAINING_HOURS,
    DEI_HOURS,
    RSC_TRAINING_HOURS,
    RSC_HOURS,
    RSC_PROVIDERS,
    RSC_ABOUT_PROVIDING_HOURS,
)
APPLICATION_CODES = (
    EDUCATION,
    WORK_EXPERIENCE,
    LEADERSHIP,
    RSC_PROVIDING,
    REFERENCES,
    AGREEMENTS,
    MEMBERSHIP,
    EXAM,
)
REQUIREMENT_CODES = HOUR_CODES + APPLICATION_CODES

# A requirement's state: met, not met, or met once someone else acts (a coordinator verifies,
# a rater answers).
MET = "met"
NOT_MET = "not_met"
WAITING = "waiting"

# Degree levels as `users.enums.Degree` stores them, lowest first.
DEGREE_RANK = {"none": 0, "associate": 1, "bachelor": 2, "master_or_higher": 3}
DEGREE_WORDS = {
    "associate": "a CDA or associate's degree",
    "bachelor": "a bachelor's degree",
    "master_or_higher": "a master's degree or higher",
}
CODE_OF_ETHICS = "code_of_ethics"
ENDORSEMENT_AGREEMENT = "endorsement_agreement"
AGREEMENT_WORDS = {
    CODE_OF_ETHICS: "the Code of Ethics",
    ENDORSEMENT_AGREEMENT: "the Endorsement Agreement",
}
# The Code of Ethics is re-committed to every year.
RECOMMIT_MONTHS = 12
# Reference ratings: "not enough information" answers at or above this make a rating not count;
# a rating is valid this many months; raters should have known the applicant this long.
REFERENCE_NEI_LIMIT = 6
REFERENCE_VALID_MONTHS = 12
REFERENCE_KNOWN_MONTHS = 12
ROLE_WORDS = {
    "current_supervisor": "{your} current supervisor",
    "rsc_provider": "{your} reflective supervision/consultation provider",
    "supervisee": "someone who receives RSC from {you}",
}
# A full-time week, for turning part-time work into years.
FULL_TIME_HOURS = Decimal(40)

# Most counted RSC must come from one provider: strictly more than this share, in percent.
MAIN_PROVIDER_SHARE = Decimal(50)
# Only this many providers' minutes count; the rest are dropped.
PROVIDERS_COUNTED = 2

# Why an item of evidence did or did not count, in the order the engine asks.
COUNTED = "counted"
NOT_VERIFIED = "not_verified"
NOT_SIGNED = "not_signed"
PEER = "peer"
HOURS_IN_ATTENDANCE = "hours_in_attendance"
OUTSIDE_WINDOW = "outside_window"
PROVIDER_NOT_QUALIFIED = "provider_not_qualified"
THIRD_PROVIDER = "third_provider"
NOT_QUALIFYING = "not_qualifying"
WAITING_FOR_RATER = "waiting_for_rater"
LINK_CLOSED = "link_closed"
TOO_MANY_NEI = "too_many_nei"
RATING_EXPIRED = "rating_expired"
KNOWN_TOO_SHORT = "known_too_short"

REASON_TEXT = {
    COUNTED: "Counts.",
    NOT_VERIFIED: "Not counted yet: waiting for verification.",
    NOT_SIGNED: "Not counted yet: waiting for sign-off.",
    PEER: "Peer consultation does not count as RSC.",
    HOURS_IN_ATTENDANCE: "Adds no hours itself: hours counted through the group's attendance "
    "sign-off.",
    OUTSIDE_WINDOW: "Outside the period that counts.",
    PROVIDER_NOT_QUALIFIED: "The provider was not qualified for this endorsement on that day.",
    THIRD_PROVIDER: "Only the two providers who gave the most RSC count.",
    NOT_QUALIFYING: "Does not meet what this endorsement asks of it.",
    WAITING_FOR_RATER: "Not counted yet: waiting for the rater.",
    LINK_CLOSED: "The rater did not answer before the link closed.",
    TOO_MANY_NEI: "Six or more answers were “not enough information”, so it does not count.",
    RATING_EXPIRED: "Completed more than a year ago: a rating is valid for one year.",
    KNOWN_TOO_SHORT: "The rater has known you for less than a year.",
}

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Voice:
    """Who a sentence speaks to: the trainee reads "your"; anyone else reading her readiness (a
    supervisor, a coordinator) reads her name ("Luis's main provider", "Luis needs ...")."""

    name: str = ""  # empty: the trainee herself

    @property
    def second_person(self) -> bool:
        return not self.name

    @property
    def you(self) -> str:
        return "you" if self.second_person else self.name

    @property
    def your(self) -> str:
        return "your" if self.second_person else f"{self.name}'s"

    def say(self, text: str) -> str:
        """Fill {you} and {your} in a phrase."""
        return text.format(you=self.you, your=self.your)

    def sentence(self, text: str) -> str:
        """Fill {you} and {your} in a sentence, capitalised."""
        said = self.say(text)
        return said[:1].upper() + said[1:]

    def verb(self, second: str, third: str) -> str:
        """'you provide' or 'Luis provides'."""
        return f"you {second}" if self.second_person else f"{self.name} {third}"

    def still_needs(self, phrases: str) -> str:
        """'Still needed: ...' to the trainee, 'Luis still needs: ...' to anyone else."""
        lead = "Still needed" if self.second_person else f"{self.name} still needs"
        return f"{lead}: {phrases}"

    def needs(self, phrase: str) -> str:
        """A shortfall: the phrase alone to the trainee, 'Luis needs ...' to anyone else."""
        return phrase if self.second_person else f"{self.name} needs {phrase}"


YOU = Voice()


@dataclass(frozen=True)
class QualificationPeriod:
    """One qualification a provider holds, valid from `starts_on` to `expires_on`, both inclusive,
    either open. Its `category_id` is, by kind:

    - held (neither flag): the endorsement the provider holds; it counts toward the categories
      that list it as qualifying;
    - `vetted`: the category the association vetted the provider to provide RSC for; it counts
      toward rules that name that category in `vetted_category_ids`, and nothing else;
    - `emerging`: the category (I/ECFRS) the provider is completing; inside its period, which
      must be closed at both ends, it counts as if held.

    `master_prepared` says the provider holds a master's or higher (the IFS provider rule)."""

    category_id: int | None = None
    starts_on: date | None = None
    expires_on: date | None = None
    vetted: bool = False
    emerging: bool = False
    master_prepared: bool = False

    def valid_on(self, day: date) -> bool:
        if self.emerging and (self.starts_on is None or self.expires_on is None):
            return False  # an Emerging status is only ever granted for a recorded period
        return (self.starts_on is None or self.starts_on <= day) and (
            self.expires_on is None or day <= self.expires_on
        )


@dataclass(frozen=True)
class TrainingItem:
    hours: Decimal
    completed_on: date
    dei: bool = False
    about_rsc: bool = False
    verified: bool = True
    source_id: int | None = None


@dataclass(frozen=True)
class RscItem:
    minutes: int
    held_on: date
    provider: str
    provider_qualified: bool = True
    peer: bool = False
    about_providing_rsc: bool = False
    signed_off: bool = True
    source_id: int | None = None
    kind: str = "rsc"  # the outcome kind: "rsc" for a log, else another kind of RSC evidence
    # A log whose session's minutes another item (the group's attendance) carries: never added.
    hours_elsewhere: bool = False
    # The provider's qualification periods. When given, the engine decides qualification from
    # them and the category's qualifying categories; when None, `provider_qualified` stands.
    qualifications: tuple[QualificationPeriod, ...] | None = None


@dataclass(frozen=True)
class EducationItem:
    level: str  # a DEGREE_RANK key
    completed_on: date
    related_field: bool = False
    verified: bool = True
    source_id: int | None = None


@dataclass(frozen=True)
class WorkItem:
    starts_on: date
    ends_on: date | None  # None while current
    hours_per_week: Decimal
    paid: bool = True
    post_degree: bool = False
    supervised: bool = False
    families_served: int = 0
    age_group: str = "both"  # "0_3", "3_6" or "both"
    leadership: bool = False
    providing_rsc: bool = False
    verified: bool = True
    source_id: int | None = None


@dataclass(frozen=True)
class ReferenceItem:
    role: str
    completed_on: date | None = None  # None until the rater answers
    open: bool = True  # not completed: whether the link still works (not revoked or expired)
    known_months: int | None = None
    nei_count: int = 0
    rater_category_id: int | None = None
    rater_vetted: bool = False
    source_id: int | None = None


@dataclass(frozen=True)
class MembershipItem:
    expires_on: date
    verified: bool = True
    source_id: int | None = None


@dataclass(frozen=True)
class AgreementItem:
    kind: str  # CODE_OF_ETHICS or ENDORSEMENT_AGREEMENT
    accepted_on: date
    current: bool = True  # the accepted text is the version in force
    source_id: int | None = None


@dataclass(frozen=True)
class ExamItem:
    category_id: int
    taken_on: date
    passed: bool
    source_id: int | None = None


@dataclass(frozen=True)
class ApplicantRecord:
    """What an applicant has assembled beyond hours."""

    education: tuple[EducationItem, ...] = ()
    work: tuple[WorkItem, ...] = ()
    references: tuple[ReferenceItem, ...] = ()
    memberships: tuple[MembershipItem, ...] = ()
    agreements: tuple[AgreementItem, ...] = ()
    exams: tuple[ExamItem, ...] = ()


@dataclass(frozen=True)
class CategoryRules:
    code: str
    training_hours: Decimal = Decimal(0)
    dei_hours: Decimal = Decimal(0)
    rsc_training_hours: Decimal = Decimal(0)
    rsc_hours: Decimal = Decimal(0)
    rsc_window_months: int = 24
    rsc_about_providing_hours: Decimal = Decimal(0)
    # Categories whose holders may provide RSC that counts toward this one.
    qualifying_category_ids: frozenset[int] = frozenset()
    # Categories a provider may be vetted for so that their RSC counts here (the category
    # itself, as a rule): vetting is per category.
    vetted_category_ids: frozenset[int] = frozenset()
    # Categories whose holders count only when master's-prepared: the IFS rule, filled by the
    # builder only for a bachelor's-prepared IFS applicant.
    master_prepared_category_ids: frozenset[int] = frozenset()
    # Evidence on or before this day is outside the period (the renewal year's cut).
    counts_after: date | None = None
    # What the application asks beyond hours; the defaults ask nothing.
    category_id: int | None = None
    education_level: str = ""  # "" or "none": no degree asked
    education_related_field: bool = False
    paid_work_years_instead_of_degree: Decimal = Decimal(0)
    work_years: Decimal = Decimal(0)
    work_paid: bool = False
    work_post_degree: bool = False
    work_supervised: bool = False
    work_min_families: int = 0
    work_age_group: str = ""  # "" for any
    leadership_years: Decimal = Decimal(0)
    rsc_providing_years: Decimal = Decimal(0)
    references_needed: int = 0
    reference_roles: frozenset[str] = frozenset()
    endorsed_rater_category_ids: frozenset[int] = frozenset()
    agreement_kinds: frozenset[str] = frozenset()
    membership_required: bool = False
    exam_required: bool = False


@dataclass(frozen=True)
class ItemOutcome:
    """Whether one item of evidence counted, and why not when it did not."""

    kind: str  # "training" or "rsc"
    source_id: int | None
    reason: str

    @property
    def counted(self) -> bool:
        return self.reason == COUNTED

    @property
    def text(self) -> str:
        return REASON_TEXT[self.reason]


@dataclass(frozen=True)
class RequirementResult:
    code: str
    needed: Decimal
    have: Decimal
    met: bool
    detail: str
    # Not met yet, but would be once someone else acts (verification, a rater's answer).
    waiting: bool = False
    # Part of the endorsement, but asked after the application is sent (the exam).
    after_applying: bool = False

    @property
    def state(self) -> str:
        return MET if self.met else WAITING if self.waiting else NOT_MET


@dataclass(frozen=True)
class ReadinessReport:
    """`ready`: every requirement asked before applying is met ("ready to apply"); for a
    renewal, every renewal requirement. `complete` adds what comes after applying (the exam)."""

    ready: bool
    results: tuple[RequirementResult, ...]
    # Why each item did or did not count: an explanation of the results, so two reports that
    # reach the same results are equal whatever order the evidence came in.
    outcomes: tuple[ItemOutcome, ...] = field(default=(), compare=False)

    @property
    def complete(self) -> bool:
        return all(r.met for r in self.results)

    @property
    def waiting(self) -> bool:
        """Not ready, but nothing is missing that the applicant must still do themselves."""
        before = [r for r in self.results if not r.after_applying]
        return not self.ready and all(r.met or r.waiting for r in before)

    def result(self, code: str) -> RequirementResult | None:
        """The result for one requirement code, or None when the category does not ask it."""
        return next((r for r in self.results if r.code == code), None)

    def outcome(self, kind: str, source_id: int) -> ItemOutcome | None:
        return next((o for o in self.outcomes if o.kind == kind and o.source_id == source_id), None)

    def counted_ids(self, kind: str) -> set[int]:
        """Source ids of the items of this kind that counted."""
        return {o.source_id for o in self.outcomes if o.kind == kind and o.counted}


def format_day(day: date) -> str:
    """'30 Jun 2026', independent of the locale."""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _hours_phrase(value: Decimal) -> str:
    text = format_hours(value)
    return f"{text} hour" if Decimal(text) == 1 else f"{text} hours"


def _missing_phrase(missing: Decimal, what: str) -> str:
    """'6.5 more hours of RSC ...': rounded up, so a shortfall never reads as '0 more'."""
    text = format(Decimal(missing).quantize(_CENT, rounding=ROUND_CEILING).normalize(), "f")
    unit = "hour" if Decimal(text) == 1 else "hours"
    return f"{text} more {unit} {what}."


def window_start(rules: CategoryRules, as_of: date) -> date:
    """RSC held strictly after this day (and on or before `as_of`) is inside the window."""
    return as_of - relativedelta(months=rules.rsc_window_months)


def provider_sort_key(provider: str) -> tuple:
    """Providers ordered by id ascending: numeric ids as numbers ("9" before "10")."""
    return (0, int(provider), "") if provider.isdigit() else (1, 0, provider)


def provider_qualified(rules: CategoryRules, item: RscItem) -> bool:
    """Whether the item's provider could give RSC that counts toward `rules` on its day."""
    if item.qualifications is None:
        return item.provider_qualified
    return any(q.valid_on(item.held_on) and period_qualifies(rules, q) for q in item.qualifications)


def period_qualifies(rules: CategoryRules, period: QualificationPeriod) -> bool:
    """Whether a qualification of this kind and category counts toward `rules` (its dates
    aside)."""
    if period.category_id is None:
        return False
    if period.vetted:
        return period.category_id in rules.vetted_category_ids
    if period.category_id in rules.qualifying_category_ids:
        return True
    return period.master_prepared and period.category_id in rules.master_prepared_category_ids


def _in_period(rules: CategoryRules, day: date, as_of: date) -> bool:
    return day <= as_of and (rules.counts_after is None or day > rules.counts_after)


def _rsc_reasons(rules: CategoryRules, rsc: Iterable[RscItem], as_of: date) -> list:
    """Each RSC item with its reason, the two-provider rule applied last."""
    start = window_start(rules, as_of)
    judged = []
    for item in rsc:
        if item.peer:  # never counts, signed or not (a kept peer log is never signed)
            reason = PEER
        elif item.hours_elsewhere:
            reason = HOURS_IN_ATTENDANCE
        elif not item.signed_off:
            reason = NOT_SIGNED
        elif not (start < item.held_on and _in_period(rules, item.held_on, as_of)):
            reason = OUTSIDE_WINDOW
        elif not provider_qualified(rules, item):
            reason = PROVIDER_NOT_QUALIFIED
        else:
            reason = COUNTED
        judged.append((item, reason))
    by_provider: dict[str, int] = defaultdict(int)
    for item, reason in judged:
        if reason == COUNTED:
            by_provider[item.provider] += item.minutes
    ranked = sorted(by_provider, key=lambda p: (-by_provider[p], provider_sort_key(p)))
    kept = set(ranked[:PROVIDERS_COUNTED])
    return [
        (item, THIRD_PROVIDER if reason == COUNTED and item.provider not in kept else reason)
        for item, reason in judged
    ]


def _training_reason(rules: CategoryRules, item: TrainingItem, as_of: date) -> str:
    if not item.verified:
        return NOT_VERIFIED
    if not _in_period(rules, item.completed_on, as_of):
        return OUTSIDE_WINDOW
    return COUNTED


def _hours_result(
    code: str, needed: Decimal, have: Decimal, missing_text: str, voice: Voice = YOU
) -> RequirementResult:
    met = have >= needed
    if met:
        detail = f"Done: {_hours_phrase(have)} of the {format_hours(needed)} needed."
    else:
        detail = voice.needs(_missing_phrase(needed - have, missing_text))
    return RequirementResult(code, needed, round_half_up(have), met, detail)


def _minutes_result(
    code: str, needed: Decimal, minutes: int, missing_text: str, voice: Voice = YOU
) -> RequirementResult:
    # Compare in minutes so 1 minute never rounds up to meet a requirement of 0.02 hours.
    needed_minutes = needed * 60
    met = Decimal(minutes) >= needed_minutes
    have = minutes_to_hours(minutes)
    if met:
        detail = f"Done: {_hours_phrase(have)} of the {format_hours(needed)} needed."
    else:
        detail = voice.needs(
            _missing_phrase((needed_minutes - minutes) / Decimal(60), missing_text)
        )
    return RequirementResult(code, needed, have, met, detail)


def _providers_result(minutes_by_provider: dict[str, int], voice: Voice = YOU) -> RequirementResult:
    total = sum(minutes_by_provider.values())
    largest = max(minutes_by_provider.values(), default=0)
    if total <= 0:
        return RequirementResult(
            RSC_PROVIDERS,
            MAIN_PROVIDER_SHARE,
            Decimal("0.00"),
            False,
            "No RSC counts yet; more than half of it must come from one provider.",
        )
    share = round_half_up(Decimal(largest) * 100 / Decimal(total))
    met = largest * 2 > total
    # "of your counted RSC" to the trainee; "of the counted RSC" after her name.
    of = "your" if voice.second_person else "the"
    if met:
        detail = (
            f"Done: {voice.your} main provider gave {format_hours(share)}% of {of} counted RSC."
        )
    else:
        detail = voice.sentence(
            f"{{your}} main provider gave {format_hours(share)}% of {of} counted RSC; "
            "more than half must come from one provider."
        )
    return RequirementResult(RSC_PROVIDERS, MAIN_PROVIDER_SHARE, share, met, detail)


# --- what the application asks beyond hours ------------------------------------------------


def _years_text(value: Decimal) -> str:
    text = format_hours(value)
    return f"{text} year" if Decimal(text) == 1 else f"{text} years"


def _more_years_text(missing: Decimal) -> str:
    text = format(
        Decimal(missing).quantize(Decimal("0.1"), rounding=ROUND_CEILING).normalize(), "f"
    )
    return f"{text} more year" if Decimal(text) == 1 else f"{text} more years"


def fte_years(work: Iterable[WorkItem], as_of: date) -> Decimal:
    """Full-time-equivalent years of work up to `as_of`: each day counts the hours a week of the
    positions held that day over a 40-hour week, at most one full day (two overlapping
    half-time posts make one full-time day, two full-time posts still one)."""
    changes: dict[date, Decimal] = defaultdict(Decimal)
    for item in work:
        end = min(item.ends_on or as_of, as_of)
        if end < item.starts_on:
            continue
        rate = Decimal(item.hours_per_week) / FULL_TIME_HOURS
        changes[item.starts_on] += rate
        changes[end + relativedelta(days=1)] -= rate
    days, rate, previous = Decimal(0), Decimal(0), None
    for day in sorted(changes):
        if previous is not None:
            days += min(rate, Decimal(1)) * (day - previous).days
        rate += changes[day]
        previous = day
    return days / Decimal("365.25")


AGE_WORDS = {"0_3": "children 0–3", "3_6": "children 3–6"}


def _fits_work(rules: CategoryRules, item: WorkItem) -> bool:
    return (
        (not rules.work_paid or item.paid)
        and (not rules.work_post_degree or item.post_degree)
        and (not rules.work_supervised or item.supervised)
        and (not rules.work_age_group or item.age_group in (rules.work_age_group, "both"))
    )


def _work_words(rules: CategoryRules, voice: Voice = YOU) -> str:
    words = ["paid" if rules.work_paid else "", "supervised" if rules.work_supervised else ""]
    text = " ".join(w for w in words if w) + " specialised work"
    if rules.work_post_degree:
        text += f" after {voice.your} degree"
    if rules.work_age_group in AGE_WORDS:
        text += f" with {AGE_WORDS[rules.work_age_group]} and their families"
    return text.strip()


def _years_result(
    code: str,
    needed: Decimal,
    work: list,
    pending: list,
    as_of: date,
    what: str,
    families_needed: int = 0,
    voice: Voice = YOU,
) -> RequirementResult:
    years = fte_years(work, as_of)
    families = sum(w.families_served for w in work)
    met = years >= needed and families >= families_needed
    if met:
        detail = f"Done: {_years_text(round_half_up(years))} of {what}."
        if families_needed:
            detail = detail[:-1] + f", with {families} families."
    else:
        missing = []
        if years < needed:
            missing.append(f"{_more_years_text(needed - years)} of {what}")
        if families < families_needed:
            more = families_needed - families
            missing.append(f"work with {more} more {'family' if more == 1 else 'families'}")
        detail = voice.still_needs("; ".join(missing) + ".")
    both = work + pending
    waiting = (
        not met
        and bool(pending)
        and fte_years(both, as_of) >= needed
        and sum(w.families_served for w in both) >= families_needed
    )
    if waiting:
        detail += voice.say(" Met once {your} coordinator verifies what {you} entered.")
    return RequirementResult(code, needed, round_half_up(years), met, detail, waiting=waiting)


def _education_result(
    rules: CategoryRules, record: ApplicantRecord, as_of: date, voice: Voice = YOU
):
    rank = DEGREE_RANK.get(rules.education_level, 0)
    instead = rules.paid_work_years_instead_of_degree

    def fits(item: EducationItem) -> bool:
        return (
            DEGREE_RANK.get(item.level, 0) >= rank
            and (not rules.education_related_field or item.related_field)
            and item.completed_on <= as_of
        )

    outcomes = [
        ItemOutcome(
            "education",
            e.source_id,
            COUNTED if e.verified and fits(e) else NOT_VERIFIED if fits(e) else NOT_QUALIFYING,
        )
        for e in record.education
    ]
    if rank == 0 and instead <= 0:
        return None, outcomes
    words = DEGREE_WORDS.get(rules.education_level, "a degree")
    if rules.education_level != "master_or_higher":
        words += " or higher"
    if rules.education_related_field:
        words += " in a related field"
    verified = [e for e in record.education if e.verified and fits(e)]
    pending = [e for e in record.education if not e.verified and fits(e)]
    paid = [w for w in record.work if w.paid and _fits_age(rules, w)]
    paid_years = fte_years([w for w in paid if w.verified], as_of)
    paid_pending_years = fte_years(paid, as_of)
    needed = Decimal(rank)
    if verified:
        return RequirementResult(EDUCATION, needed, needed, True, f"Done: {words}."), outcomes
    if instead > 0 and paid_years >= instead:
        detail = f"Done: {_years_text(round_half_up(paid_years))} of paid work instead of a degree."
        return RequirementResult(EDUCATION, needed, needed, True, detail), outcomes
    detail = f"Needs {words}" if voice.second_person else f"{voice.name} needs {words}"
    if instead > 0:
        ages = AGE_WORDS.get(rules.work_age_group, "infants and young children")
        detail += f", or {_years_text(instead)} of paid work with {ages}"
    detail += "."
    waiting = bool(pending) or (instead > 0 and paid_pending_years >= instead)
    if waiting:
        detail += voice.say(" Met once {your} coordinator verifies what {you} entered.")
    return RequirementResult(
        EDUCATION, needed, Decimal(0), False, detail, waiting=waiting
    ), outcomes


def _fits_age(rules: CategoryRules, item: WorkItem) -> bool:
    return not rules.work_age_group or item.age_group in (rules.work_age_group, "both")


def _work_results(rules: CategoryRules, record: ApplicantRecord, as_of: date, voice: Voice = YOU):
    results, counted_ids = [], set()
    asks = [
        (
            WORK_EXPERIENCE,
            rules.work_years,
            lambda w: _fits_work(rules, w),
            _work_words(rules, voice),
            rules.work_min_families,
        ),
        (
            LEADERSHIP,
            rules.leadership_years,
            lambda w: w.leadership and (not rules.work_post_degree or w.post_degree),
            "work in a leadership role",
            0,
        ),
        (
            RSC_PROVIDING,
            rules.rsc_providing_years,
            lambda w: w.providing_rsc and (not rules.work_post_degree or w.post_degree),
            "providing reflective supervision/consultation",
            0,
        ),
    ]
    for code, needed, fits, what, families in asks:
        if needed <= 0 and not (code == WORK_EXPERIENCE and families):
            continue
        verified = [w for w in record.work if w.verified and fits(w)]
        pending = [w for w in record.work if not w.verified and fits(w)]
        counted_ids |= {w.source_id for w in verified}
        results.append(_years_result(code, needed, verified, pending, as_of, what, families, voice))
    outcomes = [
        ItemOutcome(
            "work",
            w.source_id,
            COUNTED
            if w.source_id in counted_ids
            else NOT_VERIFIED
            if not w.verified
            else NOT_QUALIFYING,
        )
        for w in record.work
    ]
    return results, outcomes


def _reference_reason(item: ReferenceItem, as_of: date) -> str:
    if item.completed_on is None or item.completed_on > as_of:
        return WAITING_FOR_RATER if item.open else LINK_CLOSED
    if as_of > item.completed_on + relativedelta(months=REFERENCE_VALID_MONTHS):
        return RATING_EXPIRED
    if item.nei_count >= REFERENCE_NEI_LIMIT:
        return TOO_MANY_NEI
    if item.known_months is not None and item.known_months < REFERENCE_KNOWN_MONTHS:
        return KNOWN_TOO_SHORT
    return COUNTED


def _reference_gaps(
    rules: CategoryRules, items: list[ReferenceItem], unknown_endorsed: bool, voice: Voice = YOU
):
    """What a set of ratings still lacks, as phrases ([] when complete). A rating not yet
    answered may turn out to come from an endorsed rater (`unknown_endorsed`)."""
    gaps = []
    more = rules.references_needed - len(items)
    if more > 0:
        gaps.append(f"{more} more {'rating' if more == 1 else 'ratings'}")
    roles = {i.role for i in items}
    for role in sorted(rules.reference_roles):
        if role not in roles:
            gaps.append(f"a rating from {voice.say(ROLE_WORDS.get(role, role))}")
    if rules.endorsed_rater_category_ids and not any(
        i.rater_vetted
        or i.rater_category_id in rules.endorsed_rater_category_ids
        or (unknown_endorsed and i.completed_on is None)
        for i in items
    ):
        gaps.append("a rating from a rater who is endorsed at a qualifying level or vetted")
    return gaps


def _references_result(
    rules: CategoryRules, record: ApplicantRecord, as_of: date, voice: Voice = YOU
):
    reasons = [(r, _reference_reason(r, as_of)) for r in record.references]
    outcomes = [ItemOutcome("reference", r.source_id, reason) for r, reason in reasons]
    if rules.references_needed <= 0 and not rules.reference_roles:
        return None, outcomes
    counted = [r for r, reason in reasons if reason == COUNTED]
    waiting_items = [r for r, reason in reasons if reason == WAITING_FOR_RATER]
    gaps = _reference_gaps(rules, counted, unknown_endorsed=False, voice=voice)
    met = not gaps
    needed, have = Decimal(rules.references_needed), Decimal(len(counted))
    if met:
        detail = f"Done: {len(counted)} valid reference ratings."
        return RequirementResult(REFERENCES, needed, have, True, detail), outcomes
    waiting = bool(waiting_items) and not _reference_gaps(
        rules, counted + waiting_items, unknown_endorsed=True
    )
    detail = voice.still_needs("; ".join(gaps) + ".")
    if waiting:
        detail += f" Met once the raters {voice.verb('invited', 'invited')} answer."
    return RequirementResult(REFERENCES, needed, have, False, detail, waiting=waiting), outcomes


def _agreements_result(
    rules: CategoryRules, record: ApplicantRecord, as_of: date, voice: Voice = YOU
):
    if not rules.agreement_kinds:
        return None
    missing = []
    for kind in sorted(rules.agreement_kinds):
        accepted = [
            a for a in record.agreements if a.kind == kind and a.current and a.accepted_on <= as_of
        ]
        if kind == CODE_OF_ETHICS:
            since = as_of - relativedelta(months=RECOMMIT_MONTHS)
            if accepted and not any(a.accepted_on > since for a in accepted):
                missing.append(f"renew {voice.your} Code of Ethics commitment (once a year)")
                continue
        if not accepted:
            missing.append(f"accept the current version of {AGREEMENT_WORDS.get(kind, kind)}")
    needed = Decimal(len(rules.agreement_kinds))
    have = needed - len(missing)
    if not missing:
        return RequirementResult(
            AGREEMENTS, needed, have, True, "Done: every agreement is accepted."
        )
    detail = voice.still_needs("; ".join(missing) + ".")
    return RequirementResult(AGREEMENTS, needed, have, False, detail)


def _membership_result(
    rules: CategoryRules, record: ApplicantRecord, as_of: date, voice: Voice = YOU
):
    if not rules.membership_required:
        return None, []
    outcomes = [
        ItemOutcome(
            "membership",
            m.source_id,
            OUTSIDE_WINDOW if m.expires_on < as_of else COUNTED if m.verified else NOT_VERIFIED,
        )
        for m in record.memberships
    ]
    current = [m for m in record.memberships if m.expires_on >= as_of]
    if any(m.verified for m in current):
        until = max(m.expires_on for m in current if m.verified)
        detail = f"Done: a member until {format_day(until)}."
        return RequirementResult(MEMBERSHIP, Decimal(1), Decimal(1), True, detail), outcomes
    if current:
        detail = voice.say("Met once {your} coordinator verifies {your} membership.")
        return RequirementResult(
            MEMBERSHIP, Decimal(1), Decimal(0), False, detail, waiting=True
        ), outcomes
    if record.memberships:
        last = max(m.expires_on for m in record.memberships)
        detail = voice.sentence(f"{{your}} membership expired on {format_day(last)}: ") + (
            "renew it and add the new one."
            if voice.second_person
            else "it needs renewing, and the new one adding."
        )
    else:
        detail = voice.needs(
            "Add your membership of an infant mental health association."
            if voice.second_person
            else "to add a membership of an infant mental health association."
        )
    return RequirementResult(MEMBERSHIP, Decimal(1), Decimal(0), False, detail), outcomes


def _exam_result(rules: CategoryRules, record: ApplicantRecord, as_of: date, voice: Voice = YOU):
    if not rules.exam_required:
        return None
    sat = sorted(
        (e for e in record.exams if e.category_id == rules.category_id and e.taken_on <= as_of),
        key=lambda e: e.taken_on,
    )
    if any(e.passed for e in sat):
        passed_on = max(e.taken_on for e in sat if e.passed)
        detail = f"Done: passed on {format_day(passed_on)}."
        return RequirementResult(EXAM, Decimal(1), Decimal(1), True, detail, after_applying=True)
    if sat:
        detail = f"Not passed on {format_day(sat[-1].taken_on)}; it can be taken again."
    else:
        detail = voice.say(
            "Taken after {your} application is reviewed: the last step before endorsement."
        )
    return RequirementResult(EXAM, Decimal(1), Decimal(0), False, detail, after_applying=True)


def application_results(
    rules: CategoryRules, record: ApplicantRecord, as_of: date, voice: Voice = YOU
):
    """The results and item outcomes of every requirement beyond hours that `rules` asks."""
    results, outcomes = [], []
    education, found = _education_result(rules, record, as_of, voice)
    outcomes += found
    if education:
        results.append(education)
    work, found = _work_results(rules, record, as_of, voice)
    results += work
    outcomes += found
    references, found = _references_result(rules, record, as_of, voice)
    outcomes += found
    if references:
        results.append(references)
    membership, found = _membership_result(rules, record, as_of, voice)
    outcomes += found
    for result in (
        _agreements_result(rules, record, as_of, voice),
        membership,
        _exam_result(rules, record, as_of, voice),
    ):
        if result:
            results.append(result)
    return results, outcomes


def evaluate(
    rules: CategoryRules,
    training: Iterable[TrainingItem],
    rsc: Iterable[RscItem],
    as_of: date,
    record: ApplicantRecord | None = None,
    *,
    voice: Voice = YOU,
) -> ReadinessReport:
    """How far the evidence meets the category's rules on `as_of`: hours first, then what the
    application asks beyond them (from `record`, empty when not given). `voice` words the
    details for whoever reads them (the trainee by default)."""
    training = list(training)
    training_reasons = [(t, _training_reason(rules, t, as_of)) for t in training]
    rsc_reasons = _rsc_reasons(rules, rsc, as_of)
    counted_training = [t for t, reason in training_reasons if reason == COUNTED]
    counted = [item for item, reason in rsc_reasons if reason == COUNTED]
    outcomes = tuple(
        [ItemOutcome("training", t.source_id, reason) for t, reason in training_reasons]
        + [ItemOutcome(item.kind, item.source_id, reason) for item, reason in rsc_reasons]
    )
    results: list[RequirementResult] = []

    if rules.training_hours > 0:
        have = sum((Decimal(t.hours) for t in counted_training), Decimal(0))
        results.append(
            _hours_result(TRAINING_HOURS, rules.training_hours, have, "of verified training", voice)
        )
    if rules.dei_hours > 0:
        have = sum((Decimal(t.hours) for t in counted_training if t.dei), Decimal(0))
        results.append(
            _hours_result(
                DEI_HOURS,
                rules.dei_hours,
                have,
                "of training on diversity, equity and inclusion",
                voice,
            )
        )
    if rules.rsc_training_hours > 0:
        have = sum((Decimal(t.hours) for t in counted_training if t.about_rsc), Decimal(0))
        results.append(
            _hours_result(
                RSC_TRAINING_HOURS,
                rules.rsc_training_hours,
                have,
                "of training about providing reflective supervision",
                voice,
            )
        )
    if rules.rsc_hours > 0:
        window = f"within the {rules.rsc_window_months} months before {format_day(as_of)}"
        minutes = sum(item.minutes for item in counted)
        results.append(
            _minutes_result(RSC_HOURS, rules.rsc_hours, minutes, f"of RSC {window}", voice)
        )
        by_provider: dict[str, int] = defaultdict(int)
        for item in counted:
            by_provider[item.provider] += item.minutes
        results.append(_providers_result(by_provider, voice))
    if rules.rsc_about_providing_hours > 0:
        window = f"within the {rules.rsc_window_months} months before {format_day(as_of)}"
        minutes = sum(item.minutes for item in counted if item.about_providing_rsc)
        results.append(
            _minutes_result(
                RSC_ABOUT_PROVIDING_HOURS,
                rules.rsc_about_providing_hours,
                minutes,
                f"of RSC about the supervision {voice.verb('provide', 'provides')}, {window}",
                voice,
            )
        )
    more, more_outcomes = application_results(rules, record or ApplicantRecord(), as_of, voice)
    results += more
    return ReadinessReport(
        ready=all(r.met for r in results if not r.after_applying),
        results=tuple(results),
        outcomes=outcomes + tuple(more_outcomes),
    )


def renewal_due_on(endorsed_on: date | None, as_of: date) -> date | None:
    """The next anniversary of the endorsement on or after `as_of` (at least a year after it)."""
    if endorsed_on is None:
        return None
    years = max(as_of.year - endorsed_on.year, 1)
    due = endorsed_on + relativedelta(years=years)
    while due < as_of:
        years += 1
        due = endorsed_on + relativedelta(years=years)
    return due


def renewal_year_start(endorsed_on: date | None, as_of: date) -> date:
    """Evidence after this day counts toward renewal: the year before the next anniversary, or
    the last 12 months without an endorsement date."""
    due = renewal_due_on(endorsed_on, as_of)
    return due - relativedelta(years=1) if due else as_of - relativedelta(months=12)


def renewal_rsc_ended(endorsed_on: date | None, as_of: date, after_years: int | None) -> bool:
    """Whether renewal has stopped asking for RSC: the renewal year that `as_of` falls in starts
    once the endorsement has been held `after_years` years (Mentor-Clinical: 3, so the first
    three renewals ask for RSC and later ones do not). Never without a date or a limit."""
    if endorsed_on is None or after_years is None:
        return False
    return renewal_year_start(endorsed_on, as_of) >= endorsed_on + relativedelta(years=after_years)


def provides_rsc_in(
    periods: Iterable[tuple[date | None, date | None]], after: date, upto: date
) -> bool:
    """Whether any (start, end) period, either end open, overlaps the days after `after` up to
    `upto`: someone who held a provider qualification or supervised in the renewal year
    provides RSC."""
    return any(
        (start is None or start <= upto) and (end is None or end > after) for start, end in periods
    )
