from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from training.applications.enums import CLOSED_STATUSES, ApplicationStatus
from training.applications.workflow import (
    application_endorse,
    application_exam,
    application_return,
    application_review,
    application_start,
    application_submit,
    move_refusal,
    next_statuses,
)
from training.core.forms import MAX_ID
from training.core.submissions import submit_once
from training.readiness.selectors import readiness_for, requirement_rows
from training.reflective_logs.selectors import group_sessions_by_facilitator
from training.reports.progress import APPLICATION_FILTERS, FILTERS, TableState
from training.reports.selectors import cohort_charts
from training.users.models import SupervisionAssignment, User

from . import selectors
from .exports import cohort_export_csv, cohort_export_xlsx
from .forms import (
    ApplicationEndorseForm,
    ApplicationNoteForm,
    ApplicationReturnForm,
    ApplicationStartForm,
    ApplicationSubmitForm,
    CohortForm,
    EnrolForm,
    InviteForm,
    PairingEndForm,
    PairingForm,
    error_summary,
)
from .models import Cohort, Invitation
from .permissions import user_can_manage_cohorts, user_can_view_cohort, user_coordinates_trainee
from .services import (
    INVITATION_SESSION_KEY,
    assignment_create,
    assignment_end,
    cohort_create,
    cohort_enrol,
    cohort_import_csv,
    invitation_accept,
    invitation_decline,
)

ROWS_PER_PAGE = 100


def _cohort_for(request, pk: int) -> Cohort:
    """The cohort, or the same 404 for one that is not the user's as for one that is not."""
    cohort = Cohort.objects.filter(pk=pk).first() if pk <= MAX_ID else None
    if cohort is None or not user_can_view_cohort(request.user, cohort):
        raise Http404
    return cohort


def _render_cohort(request, cohort, *, invite_form=None, enrol_form=None, report=None, status=200):
    table = TableState.from_query(request.GET)
    everyone = list(selectors.cohort_trainee_rows(cohort=cohort))
    rows = table.apply(everyone)
    context = {
        "cohort": cohort,
        "table": table,
        "charts": cohort_charts(cohort=cohort, rows=everyone),
        "filters": FILTERS,
        "application_filters": APPLICATION_FILTERS,
        "trainee_total": cohort.memberships.count(),
        "page_obj": Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page")),
        "invitations": cohort.invitations.open()[:50],
        "invite_form": invite_form or InviteForm(),
        "pairings": selectors.cohort_pairings(cohort=cohort),
        "today": timezone.localdate(),
        "enrol_form": enrol_form or EnrolForm(),
        "report": report,
    }
    return render(request, "cohorts/cohort_detail.html", context, status=status)


@login_required
@submit_once(replay="cohort_list")
def cohort_list(request):
    if not user_can_manage_cohorts(request.user):
        raise PermissionDenied
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cohort = cohort_create(coordinator=request.user, **form.cleaned_data)
        messages.success(request, f"Cohort “{cohort.name}” created.")
        return redirect("cohort_detail", pk=cohort.pk)
    cohorts = selectors.cohorts_for(user=request.user)
    return render(request, "cohorts/cohort_list.html", {"cohorts": cohorts, "form": form})


@login_required
def cohort_detail(request, pk: int):
    return _render_cohort(request, _cohort_for(request, pk))


@login_required
def cohort_group_sessions(request, pk: int):
    """Group sessions the cohort's trainees attended, per facilitator: dates, minutes, how many
    of the cohort attended and whether the attendance is signed. Never a log, never a name of
    an attendee."""
    cohort = _cohort_for(request, pk)
    trainee_ids = cohort.memberships.values_list("trainee_id", flat=True)
    context = {
        "cohort": cohort,
        "facilitators": group_sessions_by_facilitator(trainee_ids=list(trainee_ids)),
    }
    return render(request, "cohorts/cohort_group_sessions.html", context)


@login_required
def cohort_export(request, pk: int, fmt: str):
    cohort = _cohort_for(request, pk)
    exporters = {"csv": cohort_export_csv, "xlsx": cohort_export_xlsx}
    if fmt not in exporters:
        raise Http404
    return exporters[fmt](cohort=cohort, actor=request.user)


@login_required
@require_POST
@submit_once(replay="cohort_detail")
def cohort_invite(request, pk: int):
    cohort = _cohort_for(request, pk)
    form = InviteForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_cohort(request, cohort, invite_form=form, status=400)
    report = cohort_import_csv(
        cohort=cohort, text=form.cleaned_data["text"], invited_by=request.user
    )
    return _render_cohort(request, cohort, report=report)


