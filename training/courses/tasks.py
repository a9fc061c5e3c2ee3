import logging

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from training.core import sweeps

logger = logging.getLogger(__name__)


def certificate_html(certificate) -> str:
    """The HTML the PDF is made from. Paper has no address bar: the verification link is
    printed in full, with the site's own scheme, host and port."""
    path = reverse("courses:certificate_verify", args=[certificate.code])
    verify_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
    return render_to_string(
        "courses/certificate_pdf.html", {"certificate": certificate, "verify_url": verify_url}
    )


@shared_task
def render_certificate(certificate_id: int) -> bool:
    """Render a certificate's PDF once; running again (retry, duplicate queue) changes nothing."""
    from weasyprint import HTML

    from .models import Certificate

    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().filter(pk=certificate_id).first()
        if certificate is None or certificate.pdf or certificate.render_failed_at:
            return False
        try:
            html = certificate_html(certificate)
            pdf = HTML(string=html).write_pdf()
        except Exception:
            # Say so on the course page rather than retry it every few minutes for ever.
            logger.exception("Certificate %s could not be rendered", certificate.pk)
            certificate.render_failed_at = timezone.now()
            certificate.save(update_fields=["render_failed_at"])
            return False
        certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(pdf), save=False)
        certificate.save(update_fields=["pdf"])
    return True


def _certificates_waiting(cutoff):
    from .models import Certificate

    waiting = Certificate.objects.filter(pdf="", render_failed_at__isnull=True)
    return waiting.filter(created_at__lt=cutoff).values_list("pk", flat=True)


sweeps.register("certificate", waiting=_certificates_waiting, task=render_certificate)
