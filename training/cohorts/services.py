"""Writes for cohorts: creating them, adding trainees, bulk invitations and their acceptance."""

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from training.notifications.services import outbox_enqueue
from training.users.enums import Role
from training.users.models import User
from training.users.services import profile_update, user_grant_role

from .models import Cohort, CohortMembership, Invitation

INVITATION_SESSION_KEY = "attune_invitation_token"
MAX_IMPORT_ROWS = 5000


@dataclass
class ImportReport:
    """What a CSV import did, row by row."""

    added: list[str] = field(default_factory=list)
    invited: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


@transaction.atomic
def cohort_create(
    *, name: str, coordinator: User, starts_on=None, ends_on=None, description: str = ""
) -> Cohort:
    """Create a cohort run by `coordinator`."""
    cohort = Cohort(name=name, description=description, ends_on=ends_on)
    if starts_on:
        cohort.starts_on = starts_on
    cohort.full_clean()
    cohort.save()
    cohort.coordinators.add(coordinator)
    return cohort


def cohort_add_trainee(*, cohort: Cohort, user: User) -> bool:
    """Add a person to a cohort as a trainee; False when they were already in it."""
    user_grant_role(user=user, role=Role.TRAINEE)
    _, created = CohortMembership.objects.get_or_create(cohort=cohort, trainee=user)
    return created


def _invite(*, cohort: Cohort, email: str, name: str, invited_by: User) -> bool:
    invitation, created = Invitation.objects.get_or_create(
        cohort=cohort, email=email, defaults={"name": name, "invited_by": invited_by}
    )
    if created:
        link = settings.WAGTAILADMIN_BASE_URL + reverse(
            "cohort_invitation", args=[invitation.token]
        )
        outbox_enqueue(
            to_email=email,
            subject=f"You are invited to join {cohort.name} on Attune",
            body=(
                f"{invited_by.display_name} has invited you to the training cohort "
                f"“{cohort.name}” on Attune.\n\nCreate your account here (the link works once, "
                f"for 30 days): {link}"
            ),
            dedupe_key=f"invitation-{invitation.pk}",
        )
    return created


def _rows(text: str):
    """(line number, stripped cells) for each CSV row; a file csv cannot read (such as a cell
    over csv's field size limit) raises ValidationError naming the line."""
    reader = csv.reader(io.StringIO(text))
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            line = reader.line_num or 1
            if "field limit" in str(error):
                reason = f"a cell is longer than {csv.field_size_limit():,} characters"
            else:
                reason = "this line cannot be read as CSV"
            raise ValidationError(f"Line {line}: {reason}.", code="bad_csv") from error
        yield reader.line_num, [cell.strip() for cell in row]


def cohort_csv_check(text: str) -> None:
    """Raise ValidationError if `text` cannot be read as CSV at all (run before importing)."""
    for _row in _rows(text):
        pass


def cohort_import_csv(*, cohort: Cohort, text: str, invited_by: User) -> ImportReport:
    """Invite or add the people in a CSV of `name,email` rows.

    Each row is checked on its own: bad rows are reported with their line and reason, good rows
    go in, and a row is either done completely or not at all. Running it again adds nothing twice.
    """
    report = ImportReport()
    seen: set[str] = set()
    for line, cells in _rows(text):
        if not any(cells):
            continue
        if line == 1 and [c.lower() for c in cells[:2]] == ["name", "email"]:
            continue
        if (
            len(report.added) + len(report.invited) + len(report.unchanged) + len(report.errors)
            >= MAX_IMPORT_ROWS
        ):
            report.errors.append((line, f"Only {MAX_IMPORT_ROWS} rows can be imported at once."))
            break
        if len(cells) < 2:
            report.errors.append((line, "Expected two columns: name, email."))
            continue
        name, email = cells[0], cells[1].lower()
        if not name:
            report.errors.append((line, "The name is empty."))
            continue
        if len(name) > 200:
            report.errors.append((line, "The name is longer than 200 characters."))
            continue
        try:
            validate_email(email)
        except ValidationError:
            report.errors.append((line, f"“{email[:80]}” is not a valid email address."))
            continue
        if email in seen:
            report.errors.append((line, f"{email} appears earlier in this file."))
            continue
        seen.add(email)
        try:
            with transaction.atomic():
                existing = User.objects.filter(email=email).first()
                if existing is not None:
                    added = cohort_add_trainee(cohort=cohort, user=existing)
                    (report.added if added else report.unchanged).append(email)
                elif _invite(cohort=cohort, email=email, name=name, invited_by=invited_by):
                    report.invited.append(email)
                else:
                    report.unchanged.append(email)
        except IntegrityError:
            report.errors.append((line, "This row could not be saved; please try it again."))
    return report


def _split_name(name: str) -> tuple[str, str]:
    first, _, last = name.strip().partition(" ")
    return first, last


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Invitation | None:
    """Use an invitation once: the person joins the cohort as a trainee."""
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or not invitation.is_usable or invitation.email != user.email:
        return None
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    cohort_add_trainee(cohort=invitation.cohort, user=user)
    if invitation.name and not user.first_name:
        first, last = _split_name(invitation.name)
        profile_update(user=user, first_name=first, last_name=last)
    return invitation


@transaction.atomic
def cohort_enrol(*, cohort: Cohort, course, enrolled_by: User) -> int:
    """Enrol every trainee of the cohort in a published course; returns how many were new.

    Trainees already enrolled are left as they are, so running it twice enrols nobody twice.
    """
    from training.courses.models import Enrolment
    from training.privacy.models import PrivacyAuditEvent

    if not course.live:
        raise ValidationError("This course is not published.")
    members = set(cohort.memberships.values_list("trainee_id", flat=True))
    already = set(
        Enrolment.objects.filter(course=course, trainee_id__in=members).values_list(
            "trainee_id", flat=True
        )
    )
    new = [Enrolment(trainee_id=pk, course=course) for pk in sorted(members - already)]
    Enrolment.objects.bulk_create(new, ignore_conflicts=True)
    PrivacyAuditEvent.objects.create(
        action="cohort_enrol",
        actor=enrolled_by,
        details={"cohort": cohort.pk, "course": course.pk, "enrolled": len(new)},
    )
    return len(new)
