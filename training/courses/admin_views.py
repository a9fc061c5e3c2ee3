"""Wagtail admin view: which modules cover each competency, for coordinators planning courses."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .permissions import user_can_author_courses
from .selectors import modules_by_competency


class ModulesByCompetencyView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/admin/modules_by_competency.html"
    page_title = "Modules by competency"
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        if not user_can_author_courses(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("courses_modules_by_competency"), "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        competencies = list(modules_by_competency())
        context["competencies"] = competencies
        context["uncovered_count"] = sum(1 for c in competencies if not c.covering_modules)
        return context
