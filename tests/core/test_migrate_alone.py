"""`migrate` alone, on an empty database, gives a site a coordinator can author in (no
`seed_demo`, no `setup_site`): the home page, the course catalogue under its four-eyes review
workflow, and the role groups with their permissions; and no accounts."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
from home.models import HomePage
from training.courses.models import CourseIndexPage, FourEyesApprovalTask
from training.users.models import User
from tests.factories import UserFactory

assert User.objects.count() == 0, "migrate made accounts"
home = HomePage.objects.get()
index = CourseIndexPage.objects.get()
assert index.get_parent().pk == home.pk
workflow = index.get_workflow()
assert workflow.name == "Course review", workflow
assert [t.specific_class for t in workflow.tasks] == [FourEyesApprovalTask]
coordinator = UserFactory(coordinator=True)
assert index.permissions_for_user(coordinator).can_add_subpage()
assert index.permissions_for_user(coordinator).can_publish_subpage()
print("authorable")
"""


def test_migrate_alone_gives_a_site_a_coordinator_can_author_in(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "training.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert migrate.returncode == 0, migrate.stderr
    check = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", CHECK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "authorable" in check.stdout
