from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Competency, CompetencyFramework, Domain


class CompetencyFrameworkViewSet(SnippetViewSet):
    model = CompetencyFramework
    icon = "list-ul"
    list_display = ["name"]


class DomainViewSet(SnippetViewSet):
    model = Domain
    icon = "folder-open-inverse"
    list_display = ["name", "framework", "sort_order", "mentor_level"]
    list_filter = ["framework", "mentor_level"]


class CompetencyViewSet(SnippetViewSet):
    model = Competency
    icon = "tick"
    list_display = ["name", "domain"]
    list_filter = ["domain"]
    search_fields = ["name"]


class CompetencyViewSetGroup(SnippetViewSetGroup):
    items = (CompetencyFrameworkViewSet, DomainViewSet, CompetencyViewSet)
    menu_icon = "tick-inverse"
    menu_label = "Competencies"
    menu_name = "competencies"
    menu_order = 220
