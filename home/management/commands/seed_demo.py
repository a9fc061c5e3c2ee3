from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from home.services import site_match_base_url, site_setup
from training.cohorts.demo import seed_cohorts
from training.competencies.demo import seed_framework
from training.core.published_passwords import refuse_under_production
from training.reflective_logs.demo import seed_logs
from training.users.demo import DEMO_PASSWORD, seed_people


class Command(BaseCommand):
    """Load the demo: site, home page, competency framework, demo accounts and pairings."""

    help = "Create the demo site and accounts. Safe to run again: nothing is duplicated."

    def handle(self, *args, **options):
        # Demo accounts share one published password: production never gets them by accident.
        refuse_under_production("demo accounts")
        site_setup()
        # `make run PORT=…` passes its address here: links in seeded emails use it.
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        site_match_base_url(base_url)
        seed_framework()
        people = seed_people()
        seed_cohorts()
        seed_logs()
        from training.readiness.demo import seed_readiness  # noqa: PLC0415

        seed_readiness()
        from training.courses.demo import seed_courses  # noqa: PLC0415

        seed_courses()
        self.stdout.write(
            self.style.SUCCESS(f"Demo ready. Sign in at {base_url}{reverse('account_login')}")
        )
        self.stdout.write(f"Every demo account's password: {DEMO_PASSWORD}")
        for email, roles in people:
            self.stdout.write(f"  {email:<36} {roles}")
        self.stdout.write(
            "Demo supervisors and coordinators may skip MFA set-up only while DEBUG is on."
        )
