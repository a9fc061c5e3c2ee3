"""Charts drawn on the server as SVG: no script, nothing for the CSP to allow, and each one
comes with the same figures as a table for people who do not see it."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int
    percent: float  # of the largest bar, for its drawn length


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: `chart_id` names its SVG title for aria-labelledby."""

    chart_id: str
    title: str
    unit: str
    bars: tuple[Bar, ...]

    ROW_HEIGHT = 28

    @property
    def height(self) -> int:
        return self.ROW_HEIGHT * max(len(self.bars), 1)

    @property
    def rows(self) -> list[dict]:
        """Each bar with its drawing coordinates (label column 40 %, bars 45 %, value after)."""
        return [
            {
                "bar": bar,
                "bar_y": index * self.ROW_HEIGHT + 6,
                "text_y": index * self.ROW_HEIGHT + 18,
                "width": round(bar.percent * 0.45, 2),
                "value_x": round(41 + bar.percent * 0.45, 2),
            }
            for index, bar in enumerate(self.bars)
        ]

    @property
    def empty(self) -> bool:
        return not any(bar.value for bar in self.bars)


def bar_chart(*, chart_id: str, title: str, unit: str, data: list[tuple[str, object]]) -> BarChart:
    """Scale the values against the largest so the longest bar fills the drawing."""
    largest = max((Decimal(value or 0) for _label, value in data), default=Decimal(0))
    bars = tuple(
        Bar(
            label=label,
            value=value or 0,
            percent=float(Decimal(value or 0) / largest * 100) if largest else 0.0,
        )
        for label, value in data
    )
    return BarChart(chart_id=chart_id, title=title, unit=unit, bars=bars)
