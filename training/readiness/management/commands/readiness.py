"""Print a trainee's endorsement readiness, exactly as the readiness page shows it."""

import datetime
import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from training.competencies.models import EndorsementCategory
from training.readiness.selectors import outcome_rows, readiness_for, requirement_rows


class Command(BaseCommand):
    help = "Show how far a person is from an endorsement: manage.py readiness EMAIL"

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--category", help="Category code (default: the profile's target).")
        parser.add_argument("--as-of", dest="as_of", help="Day to assess, YYYY-MM-DD (today).")
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, email, category=None, as_of=None, json=False, **options):
        trainee = get_user_model().objects.filter(email__iexact=email).first()
        if trainee is None:
            raise CommandError(f"No account with the email {email}.")
        chosen = None
        if category:
            chosen = EndorsementCategory.objects.filter(code__iexact=category).first()
            if chosen is None:
                codes = ", ".join(EndorsementCategory.objects.values_list("code", flat=True))
                raise CommandError(f"No category {category}. Known codes: {codes}.")
        day = None
        if as_of:
            try:
                day = datetime.date.fromisoformat(as_of)
            except ValueError as error:
                raise CommandError("--as-of must be a date like 2026-06-30.") from error
        readiness = readiness_for(trainee=trainee, category=chosen, as_of=day)
        if json:
            self.stdout.write(_dumps(readiness.as_dict()))
            return
        self._print(readiness)

    def _print(self, readiness) -> None:
        out = self.stdout
        out.write(f"{readiness.trainee.display_name} <{readiness.trainee.email}>")
        out.write(f"As of {readiness.as_of.isoformat()}")
        if readiness.report is None:
            out.write("No target endorsement chosen.")
        else:
            state = "READY TO APPLY" if readiness.report.ready else "NOT READY TO APPLY"
            out.write(f"{readiness.category.name} ({readiness.category.code}): {state}")
            self._rows(readiness.report)
            skipped = [row for row in outcome_rows(readiness) if not row.counted]
            if skipped:
                out.write("Not counted:")
            for row in skipped:
                out.write(f"  {row.kind} {row.source_id} ({row.on.isoformat()}): {row.why}")
        if readiness.renewal is not None:
            due = readiness.renewal_due_on.isoformat() if readiness.renewal_due_on else "unknown"
            out.write(f"Renewal of {readiness.held.code} (due {due}):")
            self._rows(readiness.renewal)

    def _rows(self, report) -> None:
        for row in requirement_rows(report):
            mark = row.state_label.lower()
            figures = f"{row.have} / {row.needed} {row.unit} " if row.measured else ""
            self.stdout.write(f"  {row.code}: {figures}[{mark}] {row.detail}")


def _dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
