"""Writes for cohorts: creating them, invitations and their answers, pairings, enrolment."""

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from training.courses.models import Enrolment
from training.notifications.services import outbox_enqueue
from training.privacy.models import PrivacyAuditEvent
from training.privacy.services import subject_ref
from training.readiness.evidence import provider_qualifies
from training.users.enums import MFA_REQUIRED_ROLES, AssignmentKind
from training.users.models import SupervisionAssignment, User
from training.users.permissions import user_is_trainee, user_roles
from training.users.services import profile_update

from .models import Cohort, CohortMembership, Invitation, InvitationStatus
from .permissions import user_can_manage_cohorts, user_can_view_cohort, user_coordinates_trainee

INVITATION_SESSION_KEY = "attune_invitation_token"
# The code of the one pairing problem a coordinator may waive ("Pair anyway").
NOT_QUALIFIED = "not_qualified"
MAX_IMPORT_ROWS = 5000


@dataclass
class ImportReport:
    """What a CSV import did, row by row."""

    invited: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


@transaction.atomic
def cohort_create(
    *, name: str, coordinator: User, starts_on=None, ends_on=None, description: str = ""
) -> Cohort:
    """Create a cohort run by `coordinator`."""
    if not user_can_manage_cohorts(coordinator):
        raise PermissionDenied
    cohort = Cohort(name=name, description=description, ends_on=ends_on)
    if starts_on:
        cohort.starts_on = starts_on
    cohort.full_clean()
    cohort.save()
    cohort.coordinators.add(coordinator)
    return cohort


def _role_mismatch(user: User) -> str | None:
    """Why an existing account cannot be invited as a trainee (None when it can).

    An invitation never changes a role, so only people who already are trainees, and nothing
    more, are invited; anyone else is refused with this reason in the import report.
    """
    if not user.is_active:
        return "Role mismatch: this account is not active."
    if user.is_superuser or user.is_staff or user_roles(user) & MFA_REQUIRED_ROLES:
        return (
            "Role mismatch: this account is a supervisor, coordinator or administrator, not a "
            "trainee. An invitation never changes anyone's role."
        )
    if not user_is_trainee(user):
        return (
            "Role mismatch: this account does not hold the trainee role. An invitation never "
            "changes anyone's role."
        )
    return None


def _invitation_email(*, invitation: Invitation, existing: bool) -> None:
    cohort, invited_by = invitation.cohort, invitation.invited_by
    link = settings.WAGTAILADMIN_BASE_URL + reverse("cohort_invitation", args=[invitation.token])
    inviter = invited_by.display_name if invited_by else "A coordinator"
    if existing:
        body = (
            f"{inviter} has invited you to the training cohort “{cohort.name}” on Attune.\n\n"
            "If you accept, the cohort's coordinators will see your progress: readiness, "
            "training record, certificates and hours (never the text of your reflective logs)."
            f"\n\nSign in and accept or decline here (for 30 days): {link}"
        )
    else:
        body = (
            f"{inviter} has invited you to the training cohort “{cohort.name}” on Attune.\n\n"
            f"Create your account here (the link works once, for 30 days): {link}"
        )
    outbox_enqueue(
        to_email=invitation.email,
        subject=f"You are invited to join {cohort.name} on Attune",
        body=body,
        dedupe_key=f"invitation-{invitation.pk}",
    )


def _invite(*, cohort: Cohort, email: str, name: str, invited_by: User, existing: bool) -> bool:
    """One pending invitation per cohort and address, emailed once; False when one existed."""
    invitation, created = Invitation.objects.get_or_create(
        cohort=cohort, email=email, defaults={"name": name, "invited_by": invited_by}
    )
    if created:
        _invitation_email(invitation=invitation, existing=existing)
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
    """Invite the people in a CSV of `name,email` rows.

    Nobody is added without answering: a new address gets a sign-up link, an existing trainee
    an invitation to accept or decline while signed in. Each row is checked on its own: bad
    rows are reported with their line and reason, good rows go in, and a row is either done
    completely or not at all. Running it again invites nobody twice.
    """
    if not user_can_view_cohort(invited_by, cohort):
        raise PermissionDenied
    report = ImportReport()
    seen: set[str] = set()
    for line, cells in _rows(text):
        if not any(cells):
            continue
        if line == 1 and [c.lower() for c in cells[:2]] == ["name", "email"]:
            continue
        if len(report.invited) + len(report.unchanged) + len(report.errors) >= MAX_IMPORT_ROWS:
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
                existing = User.objects.filter(email__iexact=email).first()
                if existing is not None:
                    if cohort.memberships.filter(trainee=existing).exists():
                        report.unchanged.append(email)
                        continue
                    reason = _role_mismatch(existing)
                    if reason:
                        report.errors.append((line, f"{email}: {reason}"))
                        continue
                invite = _invite(
                    cohort=cohort,
                    email=email,
                    name=name,
                    invited_by=invited_by,
                    existing=existing is not None,
                )
                (report.invited if invite else report.unchanged).append(email)
        except IntegrityError:
            report.errors.append((line, "This row could not be saved; please try it again."))
    return report


def _split_name(name: str) -> tuple[str, str]:
    first, _, last = name.strip().partition(" ")
    return first, last


