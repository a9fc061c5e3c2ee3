"""Every place that shows readiness tells the same story, reasons included: the readiness page,
the dashboard panel, `manage.py readiness`, the portfolio and the cohort column. Checked on every
demo trainee and on a generated world."""

import html
import io
import json
import re
from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.auth import sign_in
from training.readiness.portfolio import portfolio_contents
from training.readiness.selectors import readiness_for, readiness_reports
from training.reports.progress import progress_rows
from training.scale.generate import DOMAIN, generate
from training.users.models import User
from training.users.permissions import user_is_staff_role

pytestmark = pytest.mark.django_db

REQUIREMENT = re.compile(
    r'data-requirement="([a-z_]+)" data-state="[a-z_]+" data-have="([\d.]+)".*?'
    r"data-detail>([^<]*)<",
    re.S,
)
OUTCOME = re.compile(r'data-outcome="([a-z_]+):(\d+)" data-reason="([^"]*)"')


def _section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def _figures(fragment: str) -> list[tuple[str, Decimal, str]]:
    return [(c, Decimal(h), html.unescape(d).strip()) for c, h, d in REQUIREMENT.findall(fragment)]


def _expected(report) -> list[tuple[str, Decimal, str]]:
    return [(r.code, r.have, r.detail) for r in report.results]


def check_every_view_agrees(trainees, client) -> int:
    """Compare each view with the one report; returns how many trainees had a target."""
    today = timezone.localdate()
    batch = readiness_reports([t.pk for t in trainees], as_of=today)
    rows = {row.user.pk: row for row in progress_rows([t.pk for t in trainees])}
    with_target = 0
    for trainee in trainees:
        readiness = readiness_for(trainee=trainee, as_of=today)
        report = readiness.report
        assert batch[trainee.pk] == report, trainee.email
        if report is None:
            assert rows[trainee.pk].requirements_total is None
            continue
        with_target += 1
        met = sum(1 for r in report.results if r.met)
        assert (rows[trainee.pk].requirements_met, rows[trainee.pk].requirements_total) == (
            met,
            len(report.results),
        )

        if user_is_staff_role(trainee) and not Authenticator.objects.filter(user=trainee):
            TOTP.activate(trainee, generate_totp_secret())  # a demo supervisor aiming higher
        sign_in(client, trainee)
        page = client.get(reverse("readiness")).content.decode()
        assert _figures(_section(page, "target-heading")) == _expected(report), trainee.email
        shown = {(kind, int(pk)): html.unescape(why) for kind, pk, why in OUTCOME.findall(page)}
        # The page explains each training record and log (the application records' own pages
        # explain theirs).
        explained = {o for o in report.outcomes if o.kind in ("training", "rsc", "rsc_attendance")}
        assert shown == {(o.kind, o.source_id): o.text for o in explained}, trainee.email

        dashboard = client.get(reverse("dashboard_trainee")).content.decode()
        assert _figures(dashboard) == _expected(report), trainee.email

        out = io.StringIO()
        call_command("readiness", trainee.email, "--json", stdout=out)
        printed = json.loads(out.getvalue())["report"]
        assert [
            (r["code"], Decimal(r["have"]), r["detail"]) for r in printed["results"]
        ] == _expected(report)
        assert {(i["kind"], i["id"]): i["why"] for i in printed["items"]} == {
            (o.kind, o.source_id): o.text for o in report.outcomes
        }

        contents = portfolio_contents(trainee=trainee, as_of=today)
        assert [(r.code, r.have, r.detail) for r in contents["requirements"]] == _expected(report)
        assert contents["counted_ids"] == report.counted_ids("rsc")
        for log, _label, why, _counted in contents["rsc_rows"]:
            assert why == report.outcome(log.kind, log.log_id).text
        client.logout()
    return with_target


def test_every_view_agrees_on_every_demo_trainee(client, home_page):
    call_command("seed_demo", stdout=io.StringIO())
    trainees = list(User.objects.filter(is_demo=True, groups__name="trainee").order_by("pk"))
    assert check_every_view_agrees(trainees, client) >= 4


def test_every_view_agrees_on_a_generated_world(client, home_page):
    generate(trainees=24, seed=11, report=lambda _line: None)
    trainees = list(
        User.objects.filter(email__startswith="trainee", email__endswith=DOMAIN).order_by("pk")
    )
    assert check_every_view_agrees(trainees, client) >= 12
