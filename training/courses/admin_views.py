"""Wagtail admin views for coordinators: courses and their modules in order, and which modules
cover each competency."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import ModulePage
from .permissions import user_can_author_courses
from .selectors import courses_for_author, modules_by_competency
from .services import module_place


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


class CoursesView(WagtailAdminTemplateMixin, TemplateView):
    """Courses and their modules in the order trainees meet them, with the authoring actions."""

    template_name = "courses/admin/courses.html"
    page_title = "Courses"
    header_icon = "folder-open-inverse"

    def dispatch(self, request, *args, **kwargs):
        if not user_can_author_courses(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("courses_admin"), "label": "Courses"}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(courses_for_author(user=self.request.user))
        return context


class ModuleMoveView(View):
    """POST: place a module before or after a named sibling, then back to the course list."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if not user_can_author_courses(request.user):
            raise PermissionDenied
        module = get_object_or_404(ModulePage, pk=pk)
        course = module.get_parent()
        tester = course.permissions_for_user(request.user)
        if not tester.can_edit():
            raise Http404  # a course she may not edit is not hers to know about
        if not tester.can_reorder_children():
            raise PermissionDenied
        side = {"before": "left", "after": "right"}.get(request.POST.get("place", ""))
        beside_id = request.POST.get("beside", "")
        beside = ModulePage.objects.filter(pk=beside_id).first() if beside_id.isdigit() else None
        if side is None or beside is None:
            messages.error(request, "Choose where to move the module.")
        elif module_place(module=module, beside=beside, side=side, user=request.user):
            messages.success(
                request, f"Moved “{module.title}” {request.POST['place']} “{beside.title}”."
            )
        return redirect(f"{reverse('courses_admin')}#course-{course.pk}")
