from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AgreementText


class AgreementTextViewSet(SnippetViewSet):
    """Coordinators publish each new version of an agreement as a new row: the newest version
    published on or before a day is the one in force, and acceptances name their version."""

    model = AgreementText
    icon = "doc-full"
    menu_label = "Agreements"
    menu_name = "agreements"
    menu_order = 225
    add_to_admin_menu = True
    list_display = ["title", "kind", "version", "published_on"]
    list_filter = ["kind"]
    search_fields = ["title", "version"]
    # See competencies' CompetencyViewSet: ORM search, the same on every database.
    search_backend_name = None
