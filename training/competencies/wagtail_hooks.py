from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import CompetencyViewSetGroup, provider_qualification_viewset

register_snippet(CompetencyViewSetGroup)


@hooks.register("register_admin_viewset")
def register_provider_qualifications():
    return provider_qualification_viewset