@login_required
@submit_once(replay="cohort_pair")
def cohort_pair(request, pk: int):
    """Pair a member of the cohort with a supervisor, on a page of its own: a refusal comes
    back with every problem summarised at the top, the errors before the warning."""
    cohort = _cohort_for(request, pk)
    form = PairingForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            assignment_create(actor=request.user, cohort=cohort, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.error_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, "The trainee and supervisor are paired.")
            return redirect(reverse("cohort_detail", args=[cohort.pk]) + "#pairings-heading")
    context = {
        "cohort": cohort,
        "form": form,
        "summary": error_summary(form) if form.is_bound else [],
        "supervisors": selectors.supervisors_with_caseload(),
    }
    status = 400 if form.is_bound else 200
    return render(request, "cohorts/cohort_pairing.html", context, status=status)


@login_required
@require_POST
@submit_once(replay="cohort_detail")
def cohort_pairing_end(request, pk: int, assignment_pk: int):
    """End one of the cohort's pairings, today unless another day is sent (the service checks
    the coordinator and the dates)."""
    cohort = _cohort_for(request, pk)
    assignment = (
        SupervisionAssignment.objects.filter(
            pk=min(assignment_pk, MAX_ID + 1), trainee__cohorts=cohort
        )
        .select_related("trainee", "supervisor")
        .first()
    )
    if assignment is None:
        raise Http404
    form = PairingEndForm(request.POST)
    if form.is_valid():
        try:
            ended = assignment_end(
                actor=request.user, assignment=assignment, ends_on=form.cleaned_data["ends_on"]
            )
        except ValidationError as error:
            for problem in error.messages:
                messages.error(request, problem)
        else:
            messages.success(
                request,
                f"The pairing of {assignment.trainee.display_name} with "
                f"{assignment.supervisor.display_name} ends on {ended.ends_on:%-d %b %Y}.",
            )
    else:
        messages.error(request, "Choose the day the pairing ends.")
    return redirect(reverse("cohort_detail", args=[cohort.pk]) + "#pairings-heading")


@login_required
@require_POST
@submit_once(replay="cohort_detail")
def cohort_enrol_course(request, pk: int):
    cohort = _cohort_for(request, pk)
    form = EnrolForm(request.POST)
    if form.is_valid():
        course = form.cleaned_data["course"]
        try:
            added = cohort_enrol(cohort=cohort, course=course, enrolled_by=request.user)
        except ValidationError as error:
            form.add_error("course", error.messages)
        else:
            messages.success(
                request,
                f"{added} trainee{'s' if added != 1 else ''} newly enrolled in “{course.title}”.",
            )
            return redirect("cohort_detail", pk=cohort.pk)
    return _render_cohort(request, cohort, enrol_form=form, status=400)


# --- one trainee's endorsement application -------------------------------------------------

S = ApplicationStatus


@dataclass(frozen=True)
class Move:
    """A form on the application page: the status it moves to (None: start one), its form,
    its heading and its button."""

    to_status: str | None
    form_class: type
    heading: str
    button: str


MOVES = {
    "start": Move(None, ApplicationStartForm, "Start an application", "Start the application"),
    "submit": Move(
        S.SUBMITTED, ApplicationSubmitForm, "Record the submission", "Record as submitted"
    ),
    "review": Move(
        S.UNDER_REVIEW, ApplicationNoteForm, "The association reviews it", "Record as under review"
    ),
    "exam": Move(S.EXAM, ApplicationNoteForm, "On to the exam", "Record as at the exam"),
    "endorse": Move(
        S.ENDORSED, ApplicationEndorseForm, "Record the endorsement", "Record the endorsement"
    ),
    "return": Move(
        S.RETURNED, ApplicationReturnForm, "Returned by the association", "Record as returned"
    ),
}
MOVE_FOR_STATUS = {move.to_status: key for key, move in MOVES.items() if move.to_status}


def _trainee_for(request, cohort: Cohort, user_pk: int) -> User:
    """A trainee of this cohort whom the user coordinates, or the same 404 as for nobody."""
    found = (
        User.objects.filter(pk=user_pk, cohorts=cohort).select_related("profile").first()
        if user_pk <= MAX_ID
        else None
    )
    if found is None or not user_coordinates_trainee(request.user, found):
        raise Http404
    return found


def _application_state(trainee: User, viewer: User) -> dict:
    applications = selectors.trainee_applications(trainee=trainee)
    latest = applications[0] if applications else None
    current = latest if latest and latest.status not in CLOSED_STATUSES else None
    # Judge against the application's category while one is open, else the trainee's target.
    readiness = readiness_for(
        trainee=trainee, category=current.category if current else None, viewer=viewer
    )
    report = readiness.report
    return {
        "applications": applications,
        "latest": latest,
        "current": current,
        "readiness": readiness,
        "ready": bool(report and report.ready),
        "moves": [MOVE_FOR_STATUS[s] for s in next_statuses(current)] if current else ["start"],
    }


def _move_form(key: str, state: dict, trainee: User, data=None):
    kwargs = {"prefix": key}
    if key == "submit":
        kwargs["ready"] = state["ready"]
    if key == "start":
        profile = getattr(trainee, "profile", None)
        kwargs["initial"] = {"category": profile.target_category_id if profile else None}
    return MOVES[key].form_class(data, **kwargs)


