from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import CoursesView, ModuleMoveView, ModulesByCompetencyView
from .permissions import user_can_author_courses


@hooks.register("register_admin_urls")
def register_course_admin_urls():
    return [
        path("courses/", CoursesView.as_view(), name="courses_admin"),
        path(
            "courses/modules/<int:pk>/move/",
            ModuleMoveView.as_view(),
            name="courses_admin_module_move",
        ),
        path(
            "courses/modules-by-competency/",
            ModulesByCompetencyView.as_view(),
            name="courses_modules_by_competency",
        ),
    ]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_author_courses(request.user)


@hooks.register("register_admin_menu_item")
def register_courses_menu_item():
    # Above "Pages" (order 100): courses are what coordinators come to the admin for.
    return CoordinatorMenuItem(
        "Courses", reverse("courses_admin"), icon_name="folder-open-inverse", order=90
    )


@hooks.register("register_admin_menu_item")
def register_modules_by_competency_menu_item():
    return CoordinatorMenuItem(
        "Modules by competency",
        reverse("courses_modules_by_competency"),
        icon_name="list-ul",
        order=350,
    )


@hooks.register("register_admin_menu_item")
def register_back_to_attune_menu_item():
    # Everyone who reaches the admin can get back to their Attune dashboard.
    return MenuItem("Back to Attune", "/", icon_name="arrow-left", order=10000)
