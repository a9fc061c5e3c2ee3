from django.core.management.base import BaseCommand

from home.services import site_setup


class Command(BaseCommand):
    """What every installation needs, production included: the home page, the course
    catalogue and its review workflow, the role groups and their permissions.

    Unlike `seed_demo` it creates no accounts and no demo content.
    """

    help = (
        "Create the home page, the course catalogue and its review workflow, and the role "
        "groups. Safe to run again; makes no accounts."
    )

    def handle(self, *args, **options):
        site_setup()
        self.stdout.write(self.style.SUCCESS("Site ready (no accounts were created)."))
