from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from training.users.enums import Role
from training.users.models import User

from .models import (
    Competency,
    CompetencyFramework,
    Domain,
    EndorsementCategory,
    ProviderQualification,
)


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
    search_fields = ["name", "domain__name"]
    # The database search backend cannot restrict a search to fields on SQLite ("no such
    # column: name"): search these columns with the ORM instead, the same on every database.
    search_backend_name = None


class EndorsementCategoryViewSet(SnippetViewSet):
    """Categories and their requirements: data coordinators keep current, with revisions."""

    model = EndorsementCategory
    icon = "pick"
    list_display = ["name", "code", "track", "training_hours", "rsc_hours", "exam_required"]
    list_filter = ["track", "exam_required"]
    search_fields = ["name", "code"]
    search_backend_name = None  # see CompetencyViewSet


class CompetencyViewSetGroup(SnippetViewSetGroup):
    items = (
        CompetencyFrameworkViewSet,
        DomainViewSet,
        CompetencyViewSet,
        EndorsementCategoryViewSet,
    )
    menu_icon = "tick-inverse"
    menu_label = "Competencies"
    menu_name = "competencies"
    menu_order = 220


class ProviderQualificationForm(WagtailAdminModelForm):
    class Meta:
        model = ProviderQualification
        fields = [
            "supervisor",
            "category",
            "vetted_by_association",
            "emerging",
            "starts_on",
            "expires_on",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = User.objects.with_role(Role.SUPERVISOR)
        self.fields["category"].label = "Category (held, vetted for, or Emerging in)"
        self.fields["vetted_by_association"].label = "Vetted by the association for this category"
        self.fields["emerging"].label = "Emerging status in this category"


class ProviderQualificationViewSet(ModelViewSet):
    """Coordinators record why each supervisor's RSC counts, and until when."""

    model = ProviderQualification
    icon = "user"
    menu_label = "RSC providers"
    menu_order = 215
    add_to_admin_menu = True
    list_display = ["supervisor", "category", "vetted_by_association", "emerging", "expires_on"]
    list_filter = ["vetted_by_association", "emerging", "category"]
    search_fields = ["supervisor__email", "supervisor__last_name"]
    ordering = ["supervisor__last_name"]

    def get_form_class(self, for_update=False):
        return ProviderQualificationForm


provider_qualification_viewset = ProviderQualificationViewSet("provider_qualifications")
