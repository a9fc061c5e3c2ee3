"""Thin adapters: find the log the person may see (or 404), call one service, respond."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from training.core import verdicts
from training.core.forms import MAX_ID, is_id
from training.core.submissions import submit_once
from training.providers.links import LinkRefused
from training.providers.models import LinkPurpose
from training.providers.views import provider_link_view

from . import deid, selectors, services
from .enums import LogState
from .exports import export_csv, export_pdf
from .forms import (
    AddendumForm,
    AttendanceSignForm,
    CommentForm,
    DeidConfirmForm,
    GroupSessionForm,
    LinkSignOffForm,
    LogForm,
    ReturnForm,
    SignOffForm,
    findings_fingerprint,
)
from .models import AttendanceSignOff, ReflectiveLog, SupervisionSession
from .permissions import (
    user_can_edit_log,
    user_can_read_log,
    user_can_review_log,
    user_can_review_logs,
    user_can_sign_addendum,
    user_can_write_logs,
    user_is_facilitator,
    user_is_log_reviewer,
    user_is_log_trainee,
)


def _log_for(request, pk: int, predicate=user_can_read_log) -> ReflectiveLog:
    """The log, or the same 404 as for one that does not exist."""
    if pk > MAX_ID:
        raise Http404
    log = ReflectiveLog.objects.select_related("trainee", "session__provider").filter(pk=pk).first()
    if log is None or not predicate(request.user, log):
        raise Http404
    return log


def _posted(request):
    """The submitted data on POST (even when empty, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def _require(predicate, user) -> None:
    if not predicate(user):
        raise PermissionDenied


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Trainee pages


@login_required
def log_list(request):
    _require(user_can_write_logs, request.user)
    # Why each log counted or did not is readiness's word, registered with core at startup.
    why = verdicts.verdicts_for("rsc", trainee=request.user)
    attended = verdicts.verdicts_for("rsc_attendance", trainee=request.user)
    attendance = list(selectors.trainee_attendance(trainee=request.user))
    context = {
        "attended_sessions": {row.session_id for row in attendance},
        "rows": [(log, why.get(log.pk)) for log in selectors.trainee_logs(trainee=request.user)],
        "attendance": [(row, attended.get(row.pk)) for row in attendance],
        "group_sessions": selectors.group_sessions_to_log(trainee=request.user),
        "rsc_hours": selectors.rsc_hours(rows=selectors.signed_rsc_rows(trainee=request.user)),
    }
    return render(request, "reflective_logs/log_list.html", context)


def _save_log(request, form, *, log=None, session=None):
    """Create or update from a valid form; returns the log, or None with errors on the form."""
    data = {
        "sections": form.sections(),
        "competencies": form.cleaned_data["competencies"],
        "about_providing_rsc": form.cleaned_data["about_providing_rsc"],
        "session_fields": form.session_fields(),
    }
    try:
        if log is None:
            return services.log_create(trainee=request.user, session=session, **data)
        return services.log_update(
            log_id=log.pk,
            trainee=request.user,
            expected_version=form.cleaned_data["version"] or 0,
            **data,
        )
    except ValidationError as error:
        _form_errors(form, error)
    except services.LogActionRefused as error:
        form.add_error(None, str(error))
    return None


def _submitting(request) -> bool:
    return request.method == "POST" and "check" in request.POST


def _after_save(request, form, log):
    """A saved draft stays a draft; on submit it goes straight through when the
    de-identification check flags nothing (or the trainee confirmed what it flagged), else the
    same form shows what it flagged."""
    if not _submitting(request):
        messages.success(request, "Draft saved.")
        return redirect("reflective_logs:edit", pk=log.pk)
    findings = deid.find_in_log(log)
    try:
        _finish(request, log, deid_confirmed=form.deid_confirmed_for(findings))
    except services.NeedsDeidCheck:
        return redirect(reverse("reflective_logs:edit", args=[log.pk]) + "?check=1#deid-check")
    except services.LogActionRefused as error:
        messages.error(request, str(error))
        return redirect("reflective_logs:edit", pk=log.pk)
    return redirect("reflective_logs:detail", pk=log.pk)


def _finish(request, log, *, deid_confirmed: bool) -> None:
    """Submit the log, or keep peer consultation in the trainee's own record."""
    peer = log.session.is_peer
    # Peer consultation is kept in the trainee's own record; everything else is sent.
    (services.log_keep if peer else services.log_submit)(
        log_id=log.pk, trainee=request.user, deid_confirmed=deid_confirmed
    )
    _say_sent(request, peer=peer)


def _say_sent(request, *, peer: bool) -> None:
    if peer:
        messages.success(
            request,
            "Kept in your own record. Peer consultation is sent to nobody and does not "
            "count toward RSC.",
        )
    else:
        messages.success(request, "Submitted. Your supervisor has been told it is waiting.")


def _deid_context(log) -> dict:
    """What the check flagged in a saved log, highlighted in place, for the form to show."""
    findings = deid.find_in_log(log)
    if not findings:
        return {}
    sections = [
        (name, label, deid.highlight(text, [f for f in findings if f.section == name]))
        for name, label, text in log.sections()
        if any(f.section == name for f in findings)
    ]
    return {
        "findings": findings,
        "flagged_sections": sections,
        "deid_shown": findings_fingerprint(findings),
    }


@login_required
@submit_once(replay="reflective_logs:list")
def log_create(request):
    _require(user_can_write_logs, request.user)
    session = None
    if session_id := request.GET.get("session"):
        session = (
            selectors.group_sessions_to_log(trainee=request.user)
            .filter(pk=int(session_id) if is_id(session_id) else 0)
            .first()
        )
        if session is None:
            raise Http404
    form = LogForm(
        _posted(request), trainee=request.user, session=session, submitting=_submitting(request)
    )
    if request.method == "POST" and form.is_valid():
        log = _save_log(request, form, session=session)
        if log is not None:
            return _after_save(request, form, log)
    status = 400 if form.errors else 200
    context = {"form": form, "session": session}
    return render(request, "reflective_logs/log_form.html", context, status=status)


@login_required
def log_edit(request, pk: int):
    log = _log_for(request, pk, user_is_log_trainee)
    if not user_can_edit_log(request.user, log):
        return redirect("reflective_logs:detail", pk=log.pk)
    form = LogForm(
        _posted(request),
        instance=log,
        trainee=request.user,
        session=log.session,
        submitting=_submitting(request),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid() and (saved := _save_log(request, form, log=log)):
            return _after_save(request, form, saved)
        status = 409 if any("another tab" in e for e in form.non_field_errors()) else 400
    context = {
        "form": form,
        "log": log,
        "session": log.session,
        "comments_by_section": selectors.comments_by_section(log=log),
    }
    if request.method == "GET" and request.GET.get("check"):
        # Sent back from submit: what the check flagged, beside the text to change.
        context |= _deid_context(log)
    return render(request, "reflective_logs/log_form.html", context, status=status)


@login_required
@submit_once(replay="reflective_logs:list")
def log_discard(request, pk: int):
    """Asks, then throws away a draft (or a log returned for changes): never a sent or signed
    one."""
    log = _log_for(request, pk, user_is_log_trainee)
    if not user_can_edit_log(request.user, log):
        if request.method == "POST":
            messages.error(request, "Only a draft or a log returned to you can be discarded.")
        return redirect("reflective_logs:detail", pk=log.pk)
    if request.method == "POST":
        try:
            services.log_discard(log_id=log.pk, trainee=request.user)
        except services.LogActionRefused as error:
            messages.error(request, str(error))
            return redirect("reflective_logs:detail", pk=log.pk)
        what = "Draft" if log.state == LogState.DRAFT else "Log"
        messages.success(request, f"{what} discarded.")
        return redirect("reflective_logs:list")
    return render(request, "reflective_logs/log_discard.html", {"log": log})


@login_required
@require_POST
def log_autosave(request, pk: int):
    """Saves a draft in the background; a stale tab gets 409 and keeps its text on screen."""
    log = _log_for(request, pk, user_is_log_trainee)
    if not user_can_edit_log(request.user, log):
        return JsonResponse({"error": "This log can no longer be edited."}, status=409)
    form = LogForm(request.POST, instance=log, trainee=request.user, session=log.session)
    if not form.is_valid():
        return JsonResponse({"error": "Not saved yet: some fields need attention."}, status=400)
    try:
        saved = services.log_update(
            log_id=log.pk,
            trainee=request.user,
            expected_version=form.cleaned_data["version"] or 0,
            sections=form.sections(),
            competencies=form.cleaned_data["competencies"],
            about_providing_rsc=form.cleaned_data["about_providing_rsc"],
            session_fields=form.session_fields(),
        )
    except services.StaleLog as error:
        return JsonResponse({"error": str(error)}, status=409)
    except (ValidationError, services.LogActionRefused):
        return JsonResponse({"error": "Not saved yet: some fields need attention."}, status=400)
    saved_at = timezone.localtime(saved.updated_at).strftime("%H:%M")
    return JsonResponse({"version": saved.version, "saved_at": saved_at})


@login_required
def log_check(request, pk: int):
    """The de-identification check, then submit. The form now shows the check itself (see
    `_after_save`); this page answers a link or a tab opened before that."""
    log = _log_for(request, pk, user_is_log_trainee)
    if not user_can_edit_log(request.user, log):
        return redirect("reflective_logs:detail", pk=log.pk)
    if request.method != "POST":
        return redirect(reverse("reflective_logs:edit", args=[log.pk]) + "?check=1#deid-check")
    form = DeidConfirmForm(_posted(request))
    findings = deid.find_in_log(log)
    status = 200
    peer = log.session.is_peer
    if request.method == "POST" and form.is_valid():
        try:
            # Peer consultation is kept in the trainee's own record; everything else is sent.
            (services.log_keep if peer else services.log_submit)(
                log_id=log.pk,
                trainee=request.user,
                deid_confirmed=form.cleaned_data["confirmed"],
            )
        except services.NeedsDeidCheck:
            form.add_error("confirmed", "Edit the highlighted details or confirm you checked them.")
            status = 400
        except services.LogActionRefused as error:
            form.add_error(None, str(error))
            status = 400
        else:
            _say_sent(request, peer=peer)
            return redirect("reflective_logs:detail", pk=log.pk)
    sections = [
        (
            name,
            label,
            deid.highlight(text, [f for f in findings if f.section == name]),
        )
        for name, label, text in log.sections()
        if text
    ]
    context = {"log": log, "form": form, "findings": findings, "sections": sections}
    return render(request, "reflective_logs/log_check.html", context, status=status)


def _outside_link_state(log) -> dict:
    """For a log sent to an outside provider: whether a link is open (to resend or withdraw)."""
    if log.state != "submitted" or not selectors.sent_to_outside_provider(log):
        return {}
    return {"outside_provider": True, "open_link": selectors.open_review_link(log)}


@login_required
def log_detail(request, pk: int):
    log = _log_for(request, pk, user_is_log_trainee)
    context = {
        **_outside_link_state(log),
        "signed_via": selectors.signed_via(log),
        "log": log,
        "comments_by_section": selectors.comments_by_section(log=log),
        "addenda": log.addenda.all(),
        "addendum_form": AddendumForm(),
        "can_edit": user_can_edit_log(request.user, log),
    }
    return render(request, "reflective_logs/log_detail.html", context)


@login_required
@require_POST
@submit_once(replay="reflective_logs:detail")
def provider_link_change(request, pk: int, action: str):
    """The trainee sends her outside provider a fresh link, or withdraws the open one."""
    log = _log_for(request, pk, user_is_log_trainee)
    try:
        if action == "resend":
            services.provider_link_resend(log_id=log.pk, trainee=request.user)
            messages.success(request, "A new link is on its way; the earlier one no longer works.")
        elif action == "revoke":
            services.provider_link_revoke(log_id=log.pk, trainee=request.user)
            messages.success(request, "The link is withdrawn: it opens nothing now.")
        else:
            raise Http404
    except services.LogActionRefused as error:
        messages.error(request, str(error))
    return redirect("reflective_logs:detail", pk=log.pk)


@login_required
def signed_by_me(request):
    """A provider's archive: every session they signed, as dates and minutes (no text), for
    one supervisee with ?trainee=<id>. Someone they never signed for is the same 404 as nobody."""
    people = selectors.trainees_signed_for(request.user)
    chosen = None
    if (raw := request.GET.get("trainee")) is not None:
        chosen = next((p.trainee for p in people if is_id(raw) and p.trainee.pk == int(raw)), None)
        if chosen is None:
            raise Http404
    rows = selectors.sessions_signed_by(request.user, trainee_id=chosen.pk if chosen else None)
    context = {
        "rows": rows,
        "people": people,
        "chosen": chosen,
        "readable": selectors.current_supervisee_ids(supervisor=request.user),
    }
    return render(request, "reflective_logs/signed_by_me.html", context)


@login_required
@require_POST
@submit_once(replay="reflective_logs:detail")
def addendum_create(request, pk: int):
    log = _log_for(request, pk, user_is_log_trainee)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            services.addendum_add(log_id=log.pk, trainee=request.user, **form.cleaned_data)
        except services.LogActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Correction added; your supervisor will sign it.")
            return redirect("reflective_logs:detail", pk=log.pk)
    context = {
        "log": log,
        "comments_by_section": selectors.comments_by_section(log=log),
        "addenda": log.addenda.all(),
        "addendum_form": form,
        "can_edit": False,
    }
    return render(request, "reflective_logs/log_detail.html", context, status=400)


@login_required
def export(request, fmt: str):
    _require(user_can_write_logs, request.user)
    exporters = {"pdf": export_pdf, "csv": export_csv}
    if fmt not in exporters:
        raise Http404
    return exporters[fmt](trainee=request.user)


# Supervisor pages


@login_required
def review_queue(request):
    _require(user_can_review_logs, request.user)
    context = {
        "queue": selectors.review_queue(supervisor=request.user),
        "overdue_days": settings.ATTUNE_REVIEW_OVERDUE_DAYS,
    }
    return render(request, "reflective_logs/review_queue.html", context)


def _render_review(request, log, *, status=200, **forms):
    services.log_record_view(log=log, viewer=request.user)
    can_review = user_can_review_log(request.user, log)
    context = {
        "log": log,
        # What the trainee confirmed as safe before submitting, for a second look before signing.
        "deid_findings": deid.find_in_log(log) if can_review else [],
        "comments_by_section": selectors.comments_by_section(log=log),
        "addenda": log.addenda.all(),
        "can_review": can_review,
        # A group session's attendance carries the trainee's minutes; the log adds none.
        "hours_in_attendance": log.session.attendance.filter(trainee_id=log.trainee_id).exists(),
        "can_sign_addendum": user_can_sign_addendum(request.user, log),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "return_form": forms.get("return_form") or ReturnForm(),
        "sign_off_form": forms.get("sign_off_form") or SignOffForm(),
    }
    return render(request, "reflective_logs/review.html", context, status=status)


@login_required
def review(request, pk: int):
    return _render_review(request, _log_for(request, pk, user_is_log_reviewer))


def _to_next_waiting(request, log, done: str):
    """After a decision, straight on to the oldest log still waiting, or back to the queue."""
    following = selectors.next_waiting_log(supervisor=request.user, after=log)
    if following is None:
        messages.success(request, f"{done} Nothing else waits for you.")
        return redirect("reflective_logs:queue")
    messages.success(request, f"{done} Next waiting: the log by {following.trainee.display_name}.")
    return redirect("reflective_logs:review", pk=following.pk)


def _review_action(request, pk, form_class, form_name, action, done: str, *, decides=False):
    log = _log_for(request, pk, user_is_log_reviewer)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(log, form.cleaned_data)
        except services.LogActionRefused as error:
            form.add_error(None, str(error))
        else:
            if decides:
                return _to_next_waiting(request, log, done)
            messages.success(request, done)
            return redirect("reflective_logs:review", pk=log.pk)
    return _render_review(request, log, status=400, **{form_name: form})


@login_required
@require_POST
@submit_once(replay="reflective_logs:review")
def review_comment(request, pk: int):
    return _review_action(
        request,
        pk,
        CommentForm,
        "comment_form",
        lambda log, data: services.log_comment(log_id=log.pk, reviewer=request.user, **data),
        "Comment added.",
    )


@login_required
@require_POST
def review_return(request, pk: int):
    return _review_action(
        request,
        pk,
        ReturnForm,
        "return_form",
        lambda log, data: services.log_return(log_id=log.pk, reviewer=request.user, **data),
        "Returned to the trainee with your request.",
        decides=True,
    )


@login_required
@require_POST
def review_sign_off(request, pk: int):
    return _review_action(
        request,
        pk,
        SignOffForm,
        "sign_off_form",
        lambda log, data: services.log_sign_off(log_id=log.pk, reviewer=request.user, **data),
        "Signed off. The log is locked and its hours count.",
        decides=True,
    )


@login_required
@require_POST
def addendum_sign(request, pk: int, addendum_pk: int):
    log = _log_for(request, pk, user_is_log_reviewer)
    addendum = log.addenda.filter(pk=min(addendum_pk, MAX_ID + 1)).first()
    if addendum is None:
        raise Http404
    try:
        services.addendum_sign(addendum_id=addendum.pk, reviewer=request.user)
    except services.LogActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Correction signed.")
    return redirect("reflective_logs:review", pk=log.pk)


@login_required
@submit_once(replay="reflective_logs:group_sessions")
def group_session_create(request):
    _require(user_can_review_logs, request.user)
    form = GroupSessionForm(_posted(request), supervisor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            sessions = services.sessions_record_group_series(
                provider=request.user, dates=form.dates(), **form.service_fields()
            )
        except ValidationError as error:
            _form_errors(form, error)
        except services.LogActionRefused as error:
            form.add_error(None, str(error))
        else:
            signed = "signed" if form.cleaned_data["sign_now"] else "waiting for your signature"
            if len(sessions) == 1:
                messages.success(
                    request,
                    f"Group session recorded; its attendance is {signed}. Each attendee can "
                    "write a log about it.",
                )
                return redirect("reflective_logs:group_session", session_pk=sessions[0].pk)
            messages.success(
                request,
                f"{len(sessions)} group sessions recorded; their attendance is {signed}.",
            )
            return redirect("reflective_logs:group_sessions")
    status = 400 if form.errors else 200
    return render(request, "reflective_logs/group_session_form.html", {"form": form}, status=status)


# An outside provider's page: the link emailed to them, once its one-time code is confirmed.


@provider_link_view(LinkPurpose.LOG_REVIEW)
def provider_review(request, link):
    log = (
        ReflectiveLog.objects.select_related("trainee", "session__provider")
        .filter(pk=link.target_id)
        .first()
    )
    if log is None or log.session.provider_id != link.provider_id:
        raise Http404
    if request.user.is_authenticated and request.user.pk == log.trainee_id:
        raise PermissionDenied  # the trainee opening her own provider's link
    reviewer = link.provider
    forms = {}
    if request.method == "POST":
        action = request.POST.get("action")
        form_class, call, done = {
            "comment": (
                CommentForm,
                lambda data: services.log_comment(
                    log_id=log.pk, reviewer=reviewer, link=link, **data
                ),
                "Comment added. Sign off or return the log when you are ready.",
            ),
            "return": (
                ReturnForm,
                lambda data: services.log_return(
                    log_id=log.pk, reviewer=reviewer, link=link, **data
                ),
                "Returned with your request. The trainee will send it to you again.",
            ),
            "sign_off": (
                LinkSignOffForm,
                lambda data: services.log_sign_off(
                    log_id=log.pk, reviewer=reviewer, link=link, **data
                ),
                "Signed off. The log is locked and its hours are recorded.",
            ),
        }.get(action, (None, None, None))
        if form_class is None:
            raise Http404
        form = form_class(request.POST)
        if form.is_valid():
            try:
                call(form.cleaned_data)
            except (services.LogActionRefused, LinkRefused) as error:
                form.add_error(None, str(error))
            else:
                if action == "comment":
                    messages.success(request, done)
                    return redirect(request.path)
                context = {"done": done, "log_ref": log.pk}
                return render(request, "reflective_logs/provider_done.html", context)
        forms[f"{action}_form"] = form
    log.refresh_from_db()
    if log.state != "submitted":
        return render(
            request, "providers/link_used.html", status=410
        )  # acted on meanwhile (in another tab)
    services.log_record_view(log=log, viewer=reviewer)
    context = {
        "log": log,
        "comments_by_section": selectors.comments_by_section(log=log),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "return_form": forms.get("return_form") or ReturnForm(),
        "sign_off_form": forms.get("sign_off_form") or LinkSignOffForm(),
        "deid_findings": deid.find_in_log(log),
    }
    status = 400 if forms else 200
    return render(request, "reflective_logs/provider_review.html", context, status=status)


@login_required
def group_sessions(request):
    """The facilitator's group sessions, those waiting for her attendance sign-off first."""
    _require(user_can_review_logs, request.user)
    context = {
        "to_sign": selectors.attendance_to_sign(facilitator=request.user),
        "sessions": selectors.facilitator_group_sessions(facilitator=request.user)[:200],
    }
    return render(request, "reflective_logs/group_sessions.html", context)


def _facilitated_session(request, session_pk: int) -> SupervisionSession:
    """The group session this facilitator ran, or the same 404 as for one that does not exist."""
    if session_pk > MAX_ID:
        raise Http404
    session = SupervisionSession.objects.select_related("provider").filter(pk=session_pk).first()
    if session is None or not user_is_facilitator(request.user, session):
        raise Http404
    return session


def _render_session(request, session, *, form=None, status=200):
    rows = selectors.session_attendance(session=session)
    sign_off = AttendanceSignOff.objects.filter(session=session).select_related("signer").first()
    if form is None and sign_off is None and rows:
        form = AttendanceSignForm(session=session, rows=[row for row, _ in rows])
    context = {"session": session, "rows": rows, "sign_off": sign_off, "form": form}
    return render(request, "reflective_logs/group_session.html", context, status=status)


@login_required
def group_session(request, session_pk: int):
    return _render_session(request, _facilitated_session(request, session_pk))


@login_required
@require_POST
def group_session_sign(request, session_pk: int):
    """Sign the attendance (a second click finds it signed and changes nothing)."""
    session = _facilitated_session(request, session_pk)
    if AttendanceSignOff.objects.filter(session=session).exists():
        messages.info(request, "This attendance is already signed.")
        return redirect("reflective_logs:group_session", session_pk=session.pk)
    rows = [row for row, _ in selectors.session_attendance(session=session)]
    form = AttendanceSignForm(request.POST, session=session, rows=rows)
    if form.is_valid():
        try:
            services.attendance_sign(
                session_id=session.pk,
                signer=request.user,
                attested=form.cleaned_data["attested"],
                attendee_minutes=form.attendee_minutes(),
            )
        except ValidationError as error:
            _form_errors(form, error)
        except services.LogActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Attendance signed. Each attendee's minutes now count.")
            return redirect("reflective_logs:group_session", session_pk=session.pk)
    return _render_session(request, session, form=form, status=400)