def _render_application(request, cohort, trainee, state, *, bound=None, problem="", status=200):
    bound = bound or {}
    forms = [
        (key, MOVES[key], bound.get(key) or _move_form(key, state, trainee))
        for key in state["moves"]
    ]
    readiness = state["readiness"]
    report = readiness.report
    context = {
        "cohort": cohort,
        "trainee": trainee,
        "forms": forms,
        "problem": problem,
        "requirement_rows": [
            r for r in requirement_rows(report, readiness.voice) if r.state != "met"
        ],
        "met_count": sum(1 for r in report.results if r.met) if report else 0,
        "total_count": len(report.results) if report else 0,
        **state,
    }
    return render(request, "cohorts/cohort_application.html", context, status=status)


def _apply_move(key: str, *, actor, trainee, current, data: dict):
    if key == "start":
        return application_start(actor=actor, trainee=trainee, category=data["category"])
    if key == "submit":
        note = ""
        if data.get("incomplete_ok"):
            note = f"Submitted on {data['on']:%-d %b %Y}, recorded although not ready to apply."
        return application_submit(actor=actor, application=current, on=data["on"], note=note)
    if key == "review":
        return application_review(actor=actor, application=current, note=data["note"])
    if key == "exam":
        return application_exam(actor=actor, application=current, note=data["note"])
    if key == "endorse":
        return application_endorse(
            actor=actor, application=current, on=data["on"], number=data["number"]
        )
    return application_return(actor=actor, application=current, reason=data["reason"])


@login_required
@submit_once(replay="cohort_application")
def cohort_application(request, pk: int, user_pk: int):
    """One trainee's application: its status, its history, the readiness verdict and the
    forms for the moves that are legal now."""
    cohort = _cohort_for(request, pk)
    trainee = _trainee_for(request, cohort, user_pk)
    state = _application_state(trainee, request.user)
    if request.method != "POST":
        return _render_application(request, cohort, trainee, state)
    key = request.POST.get("move", "")
    if key not in MOVES:
        return _render_application(
            request, cohort, trainee, state, problem="Choose one of the forms.", status=400
        )
    current = state["current"]
    if key != "start":
        problem = (
            move_refusal(current, MOVES[key].to_status)
            if current
            else "There is no open application to move: start one first."
        )
        if problem:
            return _render_application(request, cohort, trainee, state, problem=problem, status=400)
    form = _move_form(key, state, trainee, data=request.POST)
    if form.is_valid():
        try:
            moved = _apply_move(
                key,
                actor=request.user,
                trainee=trainee,
                current=current,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # The status changed under the page (another tab, a colleague): say so.
                return _render_application(
                    request,
                    cohort,
                    trainee,
                    _application_state(trainee, request.user),
                    problem=" ".join(error.messages),
                    status=400,
                )
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            if key == "start" and current is not None:
                messages.info(request, "This trainee already has an open application.")
            else:
                messages.success(
                    request, f"Saved: the application is {moved.get_status_display().lower()}."
                )
            return redirect("cohort_application", pk=cohort.pk, user_pk=trainee.pk)
    problem = "" if key in state["moves"] else "The application has moved on; nothing changed."
    return _render_application(
        request, cohort, trainee, state, bound={key: form}, problem=problem, status=400
    )


def invitation(request, token: str):
    """Where an invitation link lands: accept or decline, sign in first, or create the account."""
    found = Invitation.objects.select_related("cohort").filter(token=token).first()
    if found is None:
        raise Http404
    if not found.is_usable:
        return render(request, "cohorts/invitation_used.html", status=410)
    if request.user.is_authenticated:
        if found.email.lower() != request.user.email.lower():
            # Someone else's link: say nothing about the cohort or the person.
            return render(request, "cohorts/invitation_not_yours.html", status=403)
        if request.method == "POST":
            if request.POST.get("answer") == "decline":
                if invitation_decline(token=token, user=request.user):
                    messages.info(request, f"You declined the invitation to {found.cohort.name}.")
                    return redirect("dashboard")
            elif invitation_accept(token=token, user=request.user):
                messages.success(request, f"You joined {found.cohort.name}.")
                return redirect("dashboard")
            messages.error(
                request,
                "This invitation is for trainees only, and this account holds another role. "
                "An invitation never changes anyone's role; ask the coordinator.",
            )
            return render(request, "cohorts/invitation.html", {"invitation": found}, status=403)
        return render(request, "cohorts/invitation.html", {"invitation": found})
    if User.objects.filter(email__iexact=found.email).exists():
        return redirect(f"{reverse('account_login')}?next={request.path}")
    # The link proves the address: allauth will not ask to verify it again.
    get_adapter(request).stash_verified_email(request, found.email)
    request.session[INVITATION_SESSION_KEY] = token
    messages.info(request, f"Create your account with {found.email} to join {found.cohort.name}.")
    return redirect(reverse("account_signup"))
