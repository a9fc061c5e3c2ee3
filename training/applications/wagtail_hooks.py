from wagtail.snippets.models import register_snippet

from .viewsets import AgreementTextViewSet

register_snippet(AgreementTextViewSet)
