from django.core.management.base import BaseCommand, CommandError

from training.reflective_logs.models import Addendum, SignOff
from training.reflective_logs.signing import addendum_hash, log_hash


class Command(BaseCommand):
    """Recompute the hash of every signed log and addendum and compare it with the stored one."""

    help = "Check every sign-off's SHA-256 against the content; exit non-zero on any mismatch."

    def handle(self, *args, **options):
        mismatches = []
        checked = 0
        sign_offs = SignOff.objects.select_related("log__session").prefetch_related(
            "log__competencies"
        )
        for sign_off in sign_offs.iterator(chunk_size=500):
            checked += 1
            if log_hash(sign_off.log) != sign_off.sha256:
                mismatches.append(f"log #{sign_off.log_id}")
        for addendum in Addendum.objects.filter(signed_at__isnull=False).iterator():
            checked += 1
            if addendum_hash(addendum) != addendum.sha256:
                mismatches.append(f"addendum #{addendum.pk} of log #{addendum.log_id}")
        if mismatches:
            raise CommandError(
                f"{len(mismatches)} of {checked} signatures do not match: " + ", ".join(mismatches)
            )
        self.stdout.write(self.style.SUCCESS(f"All {checked} signatures match."))
