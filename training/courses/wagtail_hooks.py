from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import ModulesByCompetencyView
from .permissions import user_can_author_courses


@hooks.register("register_admin_urls")
def register_modules_by_competency_url():
    return [
        path(
            "courses/modules-by-competency/",
            ModulesByCompetencyView.as_view(),
            name="courses_modules_by_competency",
        )
    ]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return user_can_author_courses(request.user)


@hooks.register("register_admin_menu_item")
def register_modules_by_competency_menu_item():
    return CoordinatorMenuItem(
        "Modules by competency",
        reverse("courses_modules_by_competency"),
        icon_name="list-ul",
        order=350,
    )
