"""`make run PORT=…`: the seeded demo's email links and the Wagtail Site use that port."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Site

from training.notifications.models import OutboxMessage

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"https?://[^\s\"'<>]+")


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_gives_its_port_to_the_seed_and_the_server():
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    ).stdout.splitlines()
    seed = next(line for line in dry if "manage.py seed_demo" in line)
    serve = next(line for line in dry if "manage.py runserver" in line)
    assert "WAGTAILADMIN_BASE_URL=http://127.0.0.1:8123 " in seed
    assert "WAGTAILADMIN_BASE_URL=http://127.0.0.1:8123 " in serve
    assert serve.endswith("127.0.0.1:8123")


@pytest.mark.django_db
def test_seeded_email_links_and_the_site_use_the_base_url(home_page, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    links = [
        link
        for body in OutboxMessage.objects.values_list("body", flat=True)
        for link in LINK.findall(body)
    ]
    assert links, "the demo queues emails with links"
    assert [link for link in links if not link.startswith("http://127.0.0.1:8123/")] == []
    assert "Sign in at http://127.0.0.1:8123/accounts/login/" in out.getvalue()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    assert site.root_url == "http://127.0.0.1:8123"
