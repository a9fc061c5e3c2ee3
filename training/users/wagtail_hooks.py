from wagtail import hooks

from .viewsets import supervision_assignment_viewset


@hooks.register("register_admin_viewset")
def register_supervision_assignments():
    return supervision_assignment_viewset
