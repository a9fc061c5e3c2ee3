from decimal import Decimal

import pytest
from django.template import engines

from training.core.templatetags.attune import hours


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("2.25"), "2.25"),  # 135 minutes: the same on dashboards, tables and exports
        (Decimal("2.245"), "2.25"),  # half up, not to even
        (Decimal("1.50"), "1.5"),
        (Decimal("30.00"), "30"),
        (Decimal(0), "0"),
        (7, "7"),
        (1.1, "1.1"),
        (None, ""),
        ("not a number", ""),
    ],
)
def test_hours_are_written_as_people_write_them(value, shown):
    assert hours(value) == shown


def test_every_template_can_use_the_filter_without_loading_it():
    template = engines["django"].from_string("{{ minutes|hours }} h")
    assert template.render({"minutes": Decimal("0.75")}) == "0.75 h"
