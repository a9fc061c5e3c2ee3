"""A believable Attune world at any size, built with bulk inserts and a seeded random source.

Each step is a plain function taking the `World` being built; `generate()` runs them in order.
People are real accounts (one shared password hash), so benchmarks and load runs can sign in.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from training.cohorts.models import Cohort, CohortMembership
from training.competencies.demo import seed_framework
from training.competencies.models import Competency, EndorsementCategory, ProviderQualification
from training.records.enums import EvidenceKind, TrainingSource
from training.records.models import TrainingRecord
from training.users.enums import AssignmentKind, Discipline, Role
from training.users.models import Profile, SupervisionAssignment, User
from training.users.services import role_groups_sync

PASSWORD = "attune-scale-2026"
DOMAIN = "scale.attune.test"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # base32, for load tests that sign in for real
BATCH = 2000

FIRST = str.split(
    "Ada Ama Ana Ari Ben Bo Cai Chen Dara Eli Emi Femi Gia Hana Ines Ira Jo Kai Kemi "
    "Lea Leo Lin Luz Mae Mia Nia Noa Omar Pia Raj Rosa Sam Tao Uma Vic Wen Yara Zoe"
)
LAST = str.split(
    "Abara Bello Cruz Diaz Eze Fox Garcia Haddad Ito Jensen Khan Lopez Mensah Nair "
    "Okafor Park Quinn Rossi Silva Tanaka Umar Vance Wu Xu Yilmaz Zhou"
)


@dataclass
class World:
    """What one run builds; later steps read the ids earlier ones made."""

    trainees: int
    seed: int
    as_of: datetime.date
    rng: random.Random = field(init=False)
    trainee_ids: list[int] = field(default_factory=list)
    supervisor_ids: list[int] = field(default_factory=list)
    coordinator_ids: list[int] = field(default_factory=list)
    supervisor_of: dict[int, int] = field(default_factory=dict)
    cohort_ids: list[int] = field(default_factory=list)
    competency_ids: list[int] = field(default_factory=list)
    category_ids: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def day_within(self, days_back: int) -> datetime.date:
        return self.as_of - datetime.timedelta(days=self.rng.randrange(days_back))


def bulk(model, rows: list, **kwargs) -> list:
    created = model.objects.bulk_create(rows, batch_size=BATCH, **kwargs)
    return created


def _accounts(world: World, role: Role, count: int, password: str) -> list[int]:
    rng = world.rng
    disciplines = [d for d in Discipline.values if d != Discipline.OTHER]
    users = bulk(
        User,
        [
            User(
                email=f"{role.value}{i:05d}@{DOMAIN}",
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                password=password,
                is_active=True,
            )
            for i in range(count)
        ],
    )
    ids = [user.pk for user in users]
    group = Group.objects.get_or_create(name=role.value)[0]
    bulk(User.groups.through, [User.groups.through(user_id=i, group_id=group.pk) for i in ids])
    bulk(
        Profile,
        [
            Profile(
                user_id=i,
                discipline=rng.choice(disciplines),
                target_category_id=_target(world) if role == Role.TRAINEE else None,
            )
            for i in ids
        ],
    )
    bulk(
        EmailAddress,
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users],
    )
    if role != Role.TRAINEE:
        # Staff sign in with a second factor; they share one TOTP secret (TOTP_SECRET).
        secret = {"secret": encrypt(TOTP_SECRET)}
        bulk(
            Authenticator,
            [Authenticator(user_id=i, type=Authenticator.Type.TOTP, data=secret) for i in ids],
        )
    world.counts[f"{role.value}s"] = count
    return ids


def combine(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """A moment on that day in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def reference(world: World) -> None:
    """The site, role groups and competency framework everything else points at."""
    from home.services import site_ensure_home_page

    site_ensure_home_page()
    role_groups_sync()
    seed_framework()
    world.category_ids = list(
        EndorsementCategory.objects.order_by("sort_order", "code").values_list("pk", flat=True)
    )


def _target(world: World) -> int | None:
    """Most trainees aim at a category; the common ones most often."""
    if not world.category_ids or world.rng.random() < 0.1:
        return None
    return world.rng.choice(world.category_ids[:4] * 3 + world.category_ids)


