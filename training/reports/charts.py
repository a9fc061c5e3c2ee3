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

    ROW_HEIGHT = 40  # a label line, then its bar

    @property
    def height(self) -> int:
        return self.ROW_HEIGHT * max(len(self.bars), 1)

    @property
    def rows(self) -> list[dict]:
        """Each bar with its drawing coordinates: the label on a line of its own (so a long
        module title is not cut short), the bar under it across up to 85 %, its value after."""
        return [
            {
                "bar": bar,
                "text_y": index * self.ROW_HEIGHT + 13,
                "bar_y": index * self.ROW_HEIGHT + 19,
                "value_y": index * self.ROW_HEIGHT + 31,
                "width": round(bar.percent * 0.85, 2),
                "value_x": round(1 + bar.percent * 0.85, 2),
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
