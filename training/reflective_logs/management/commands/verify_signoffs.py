from django.core.management.base import BaseCommand, CommandError

from training.reflective_logs.enums import LogState
from training.reflective_logs.ledger import ledger_check_digests, ledger_walk
from training.reflective_logs.models import (
    Addendum,
    AttendanceSignOff,
    GroupAttendance,
    ReflectiveLog,
    SignOff,
)
from training.reflective_logs.signing import addendum_hash, attendance_hash, log_hash


class Command(BaseCommand):
    """Check signed records both ways, the ledger's chain, and the chain against the digests.

    - every sign-off's SHA-256 matches its log's content, and its log is signed off;
    - every signed-off log has a sign-off for its current version;
    - every signed addendum's SHA-256 matches;
    - every group attendance sign-off's SHA-256 matches the session and its attendees' minutes;
    - the chain has no gap, no fork and no rewritten link;
    - every stored daily digest's head is still in the chain, at its position.
    """

    help = "Verify sign-offs, their chain and the stored digests; exit non-zero on any problem."

    def handle(self, *args, **options):
        problems: list[str] = []
        checked = 0
        sign_offs = SignOff.objects.select_related("log__session").prefetch_related(
            "log__competencies"
        )
        for sign_off in sign_offs.iterator(chunk_size=500):
            checked += 1
            log = sign_off.log
            if log_hash(log) != sign_off.sha256:
                problems.append(f"log #{sign_off.log_id}: content does not match its sign-off")
            if log.state != LogState.SIGNED_OFF:
                problems.append(f"log #{sign_off.log_id}: has a sign-off but is not signed off")
            elif log.version != sign_off.version:
                problems.append(f"log #{sign_off.log_id}: signed at another version")
        unsigned = (
            ReflectiveLog.objects.signed_off()
            .exclude(sign_off__isnull=False)
            .values_list("pk", flat=True)
        )
        for log_id in unsigned.iterator():
            problems.append(f"log #{log_id}: signed off without a sign-off")
        for addendum in Addendum.objects.filter(signed_at__isnull=False).iterator():
            checked += 1
            if addendum_hash(addendum) != addendum.sha256:
                problems.append(f"addendum #{addendum.pk} of log #{addendum.log_id}")
        minutes: dict[int, dict[int, int]] = {}
        for session_id, trainee_id, own in GroupAttendance.objects.filter(
            session__attendance_sign_off__isnull=False
        ).values_list("session_id", "trainee_id", "minutes"):
            minutes.setdefault(session_id, {})[trainee_id] = own
        for sign_off in AttendanceSignOff.objects.select_related("session").iterator():
            checked += 1
            if attendance_hash(sign_off.session, minutes.get(sign_off.session_id, {})) != (
                sign_off.sha256
            ):
                problems.append(f"attendance of session #{sign_off.session_id}")
        head, at_position = ledger_walk(problems)
        digests = ledger_check_digests(at_position, problems)
        if problems:
            raise CommandError(
                f"{len(problems)} problems in {checked} signatures: " + "; ".join(problems)
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"All {checked} signatures match. The chain of {head.count} sign-offs is intact "
                f"(head {head.hash[:16]}) and agrees with {digests} stored digests."
            )
        )
