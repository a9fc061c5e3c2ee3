from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string

from training.core import sweeps


@shared_task
def render_certificate(certificate_id: int) -> bool:
    """Render a certificate's PDF once; running again (retry, duplicate queue) changes nothing."""
    from weasyprint import HTML

    from .models import Certificate

    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().filter(pk=certificate_id).first()
        if certificate is None or certificate.pdf:
            return False
        html = render_to_string("courses/certificate_pdf.html", {"certificate": certificate})
        pdf = HTML(string=html).write_pdf()
        certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(pdf), save=False)
        certificate.save(update_fields=["pdf"])
    return True


def _certificates_waiting(cutoff):
    from .models import Certificate

    return Certificate.objects.filter(pdf="", created_at__lt=cutoff).values_list("pk", flat=True)


sweeps.register("certificate", waiting=_certificates_waiting, task=render_certificate)
