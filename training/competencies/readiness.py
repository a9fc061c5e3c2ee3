"""The endorsement rules engine: given a category's rules and a person's evidence, how ready are
they on a given day?

Pure on purpose: no database, no clock, no settings. Everything the app knows is adapted to
these dataclasses first (see `selectors.py`), so the rules can be tested exhaustively and the
page, the command and the portfolio all tell the same story.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
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

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class TrainingItem:
    hours: Decimal
    completed_on: date
    dei: bool = False
    about_rsc: bool = False
    verified: bool = True


@dataclass(frozen=True)
class RscItem:
    minutes: int
    held_on: date
    provider: str
    provider_qualified: bool = True
    peer: bool = False
    about_providing_rsc: bool = False
    signed_off: bool = True


@dataclass(frozen=True)
class CategoryRules:
    code: str
    training_hours: Decimal = Decimal(0)
    dei_hours: Decimal = Decimal(0)
    rsc_training_hours: Decimal = Decimal(0)
    rsc_hours: Decimal = Decimal(0)
    rsc_window_months: int = 24
    rsc_about_providing_hours: Decimal = Decimal(0)


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

    def result(self, code: str) -> RequirementResult | None:
        """The result for one requirement code, or None when the category does not ask it."""
        return next((r for r in self.results if r.code == code), None)


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


def counted_rsc(rules: CategoryRules, rsc: Iterable[RscItem], as_of: date) -> list[RscItem]:
    """The RSC items whose minutes count on `as_of`, after the two-provider rule."""
    start = window_start(rules, as_of)
    eligible = [
        item
        for item in rsc
        if item.signed_off
        and not item.peer
        and item.provider_qualified
        and start < item.held_on <= as_of
    ]
    by_provider: dict[str, int] = defaultdict(int)
    for item in eligible:
        by_provider[item.provider] += item.minutes
    ranked = sorted(by_provider, key=lambda p: (-by_provider[p], provider_sort_key(p)))
    kept = set(ranked[:PROVIDERS_COUNTED])
    return [item for item in eligible if item.provider in kept]


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
    counted_training = [t for t in training if t.verified and t.completed_on <= as_of]
    counted = counted_rsc(rules, rsc, as_of)
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
    return ReadinessReport(ready=all(r.met for r in results), results=tuple(results))
