import datetime
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.utils import timezone

from training.cohorts.models import Cohort
from training.competencies.models import EndorsementCategory
from training.providers.services import outside_provider_add
from training.reflective_logs.services import log_create, log_submit
from training.scale.bench import module_url
from training.scale.generate import DOMAIN
from training.scale.sessions import sign_in
from training.users.models import SupervisionAssignment, User


def _session_cookie(user: User) -> str:
    client = Client()
    sign_in(client, user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _outside_providers(trainees, logs_each: int) -> list[str]:
    """Give each trainee an outside provider and submit logs to them: the provider's links
    are emailed when the worker starts, and Locust's outside providers sign through them."""
    today = timezone.localdate()
    emails = []
    for i, trainee in enumerate(trainees):
        email = f"outside{i:03d}@elsewhere.example"
        provider, _ = outside_provider_add(
            trainee=trainee,
            added_by=trainee,
            first_name="Outside",
            last_name=f"Provider {i}",
            email=email,
            category=EndorsementCategory.objects.order_by("pk").first(),
            vetted=False,
            endorsement_number=f"LOAD-{i}",
            association="Load Association",
        )
        for day in range(logs_each):
            log = log_create(
                trainee=trainee,
                session_fields={
                    "held_on": today - datetime.timedelta(days=day + 1),
                    "minutes": 60,
                    "modality": "video",
                    "provider": provider.account,
                    "is_peer": False,
                },
                sections={"use_of_self": "What I noticed in myself with this family."},
            )
            log_submit(log_id=log.pk, trainee=trainee, deid_confirmed=True)
        emails.append(email)
    return emails


class Command(BaseCommand):
    help = (
        "Sign in generated people for a load run: supervisors, the trainees they supervise and "
        "a coordinator, written as session cookies to a JSON file for Locust."
    )

    def add_arguments(self, parser):
        parser.add_argument("--supervisors", type=int, default=15)
        parser.add_argument("--trainees-each", type=int, default=3)
        parser.add_argument("--out", required=True)
        parser.add_argument(
            "--outside",
            type=int,
            default=8,
            help="Trainees given an outside provider with logs waiting for their link.",
        )
        parser.add_argument("--outside-logs", type=int, default=4)

    def handle(self, *args, supervisors, trainees_each, out, outside, outside_logs, **options):
        chosen = list(
            User.objects.filter(
                email__startswith="supervisor", email__endswith=f"@{DOMAIN}"
            ).order_by("email")[:supervisors]
        )
        if not chosen:
            raise CommandError("Run generate_scale_data first.")
        trainees = []
        for supervisor in chosen:
            ids = SupervisionAssignment.objects.filter(supervisor=supervisor).values_list(
                "trainee", flat=True
            )[:trainees_each]
            trainees += list(User.objects.filter(pk__in=list(ids)).order_by("email"))
        coordinator = User.objects.get(email=f"coordinator00000@{DOMAIN}")
        people = {
            "trainee": trainees,
            "supervisor": chosen,
            "coordinator": [coordinator],
        }
        sessions = {
            role: [{"email": u.email, "cookie": _session_cookie(u)} for u in users]
            for role, users in people.items()
        }
        for entry, trainee in zip(sessions["trainee"], trainees, strict=True):
            entry["module"] = module_url(trainee)  # a module of a course they are taking
        sessions["cookie_name"] = settings.SESSION_COOKIE_NAME
        sessions["outside"] = _outside_providers(trainees[:outside], outside_logs)
        for key, name in (
            ("cohort_200", "Bench cohort of 200"),
            ("cohort_all", "Bench cohort of all"),
        ):
            sessions[key] = Cohort.objects.get(name=name).pk
        with open(out, "w") as handle:
            json.dump(sessions, handle)
        counts = ", ".join(f"{len(users)} {role}s" for role, users in people.items())
        self.stdout.write(f"Signed in {counts}; sessions written to {out}.")
