"""Server-side timings of the pages that must stay fast, measured in-process with Django's client.

Each `Probe` names a page, who opens it and how to find its URL in a generated world. `measure`
requests it `repeat` times (cycling through different people where the page is per-user) and
reports median and p95 wall time, queries per request and, for streamed responses, the peak
memory of producing the body.
"""

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from training.cohorts.models import Cohort
from training.courses.models import Certificate, Enrolment, ModuleProgress
from training.courses.tasks import render_certificate
from training.notifications.models import OutboxMessage
from training.notifications.services import outbox_deliver
from training.reflective_logs.enums import LogState
from training.reflective_logs.models import ReflectiveLog
from training.scale.sessions import sign_in
from training.users.enums import Role
from training.users.models import User

from .generate import DOMAIN


@dataclass(frozen=True)
class Probe:
    name: str
    role: str | None  # None: an anonymous visitor
    url: Callable[[User], str]
    streamed: bool = False
    people: int = 50


@dataclass(frozen=True)
class Result:
    name: str
    requests: int
    median_ms: float
    p95_ms: float
    queries: int
    peak_mib: float | None
    status: int


def _cohort_url(name: str, view: str = "cohort_detail", **kwargs) -> Callable[[User], str]:
    def url(_user: User) -> str:
        pk = Cohort.objects.get(name=name).pk
        return reverse(view, kwargs={"pk": pk, **kwargs})

    return url


def _waiting_log_url(supervisor: User) -> str:
    log = (
        ReflectiveLog.objects.filter(session__provider=supervisor, state=LogState.SUBMITTED)
        .order_by("pk")
        .first()
    )
    return reverse("reflective_logs:review", args=[log.pk])


def module_url(trainee: User) -> str | None:
    """A module the trainee has opened, if any."""
    progress = ModuleProgress.objects.filter(trainee=trainee).select_related("module").first()
    return progress.module.get_url() if progress else None


ANONYMOUS_REFERENCE = "reference (anonymous)"
SIGNED_IN_REFERENCE = "reference (signed in)"

PROBES: list[Probe] = [
    # The cheapest request through the whole middleware stack, without and with a session:
    # every page is printed as a multiple of both (machines drift; ratios in one run do not).
    Probe(ANONYMOUS_REFERENCE, None, lambda u: reverse("bench_reference"), people=1),
    Probe(SIGNED_IN_REFERENCE, Role.TRAINEE, lambda u: reverse("bench_reference")),
    Probe("trainee dashboard", Role.TRAINEE, lambda u: reverse("dashboard_trainee")),
    Probe("trainee log list", Role.TRAINEE, lambda u: reverse("reflective_logs:list")),
    Probe("readiness page", Role.TRAINEE, lambda u: reverse("readiness")),
    Probe("module page", Role.TRAINEE, module_url),
    Probe("course catalogue", Role.TRAINEE, lambda u: "/courses/"),
    Probe("supervisor dashboard", Role.SUPERVISOR, lambda u: reverse("dashboard_supervisor")),
    Probe("supervisor review queue", Role.SUPERVISOR, lambda u: reverse("reflective_logs:queue")),
    Probe("log review page", Role.SUPERVISOR, _waiting_log_url),
    Probe("cohort page (200)", Role.COORDINATOR, _cohort_url("Bench cohort of 200"), people=1),
    Probe("cohort page (1,000)", Role.COORDINATOR, _cohort_url("Bench cohort of 1000"), people=1),
    Probe(
        "cohort CSV export (all)",
        Role.COORDINATOR,
        _cohort_url("Bench cohort of all", "cohort_export", fmt="csv"),
        streamed=True,
        people=1,
    ),
]


def _people(role: str, count: int) -> list[User]:
    return list(
        User.objects.filter(email__startswith=role, email__endswith=f"@{DOMAIN}").order_by("email")[
            :count
        ]
    )


def _clients(people: list[User]) -> list[tuple[User, Client]]:
    pairs = []
    for person in people:
        client = Client()
        sign_in(client, person)
        pairs.append((person, client))
    return pairs


def _consume(response) -> None:
    if getattr(response, "streaming", False):
        for _chunk in response.streaming_content:
            pass
    else:
        _ = response.content


def measure(probe: Probe, repeat: int = 50, people: list[User] | None = None) -> Result:
    """Request the probe's page `repeat` times after one warm-up request.

    The page is opened by `people` if given, else by generated accounts of the probe's role.
    """
    if probe.role is None:
        clients = [(None, Client())]
    else:
        clients = _clients(people if people is not None else _people(probe.role, probe.people))
    if not clients:
        raise RuntimeError(f"No {probe.role} accounts from generate_scale_data are here.")
    urls = [(client, probe.url(person)) for person, client in clients]
    client, url = urls[0]
    _consume(client.get(url))  # warm caches and imports once

    times, queries, status = [], [], 200
    for n in range(repeat):
        client, url = urls[n % len(urls)]
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            _consume(response)
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
        status = max(status, response.status_code)

    peak = None
    if probe.streamed:
        client, url = urls[0]
        tracemalloc.start()
        _consume(client.get(url))
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    ordered = sorted(times)
    return Result(
        name=probe.name,
        requests=repeat,
        median_ms=statistics.median(ordered),
        p95_ms=ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)],
        queries=max(queries),
        peak_mib=peak,
        status=status,
    )


def time_background_work(*, certificates: int = 10, emails: int = 200) -> list[tuple[str, float]]:
    """Median seconds for the certificate PDF task and for sending one outbox email."""
    from decimal import Decimal

    from django.core import mail
    from django.db import transaction
    from django.db.models import Exists, OuterRef
    from django.test.utils import override_settings

    pdf_times = []
    # Enrolments without a certificate yet, so a rerun on the same world renders new ones.
    issued = Certificate.objects.filter(trainee=OuterRef("trainee"), course=OuterRef("course"))
    enrolments = Enrolment.objects.select_related("trainee", "course").filter(~Exists(issued))[
        :certificates
    ]
    for enrolment in enrolments:
        certificate = Certificate.objects.create(
            trainee=enrolment.trainee,
            course=enrolment.course,
            trainee_name=enrolment.trainee.display_name,
            course_title=enrolment.course.title,
            hours=Decimal(10),
            issued_on=enrolment.enrolled_at.date(),
        )
        started = time.perf_counter()
        render_certificate(certificate.pk)
        pdf_times.append(time.perf_counter() - started)

    send_times = []
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        with transaction.atomic():
            ids = [
                OutboxMessage.objects.create(
                    to_email=f"bench{n}@example.org", subject="Bench", body="A link."
                ).pk
                for n in range(emails)
            ]
        for message_id in ids:
            started = time.perf_counter()
            outbox_deliver(message_id=message_id)
            send_times.append(time.perf_counter() - started)
    return [
        ("certificate PDF task (median s)", statistics.median(pdf_times) if pdf_times else 0.0),
        ("outbox send, one email (median s)", statistics.median(send_times)),
    ]
