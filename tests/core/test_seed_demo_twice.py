"""`make run` seeds the demo every time: a second run must leave demo people's history alone."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

pytestmark = pytest.mark.django_db

# Rows whose time is the moment of the run by nature, not part of anyone's history.
NOT_HISTORY = {"sessions.Session", "wagtailcore.ReferenceIndex"}


def _timestamps() -> dict[tuple[str, int], tuple]:
    """Every row's date-time fields, by model and primary key."""
    found = {}
    for model in apps.get_models():
        if model._meta.label in NOT_HISTORY or model._meta.proxy or not model._meta.managed:
            continue
        names = [
            f.attname for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)
        ]
        if not names:
            continue
        for pk, *values in model._default_manager.values_list("pk", *names):
            found[(model._meta.label, pk)] = tuple(values)
    return found


def test_seeding_again_changes_no_progress_or_completion_time(home_page):
    call_command("seed_demo", stdout=io.StringIO())
    first = _timestamps()
    call_command("seed_demo", stdout=io.StringIO())
    second = _timestamps()
    changed = sorted(key for key in first.keys() & second.keys() if first[key] != second[key])
    assert changed == [], sorted({label for label, _pk in changed})
    # Nothing was replaced by a fresh copy (a new row would carry new times).
    new = sorted(second.keys() - first.keys())
    assert new == [], sorted({label for label, _pk in new})
    gone = sorted(first.keys() - second.keys())
    assert gone == [], sorted({label for label, _pk in gone})
    kinds = {label for label, _pk in first}
    assert {"courses.ModuleProgress", "courses.Enrolment", "records.TrainingRecord"} <= kinds
