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

REQUIREMENT_CODES = (
    TRAINING_HOURS,
    DEI_HOURS,
    RSC_TRAINING_HOURS,
    RSC_HOURS,
    RSC_PROVIDERS,
    RSC_ABOUT_PROVIDING_HOURS,
)

# Most counted RSC must come from one provider: strictly more than this share, in percent.
MAIN_PROVIDER_SHARE = Decimal(50)
# Only this many providers' minutes count; the rest are dropped.
PROVIDERS_COUNTED = 2

# Why an item of evidence did or did not count, in the order the engine asks.
COUNTED = "counted"
NOT_VERIFIED = "not_verified"
NOT_SIGNED = "not_signed"
PEER = "peer"
OUTSIDE_WINDOW = "outside_window"
PROVIDER_NOT_QUALIFIED = "provider_not_qualified"
THIRD_PROVIDER = "third_provider"

REASON_TEXT = {
    COUNTED: "Counts.",
    NOT_VERIFIED: "Not counted yet: waiting for verification.",
    NOT_SIGNED: "Not counted yet: waiting for sign-off.",
    PEER: "Peer consultation does not count as RSC.",
    OUTSIDE_WINDOW: "Outside the period that counts.",
    PROVIDER_NOT_QUALIFIED: "The provider was not qualified for this endorsement on that day.",
    THIRD_PROVIDER: "Only the two providers who gave the most RSC count.",
}

_CENT = Decimal("0.01")


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
    # The provider's qualification periods. When given, the engine decides qualification from
    # them and the category's qualifying categories; when None, `provider_qualified` stands.
    qualifications: tuple[QualificationPeriod, ...] | None = None


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


@dataclass(frozen=True)
class ReadinessReport:
    ready: bool
    results: tuple[RequirementResult, ...]
    # Why each item did or did not count: an explanation of the results, so two reports that
    # reach the same results are equal whatever order the evidence came in.
    outcomes: tuple[ItemOutcome, ...] = field(default=(), compare=False)

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
        if not item.signed_off:
            reason = NOT_SIGNED
        elif item.peer:
            reason = PEER
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
    code: str, needed: Decimal, have: Decimal, missing_text: str
) -> RequirementResult:
    met = have >= needed
    if met:
        detail = f"Done: {_hours_phrase(have)} of the {format_hours(needed)} needed."
    else:
        detail = _missing_phrase(needed - have, missing_text)
    return RequirementResult(code, needed, round_half_up(have), met, detail)


def _minutes_result(
    code: str, needed: Decimal, minutes: int, missing_text: str
) -> RequirementResult:
    # Compare in minutes so 1 minute never rounds up to meet a requirement of 0.02 hours.
    needed_minutes = needed * 60
    met = Decimal(minutes) >= needed_minutes
    have = minutes_to_hours(minutes)
    if met:
        detail = f"Done: {_hours_phrase(have)} of the {format_hours(needed)} needed."
    else:
        detail = _missing_phrase((needed_minutes - minutes) / Decimal(60), missing_text)
    return RequirementResult(code, needed, have, met, detail)


def _providers_result(minutes_by_provider: dict[str, int]) -> RequirementResult:
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
    if met:
        detail = f"Done: your main provider gave {format_hours(share)}% of your counted RSC."
    else:
        detail = (
            f"Your main provider gave {format_hours(share)}% of your counted RSC; "
            "more than half must come from one provider."
        )
    return RequirementResult(RSC_PROVIDERS, MAIN_PROVIDER_SHARE, share, met, detail)


def evaluate(
    rules: CategoryRules,
    training: Iterable[TrainingItem],
    rsc: Iterable[RscItem],
    as_of: date,
) -> ReadinessReport:
    """How far the evidence meets the category's rules on `as_of`."""
    training = list(training)
    training_reasons = [(t, _training_reason(rules, t, as_of)) for t in training]
    rsc_reasons = _rsc_reasons(rules, rsc, as_of)
    counted_training = [t for t, reason in training_reasons if reason == COUNTED]
    counted = [item for item, reason in rsc_reasons if reason == COUNTED]
    outcomes = tuple(
        [ItemOutcome("training", t.source_id, reason) for t, reason in training_reasons]
        + [ItemOutcome("rsc", item.source_id, reason) for item, reason in rsc_reasons]
    )
    results: list[RequirementResult] = []

    if rules.training_hours > 0:
        have = sum((Decimal(t.hours) for t in counted_training), Decimal(0))
        results.append(
            _hours_result(TRAINING_HOURS, rules.training_hours, have, "of verified training")
        )
    if rules.dei_hours > 0:
        have = sum((Decimal(t.hours) for t in counted_training if t.dei), Decimal(0))
        results.append(
            _hours_result(
                DEI_HOURS, rules.dei_hours, have, "of training on diversity, equity and inclusion"
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
            )
        )
    if rules.rsc_hours > 0:
        window = f"within the {rules.rsc_window_months} months before {format_day(as_of)}"
        minutes = sum(item.minutes for item in counted)
        results.append(_minutes_result(RSC_HOURS, rules.rsc_hours, minutes, f"of RSC {window}"))
        by_provider: dict[str, int] = defaultdict(int)
        for item in counted:
            by_provider[item.provider] += item.minutes
        results.append(_providers_result(by_provider))
    if rules.rsc_about_providing_hours > 0:
        window = f"within the {rules.rsc_window_months} months before {format_day(as_of)}"
        minutes = sum(item.minutes for item in counted if item.about_providing_rsc)
        results.append(
            _minutes_result(
                RSC_ABOUT_PROVIDING_HOURS,
                rules.rsc_about_providing_hours,
                minutes,
                f"of RSC about the supervision you provide, {window}",
            )
        )
    return ReadinessReport(
        ready=all(r.met for r in results), results=tuple(results), outcomes=outcomes
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
