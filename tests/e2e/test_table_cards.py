"""At 375 px wide tables read as cards: the columns that matter (hours, status, readiness) are on
screen, labelled, with no sideways scrolling. And a sign-off fingerprint is readable."""

import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import call_command

from tests.e2e.conftest import axe_violations
from tests.earlier_rsc.factories import earlier_record
from training.courses.models import CoursePage
from training.reflective_logs.enums import SessionFormat
from training.reflective_logs.models import ReflectiveLog, SupervisionSession
from training.users.models import User

pytestmark = pytest.mark.e2e

PHONE = 375

# Who looks, where, and the columns each table there must show on a phone.
PAGES = [
    ("coordinator@attune.example", "/dashboard/coordinator/", ["Supervisor", "Trainee", "Since"]),
    ("coordinator@attune.example", "/coordination/courses/", ["Enrolled", "Completed"]),
    ("coordinator@attune.example", "/coordination/courses/{course}/", ["Started", "Completed"]),
    ("coordinator@attune.example", "/providers/", ["Trainees", "Registry check"]),
    ("coordinator@attune.example", "/coordination/earlier-rsc/", ["Hours", "Dates"]),
    (
        "supervisor.amara@attune.example",
        "/supervision/supervisees/",
        ["Training hours", "RSC hours", "Readiness", "Waiting for review"],
    ),
    ("supervisor.jonas@attune.example", "/review/group-sessions/", ["Minutes", "Attendance"]),
    (
        "supervisor.jonas@attune.example",
        "/review/group-sessions/{group}/",
        ["Minutes", "Their log"],
    ),
    ("trainee.maya@attune.example", "/training/", ["Hours", "Status"]),
    ("trainee.maya@attune.example", "/application/", ["Status", "Hours a week"]),
    ("trainee.maya@attune.example", "/application/references/", ["Status", "Counts?"]),
    ("trainee.sam@attune.example", "/providers/", ["Credential", "Registry check"]),
]

# Each labelled cell: its label as shown (the ::before text) and where it sits.
CELLS = """labels => labels.map(label => {
  const cells = [...document.querySelectorAll(`table.table-cards td[data-label="${label}"]`)];
  return {label, count: cells.length, cells: cells.slice(0, 5).map(td => {
    const box = td.getBoundingClientRect();
    return {left: box.left, right: box.right, width: box.width,
            shown: getComputedStyle(td, '::before').content};
  })};
})"""
# Tables outside a chart's "show as a table" that are not cards (each would scroll sideways).
PLAIN_TABLES = """() => [...document.querySelectorAll('main table:not(.table-cards)')]
  .filter(t => !t.closest('details')).map(t => t.id || t.querySelector('caption')?.textContent)"""


def _seed():
    call_command("seed_demo", stdout=io.StringIO())
    # Supervisors and coordinators must have a second factor (else every page is its set-up).
    for person in User.objects.filter(is_demo=True).exclude(email__startswith="trainee."):
        TOTP.activate(person, generate_totp_secret())
    coordinator = User.objects.get(email="coordinator@attune.example")
    luis = User.objects.get(email="trainee.luis@attune.example")
    earlier_record(luis, coordinator, state="waiting_coordinator")
    course = CoursePage.objects.get(title="IECMH across disciplines")
    group = SupervisionSession.objects.filter(format=SessionFormat.GROUP).first()
    return {"course": course.pk, "group": group.pk}


@pytest.mark.parametrize("width", [1280, PHONE])
def test_wide_tables_show_their_key_columns_on_a_phone(
    page, live_server, locked_site, categories, sign_in_as, width
):
    ids = _seed()
    page.set_viewport_size({"width": width, "height": 800})
    problems, shown = [], 0
    signed_in = None
    for email, path, labels in PAGES:
        if email != signed_in:
            page.context.clear_cookies()
            sign_in_as(User.objects.get(email=email))
            signed_in = email
        url = path.format(**ids)
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        assert page.url.endswith(url), page.url  # the page itself, not a set-up step
        page_width = page.evaluate("document.documentElement.scrollWidth")
        if page_width > width:
            problems.append(f"{url}: page is {page_width} px wide")
        if violations := axe_violations(page):
            problems.append(f"{url}: axe {violations}")
        if width != PHONE:
            continue
        if plain := page.evaluate(PLAIN_TABLES):
            problems.append(f"{url}: tables without cards {plain}")
        for found in page.evaluate(CELLS, labels):
            if not found["count"]:
                problems.append(f"{url}: no '{found['label']}' cell")
            for cell in found["cells"]:
                if cell["width"] <= 0 or cell["left"] < 0 or cell["right"] > PHONE:
                    problems.append(f"{url}: '{found['label']}' off screen {cell}")
                if cell["shown"] != f'"{found["label"]}"':
                    problems.append(f"{url}: '{found['label']}' not labelled ({cell['shown']})")
                shown += 1
    print(
        f"\n{len(PAGES)} pages at {width} px, axe-clean; {shown} key cells on screen and labelled"
    )
    assert problems == [], "\n".join(problems)


CONTRAST = """el => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let node = el, bg;
  while (node) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length < 4 || c[3] > 0) { bg = c; break; }
    node = node.parentElement;
  }
  const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg || [255, 255, 255])];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.mark.parametrize("width", [1280, PHONE])
def test_the_sign_off_fingerprint_meets_contrast(
    page, live_server, locked_site, categories, sign_in_as, width
):
    ids = _seed()
    page.set_viewport_size({"width": width, "height": 900})
    maya = User.objects.get(email="trainee.maya@attune.example")
    log = ReflectiveLog.objects.filter(trainee=maya, state="signed_off").first()
    jonas = User.objects.get(email="supervisor.jonas@attune.example")
    ratios = {}
    for who, path in [
        (maya, f"/logs/{log.pk}/"),
        (jonas, f"/review/group-sessions/{ids['group']}/"),
    ]:
        page.context.clear_cookies()
        sign_in_as(who)
        assert page.goto(f"{live_server.url}{path}").status == 200, path
        fingerprint = page.locator("code.signoff-hash")
        assert fingerprint.count() == 1, path
        ratios[path] = round(fingerprint.evaluate(CONTRAST), 2)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        assert axe_violations(page) == [], path
    print(f"\nsign-off fingerprint contrast at {width} px: {ratios}")
    assert min(ratios.values()) >= 4.5, ratios
