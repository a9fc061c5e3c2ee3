import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from training.cohorts.models import Cohort
from training.scale.bench import module_url
from training.scale.generate import DOMAIN
from training.scale.sessions import sign_in
from training.users.models import SupervisionAssignment, User


def _session_cookie(user: User) -> str:
    client = Client()
    sign_in(client, user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


class Command(BaseCommand):
    help = (
        "Sign in generated people for a load run: supervisors, the trainees they supervise and "
        "a coordinator, written as session cookies to a JSON file for Locust."
    )

    def add_arguments(self, parser):
        parser.add_argument("--supervisors", type=int, default=15)
        parser.add_argument("--trainees-each", type=int, default=3)
        parser.add_argument("--out", required=True)

    def handle(self, *args, supervisors, trainees_each, out, **options):
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
        for key, name in (
            ("cohort_200", "Bench cohort of 200"),
            ("cohort_all", "Bench cohort of all"),
        ):
            sessions[key] = Cohort.objects.get(name=name).pk
        with open(out, "w") as handle:
            json.dump(sessions, handle)
        counts = ", ".join(f"{len(users)} {role}s" for role, users in people.items())
        self.stdout.write(f"Signed in {counts}; sessions written to {out}.")
