from django.core.management.base import BaseCommand

from home.services import site_ensure_home_page
from training.users.services import role_groups_sync


class Command(BaseCommand):
    """What every installation needs, production included: the home page and the role groups.

    Unlike `seed_demo` it creates no accounts and no demo content.
    """

    help = "Create the site's home page and role groups. Safe to run again; makes no accounts."

    def handle(self, *args, **options):
        site_ensure_home_page()
        role_groups_sync()
        self.stdout.write(self.style.SUCCESS("Site ready (no accounts were created)."))