def people(world: World) -> None:
    """Trainees, a supervisor for every ten of them, a coordinator for every thousand."""
    password = make_password(PASSWORD)
    world.trainee_ids = _accounts(world, Role.TRAINEE, world.trainees, password)
    world.supervisor_ids = _accounts(world, Role.SUPERVISOR, max(1, world.trainees // 10), password)
    world.coordinator_ids = _accounts(
        world, Role.COORDINATOR, max(1, world.trainees // 1000), password
    )


def qualifications(world: World) -> None:
    """Nine in ten supervisors hold a mentor endorsement or are vetted (for every category that
    asks for RSC); the rest do not count."""
    mentor = EndorsementCategory.objects.filter(code="IMHM-C").values_list("pk", flat=True).first()
    asking_rsc = list(
        EndorsementCategory.objects.filter(rsc_hours__gt=0).values_list("pk", flat=True)
    )
    rows = []
    for supervisor_id in world.supervisor_ids:
        roll = world.rng.random()
        if roll < 0.8:
            rows.append(ProviderQualification(supervisor_id=supervisor_id, category_id=mentor))
        elif roll < 0.9:
            rows += [
                ProviderQualification(
                    supervisor_id=supervisor_id, category_id=pk, vetted_by_association=True
                )
                for pk in asking_rsc
            ]
    bulk(ProviderQualification, rows)
    world.counts["provider qualifications"] = len(rows)


def assignments(world: World) -> None:
    """Each trainee is paired with one supervisor, for about three years so far."""
    start = world.as_of - datetime.timedelta(days=3 * 365 + 30)
    rows = []
    for index, trainee_id in enumerate(world.trainee_ids):
        supervisor_id = world.supervisor_ids[index % len(world.supervisor_ids)]
        world.supervisor_of[trainee_id] = supervisor_id
        rows.append(
            SupervisionAssignment(
                supervisor_id=supervisor_id,
                trainee_id=trainee_id,
                kind=AssignmentKind.INDIVIDUAL,
                starts_on=start,
            )
        )
    bulk(SupervisionAssignment, rows)
    world.counts["assignments"] = len(rows)


def cohorts(world: World) -> None:
    """Trainees in cohorts of 50 to 200, each run by one coordinator."""
    rng, ids, position, made = world.rng, world.trainee_ids, 0, []
    while position < len(ids):
        size = rng.randint(50, 200)
        made.append((ids[position : position + size], len(made)))
        position += size
    created = bulk(
        Cohort,
        [
            Cohort(name=f"Scale cohort {n + 1:04d}", starts_on=world.as_of.replace(day=1))
            for _, n in made
        ],
    )
    world.cohort_ids = [cohort.pk for cohort in created]
    coordinators = Cohort.coordinators.through
    bulk(
        coordinators,
        [
            coordinators(
                cohort_id=cohort.pk, user_id=world.coordinator_ids[n % len(world.coordinator_ids)]
            )
            for cohort, (_, n) in zip(created, made, strict=True)
        ],
    )
    bulk(
        CohortMembership,
        [
            CohortMembership(cohort_id=cohort.pk, trainee_id=trainee_id)
            for cohort, (members, _) in zip(created, made, strict=True)
            for trainee_id in members
        ],
    )
    world.counts["cohorts"] = len(created)
    _bench_cohorts(world)


BENCH_COHORTS = {"Bench cohort of 200": 200, "Bench cohort of 1000": 1000, "Bench cohort of all": 0}


def _bench_cohorts(world: World) -> None:
    """Cohorts of known sizes run by the first coordinator, for the benchmarks to open."""
    for name, size in BENCH_COHORTS.items():
        cohort = Cohort.objects.create(name=name, starts_on=world.as_of.replace(day=1))
        cohort.coordinators.add(world.coordinator_ids[0])
        members = world.trainee_ids[: size or None]
        bulk(
            CohortMembership,
            [
                CohortMembership(cohort_id=cohort.pk, trainee_id=trainee_id)
                for trainee_id in members
            ],
        )


def training_records(world: World) -> None:
    """About eight external trainings per trainee over three years, most verified."""
    rng = world.rng
    world.competency_ids = list(Competency.objects.values_list("pk", flat=True))
    kinds = list(EvidenceKind.values)
    rows = []
    for trainee_id in world.trainee_ids:
        for n in range(rng.randint(4, 12)):
            rows.append(
                TrainingRecord(
                    trainee_id=trainee_id,
                    title=f"External training {n + 1}",
                    source=TrainingSource.EXTERNAL,
                    evidence_kind=rng.choice(kinds),
                    hours=Decimal(rng.choice([2, 3, 4, 6, 7.5, 12, 15])),
                    completed_on=world.day_within(3 * 365),
                    dei=rng.random() < 0.2,
                    about_rsc=rng.random() < 0.1,
                    verified=rng.random() < 0.85,
                )
            )
    created = bulk(TrainingRecord, rows)
    if world.competency_ids:
        link = TrainingRecord.competencies.through
        bulk(
            link,
            [
                link(trainingrecord_id=record.pk, competency_id=competency_id)
                for record in created
                for competency_id in rng.sample(world.competency_ids, 2)
            ],
        )
    world.counts["training records"] = len(created)


def logs(world: World) -> None:
    from .logs import logs as make_logs

    make_logs(world)


def courses(world: World) -> None:
    from .courses import courses as make_courses

    make_courses(world, count=max(2, min(200, world.trainees // 50)))


STEPS: list[Callable[[World], None]] = [
    reference,
    people,
    qualifications,
    assignments,
    cohorts,
    training_records,
    logs,
    courses,
]


def scale_data_exists() -> bool:
    return User.objects.filter(email__endswith=f"@{DOMAIN}").exists()


def generate(
    *,
    trainees: int,
    seed: int = 2026,
    as_of: datetime.date | None = None,
    report: Callable[[str], None] = print,
    steps: list[Callable[[World], None]] | None = None,
) -> dict[str, int]:
    """Build the world step by step (each step in its own transaction) and return the counts."""
    world = World(trainees=trainees, seed=seed, as_of=as_of or timezone.localdate())
    for step in steps or STEPS:
        started = timezone.now()
        with transaction.atomic():
            step(world)
        seconds = (timezone.now() - started).total_seconds()
        report(f"  {step.__name__:<20} {seconds:7.1f} s")
    # Bulk inserts leave the planner's statistics behind; refresh them as autovacuum would.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return world.counts