def _answerable(*, token: str, user: User) -> Invitation | None:
    """The pending invitation behind `token`, locked, when it was sent to `user`."""
    invitation = (
        Invitation.objects.select_for_update().select_related("cohort").filter(token=token).first()
    )
    if (
        invitation is None
        or not invitation.is_usable
        or invitation.email.lower() != (user.email or "").lower()
    ):
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Invitation | None:
    """The signed-in person the invitation was sent to joins the cohort; only now do its
    coordinators see their progress. No role is given: a person who is not (only) a trainee
    cannot accept."""
    invitation = _answerable(token=token, user=user)
    if invitation is None or _role_mismatch(user):
        return None
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_at = invitation.answered_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["status", "accepted_at", "answered_at", "accepted_by"])
    CohortMembership.objects.get_or_create(cohort=invitation.cohort, trainee=user)
    if invitation.name and not user.first_name:
        first, last = _split_name(invitation.name)
        profile_update(user=user, first_name=first, last_name=last)
    return invitation


@transaction.atomic
def invitation_decline(*, token: str, user: User) -> Invitation | None:
    """The person the invitation was sent to says no; it cannot be used afterwards."""
    invitation = _answerable(token=token, user=user)
    if invitation is None:
        return None
    invitation.status = InvitationStatus.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    return invitation


@transaction.atomic
def cohort_enrol(*, cohort: Cohort, course, enrolled_by: User) -> int:
    """Enrol every trainee of the cohort in a published course; returns how many were new.

    Trainees already enrolled are left as they are, so running it twice enrols nobody twice.
    """

    if not user_can_view_cohort(enrolled_by, cohort):
        raise PermissionDenied
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


# Pairings. A pairing decides who reads a trainee's logs, so it changes only here: the actor
# coordinates the cohort, the trainee is a member who accepted, every change is audited, and
# an end date only ever comes closer (a pairing is never reopened).


def _audit_pairing(*, action: str, actor: User, assignment, cohort_id=None) -> None:

    PrivacyAuditEvent.objects.create(
        action=action,
        actor=actor,
        subject_ref=subject_ref(assignment.trainee),
        details={
            "assignment": assignment.pk,
            "cohort": cohort_id,
            "supervisor": assignment.supervisor_id,
            "starts_on": assignment.starts_on.isoformat(),
            "ends_on": assignment.ends_on.isoformat() if assignment.ends_on else None,
        },
    )


@transaction.atomic
def assignment_create(
    *,
    actor: User,
    cohort: Cohort,
    trainee: User,
    supervisor: User,
    starts_on,
    ends_on=None,
    kind: str = AssignmentKind.INDIVIDUAL,
    pair_anyway: bool = False,
) -> SupervisionAssignment:
    """Pair a member of `cohort` with a supervisor.

    PermissionDenied unless the actor coordinates the cohort and the trainee is its member;
    ValidationError for a non-supervisor, an overlap, or (unless `pair_anyway`) a supervisor
    whose RSC would not count toward the trainee's target.
    """
    if not user_can_view_cohort(actor, cohort):
        raise PermissionDenied
    if not cohort.memberships.filter(trainee_id=trainee.pk).exists():
        raise PermissionDenied
    assignment = SupervisionAssignment(
        supervisor=supervisor, trainee=trainee, starts_on=starts_on, ends_on=ends_on, kind=kind
    )
    # Every problem at once, the errors (an overlap) before the warning that can be waived,
    # so a coordinator does not fix one, send again and only then learn of the other.
    errors: dict[str, list[ValidationError]] = {}
    try:
        assignment.full_clean()
    except ValidationError as error:
        errors = {name: list(problems) for name, problems in error.error_dict.items()}
    target = getattr(getattr(trainee, "profile", None), "target_category", None)
    if (
        not pair_anyway
        and target is not None
        and starts_on is not None
        and "supervisor" not in errors
        and not provider_qualifies(supervisor, target, on=starts_on, applicant=trainee)
    ):
        errors.setdefault("supervisor", []).append(
            ValidationError(
                f"{supervisor.display_name} is not qualified in the provider "
                f"registry to give RSC that counts toward {target.code}, "
                f"{trainee.display_name}'s target. Choose another supervisor, or tick "
                "“Pair anyway”.",
                code=NOT_QUALIFIED,
            )
        )
    if errors:
        raise ValidationError(errors)
    assignment.save()
    _audit_pairing(
        action="assignment_create", actor=actor, assignment=assignment, cohort_id=cohort.pk
    )
    return assignment


@transaction.atomic
def assignment_end(
    *, actor: User, assignment: SupervisionAssignment, ends_on
) -> SupervisionAssignment:
    """End a pairing on `ends_on`; access that depended on it stops from the next request.

    PermissionDenied unless the actor coordinates a cohort the trainee accepted to join.
    ValidationError when the pairing has already ended (it is never reopened) or the new date
    would be later than an end already set.
    """
    assignment = SupervisionAssignment.objects.select_for_update().get(pk=assignment.pk)
    if not (user_can_manage_cohorts(actor) and user_coordinates_trainee(actor, assignment.trainee)):
        raise PermissionDenied
    if ends_on is None:
        raise ValidationError({"ends_on": "Choose the day the pairing ends."})
    today = timezone.localdate()
    if assignment.ends_on is not None and assignment.ends_on < today:
        raise ValidationError(
            {"ends_on": "This pairing has ended; it cannot be changed or reopened."}
        )
    if assignment.ends_on is not None and ends_on > assignment.ends_on:
        raise ValidationError(
            {"ends_on": "An end date can only be brought forward, never put back."}
        )
    assignment.ends_on = ends_on
    assignment.full_clean()
    assignment.save(update_fields=["ends_on"])
    _audit_pairing(action="assignment_end", actor=actor, assignment=assignment)
    return assignment
