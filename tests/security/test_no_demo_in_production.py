"""Production never gets the demo accounts (one published password for all of them)."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from home.models import HomePage
from tests.production_env import PRODUCTION_ENV
from training.users.enums import Role
from training.users.models import User

pytestmark = pytest.mark.django_db

SCRIPTS = Path(settings.BASE_DIR) / "scripts"


@override_settings(ATTUNE_PRODUCTION=True, ATTUNE_ALLOW_DEMO=False)
def test_seed_demo_refuses_under_production_settings(home_page):
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()


@override_settings(ATTUNE_PRODUCTION=True, ATTUNE_ALLOW_DEMO=False)
def test_the_scale_world_refuses_under_production_settings():
    with pytest.raises(CommandError, match="production"):
        call_command("generate_scale_data", "--trainees", "10", stdout=io.StringIO())
    assert not User.objects.exists()


@override_settings(ATTUNE_PRODUCTION=True, ATTUNE_ALLOW_DEMO=True)
def test_seed_demo_runs_in_production_only_when_explicitly_allowed(home_page):
    call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.filter(is_demo=True).exists()


def test_production_settings_module_makes_seed_demo_refuse(tmp_path):
    """The real production settings (not an override) carry the switch, and the env opens it."""
    env = {
        **os.environ,
        **PRODUCTION_ENV,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    }
    env.pop("ATTUNE_ALLOW_DEMO", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Refusing to create demo accounts" in result.stderr


def _commands(script: Path) -> list[str]:
    return [
        line.strip()
        for line in script.read_text().splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def test_no_production_script_seeds_demo_accounts():
    production_scripts = [
        path
        for path in sorted(SCRIPTS.glob("*.sh"))
        if "training.settings.production" in path.read_text()
        or "training.settings.load" in path.read_text()
    ]
    assert SCRIPTS / "serve_prod.sh" in production_scripts
    for script in production_scripts:
        assert not [c for c in _commands(script) if "seed_demo" in c], script.name
        # A script that builds accounts with a published password says it is a throwaway.
        if [c for c in _commands(script) if "generate_scale_data" in c]:
            assert "export ATTUNE_ALLOW_DEMO=true" in _commands(script), script.name


def test_setup_site_makes_everything_a_coordinator_authors_in_but_no_accounts(db):
    from wagtail.models import WorkflowPage

    from training.courses.authoring import WORKFLOW_NAME
    from training.courses.models import CourseIndexPage, FourEyesApprovalTask

    HomePage.objects.all().delete()
    call_command("setup_site", stdout=io.StringIO())
    call_command("setup_site", stdout=io.StringIO())  # a second run changes nothing
    assert HomePage.objects.count() == 1
    index = CourseIndexPage.objects.get()
    assert index.get_parent().specific == HomePage.objects.get()
    review = WorkflowPage.objects.get(page=index).workflow
    assert review.name == WORKFLOW_NAME
    assert [t.specific_class for t in review.tasks] == [FourEyesApprovalTask]
    assert Group.objects.filter(name=Role.COORDINATOR).exists()
    assert not User.objects.exists()
