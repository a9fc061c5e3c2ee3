import json
from collections import Counter
from email import message_from_bytes
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from training.notifications.enums import OutboxStatus
from training.notifications.models import OutboxMessage
from training.notifications.services import OUTBOX_HEADER
from training.providers.models import LinkPurpose, ProviderLink
from training.reflective_logs.enums import AuditAction
from training.reflective_logs.models import LogAuditEvent, SignOff


class Command(BaseCommand):
    help = "After a load run: check that every promise held (exits non-zero on any break)."

    def add_arguments(self, parser):
        parser.add_argument("--results", required=True, help="Counters written by Locust.")
        parser.add_argument("--before", required=True, help="Counts saved before the run.")
        parser.add_argument("--mail-dir", required=True, help="Where the emails were written.")

    def handle(self, *args, results, before, mail_dir, **options):
        counters = json.loads(Path(results).read_text())
        baseline = json.loads(Path(before).read_text())
        breaks = []
        for check in (self._emails_once,):
            breaks += check(Path(mail_dir))
        for check in INTEGRITY_CHECKS:
            breaks += check(counters, baseline)
        if breaks:
            for problem in breaks:
                self.stderr.write(f"INTEGRITY BREAK: {problem}")
            raise CommandError(f"{len(breaks)} integrity break(s).")
        self.stdout.write(self.style.SUCCESS("Integrity: every check passed."))

    def _emails_once(self, mail_dir: Path) -> list[str]:
        sent_ids = Counter()
        for path in mail_dir.glob("*.log") if mail_dir.exists() else []:
            # The file backend writes messages one after another, separated by a dashed line.
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    header = message_from_bytes(chunk.strip()).get(OUTBOX_HEADER)
                    if header:
                        sent_ids[int(header)] += 1
        problems = [
            f"outbox message {i} was emailed {n} times" for i, n in sent_ids.items() if n > 1
        ]
        rows = OutboxMessage.objects.exclude(status=OutboxStatus.SENT)
        if rows.exists():
            problems.append(f"{rows.count()} outbox message(s) still unsent after the run")
        sent = set(
            OutboxMessage.objects.filter(status=OutboxStatus.SENT).values_list("pk", flat=True)
        )
        missing = sent - set(sent_ids)
        if missing:
            problems.append(f"{len(missing)} outbox row(s) marked sent with no email written")
        self.stdout.write(
            f"  emails written: {sum(sent_ids.values())}, outbox rows sent: {len(sent)}"
        )
        return problems


def _verify_signoffs(counters: dict, baseline: dict) -> list[str]:
    try:
        call_command("verify_signoffs")
    except SystemExit as exit_:
        return [] if not exit_.code else ["verify_signoffs found a changed sign-off"]
    except CommandError as error:
        return [f"verify_signoffs: {error}"]
    return []


def _sign_offs(counters: dict, baseline: dict) -> list[str]:
    """Each sign-off the run saw succeed made exactly one SignOff, audit event and email."""
    signed_ids = set(counters.get("signed_log_ids", []))
    signed_ids |= set(counters.get("outside_signed_log_ids", []))
    made = SignOff.objects.count() - baseline["sign_offs"]
    audited = _signed_audits() - baseline["sign_off_audits"]
    emailed = _signed_emails() - baseline["sign_off_emails"]
    problems = []
    if made != len(signed_ids):
        problems.append(f"{made} sign-offs stored, {len(signed_ids)} seen to succeed")
    if audited != made:
        problems.append(f"{audited} sign-off audit events for {made} sign-offs")
    if emailed != made:
        problems.append(f"{emailed} sign-off emails for {made} sign-offs")
    missing = signed_ids - set(
        SignOff.objects.filter(log_id__in=signed_ids).values_list("log_id", flat=True)
    )
    if missing:
        problems.append(f"{len(missing)} logs answered 'signed' have no sign-off")
    return problems


def _signed_audits() -> int:
    return LogAuditEvent.objects.filter(action=AuditAction.SIGNED_OFF).count()


def _signed_emails() -> int:
    return OutboxMessage.objects.filter(dedupe_key__endswith="-signed").count()


def _outside_sign_offs(counters: dict, baseline: dict) -> list[str]:
    """Every sign-off through a provider's link used exactly one link, for that log, sent to
    the provider who signed; no link was used twice or for a log it was not sent for."""
    problems = []
    seen = set(counters.get("outside_signed_log_ids", []))
    used = ProviderLink.objects.filter(purpose=LinkPurpose.LOG_REVIEW, used_at__isnull=False)
    per_log = Counter(used.values_list("target_id", flat=True))
    via_link = SignOff.objects.filter(signer__outside_provider__isnull=False)
    for sign_off in via_link.select_related("log__session"):
        if per_log[sign_off.log_id] != 1:
            problems.append(f"log {sign_off.log_id}: {per_log[sign_off.log_id]} links used")
        link = used.filter(target_id=sign_off.log_id).first()
        if link and link.provider_id != sign_off.signer_id:
            problems.append(f"log {sign_off.log_id}: signed by someone the link was not for")
    if via_link.count() < len(seen):
        problems.append(f"{via_link.count()} link sign-offs stored, {len(seen)} seen")
    self_counted = counters.get("outside_signed", 0)
    if self_counted != len(seen):
        problems.append(f"{self_counted} link sign-offs answered, {len(seen)} distinct logs")
    print(f"  outside providers signed {len(seen)} logs through their links")  # noqa: T201
    return problems


INTEGRITY_CHECKS = [_sign_offs, _outside_sign_offs, _verify_signoffs]

# Counts saved before the run (name -> callable), compared with the counters Locust wrote.
BASELINE_COUNTS = {
    "outbox": lambda: OutboxMessage.objects.count(),
    "sign_offs": lambda: SignOff.objects.count(),
    "sign_off_audits": _signed_audits,
    "sign_off_emails": _signed_emails,
}
