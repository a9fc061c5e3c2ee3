from wagtail.snippets.models import register_snippet

from .viewsets import CompetencyViewSetGroup

register_snippet(CompetencyViewSetGroup)
