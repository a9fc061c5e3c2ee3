"""Make sure the site has its home page (after migrations, or after a test flushes the tables)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import HomePage

HOME_LEAD = (
    "Training and reflective supervision for everyone who works with babies, toddlers "
    "and their families."
)
HOME_BODY = (
    "<p>Attune brings together courses on infant and early childhood mental health, a private "
    "record of your reflective supervision, and a clear view of how close you are to the "
    "endorsement you are working toward.</p>"
    "<h2>Who it is for</h2>"
    "<ul><li>Trainees from every discipline that meets young families: teachers, home "
    "visitors, clinicians, child-welfare and health-care staff, judges, librarians, faith "
    "and policy workers.</li>"
    "<li>Supervisors who offer reflective supervision and sign off the hours.</li>"
    "<li>Coordinators who write courses and follow their cohorts.</li></ul>"
)


@transaction.atomic
@transaction.atomic
def site_setup() -> HomePage:
    """What every installation needs before anyone signs in, production included: the home
    page, the course catalogue with its four-eyes review workflow, the role groups and their
    permissions. Idempotent; creates no accounts and no demo content."""
    from training.courses.authoring import catalogue_ensure
    from training.users.services import role_groups_sync

    home = site_ensure_home_page()
    role_groups_sync()
    catalogue_ensure(home)
    return home


def site_ensure_home_page() -> HomePage:
    """Return the site's HomePage, creating the root, locale, page and Site where missing."""
    existing = HomePage.objects.first()
    if existing is not None:
        return existing
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root", locale=locale)
    # Wagtail's migrations leave a placeholder welcome page; ours replaces it.
    for child in root.get_children().filter(slug="home"):
        child.delete()
    root.refresh_from_db()
    home = root.add_child(
        instance=HomePage(
            title="Attune", slug="home", lead=HOME_LEAD, body=HOME_BODY, locale=locale
        )
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Attune"},
    )
    return home


def site_match_base_url(base_url: str) -> Site | None:
    """Point the default Wagtail Site at the address links are built from (scheme-default
    port when none is given), so Wagtail's own full URLs agree with Attune's emails."""
    parts = urlsplit(base_url)
    if not parts.hostname:
        return None
    port = parts.port or (443 if parts.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and (site.hostname, site.port) != (parts.hostname, port):
        site.hostname, site.port = parts.hostname, port
        site.save(update_fields=["hostname", "port"])
    return site
