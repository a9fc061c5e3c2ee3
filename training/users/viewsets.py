from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet

from .enums import Role
from .models import SupervisionAssignment, User


class SupervisionAssignmentForm(WagtailAdminModelForm):
    class Meta:
        model = SupervisionAssignment
        fields = ["supervisor", "trainee", "kind", "starts_on", "ends_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = User.objects.with_role(Role.SUPERVISOR)
        self.fields["trainee"].queryset = User.objects.with_role(Role.TRAINEE)


class SupervisionAssignmentViewSet(ModelViewSet):
    """Coordinators pair trainees with supervisors in the Wagtail admin."""

    model = SupervisionAssignment
    icon = "group"
    menu_label = "Supervision pairs"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["supervisor", "trainee", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["supervisor__email", "trainee__email", "trainee__last_name"]
    ordering = ["-starts_on"]

    def get_form_class(self, for_update=False):
        return SupervisionAssignmentForm


supervision_assignment_viewset = SupervisionAssignmentViewSet("supervision_assignments")
