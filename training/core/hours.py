"""Hours as Attune counts and writes them, everywhere: two places, halves rounded up.

Pure functions (no ORM), shared by the readiness engine, the logs' hours panels, the tables and
exports, and the `hours` template filter, so one figure reads the same on every page.
"""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_half_up(value) -> Decimal:
    """Two decimal places, halves rounded away from zero (as people expect, not banker's)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def minutes_to_hours(minutes: int) -> Decimal:
    """Minutes summed first, then divided: 135 minutes are 2.25 hours."""
    return round_half_up(Decimal(minutes) / Decimal(60))


def format_hours(value) -> str:
    """'6.5', '30', '0.02': no trailing zeros, never scientific notation."""
    return format(round_half_up(value).normalize(), "f")
