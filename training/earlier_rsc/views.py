"""A trainee's earlier RSC, the coordinators' verification queue, and the provider's link page."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from training.cohorts.permissions import trainee_ids_followed_by
from training.core.files import private_file_response
from training.core.forms import is_id
from training.core.submissions import submit_once
from training.providers import links
from training.providers.models import LinkPurpose
from training.providers.views import provider_link_view
from training.users.permissions import user_is_coordinator, user_is_trainee

from . import selectors, services
from .enums import EDITABLE_STATES, EarlierState
from .forms import AttestForm, DocumentForm, EarlierRscForm, ReturnForm, VerifyForm
from .models import EarlierRsc

PER_PAGE = 50


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _is_coordinator(user) -> bool:
    return user.is_superuser or user_is_coordinator(user)


def user_can_verify_earlier_rsc(user, record: EarlierRsc) -> bool:
    """A coordinator of one of the trainee's cohorts, never the trainee herself."""
    return services.user_coordinates_record(user, record)


def _record(pk) -> EarlierRsc:
    record = (
        EarlierRsc.objects.select_related("trainee", "provider").filter(pk=pk).first()
        if is_id(pk)
        else None
    )
    if record is None:
        raise Http404
    return record


def _own_record(request, pk) -> EarlierRsc:
    record = _record(pk)
    if record.trainee_id != request.user.pk:
        raise Http404
    return record


def _trainee(request) -> None:
    if not user_is_trainee(request.user):
        raise PermissionDenied


@login_required
def earlier_list(request):
    _trainee(request)
    records = selectors.earlier_rsc_of(request.user)
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "earlier_rsc/list.html",
        {"page_obj": page, "editable": EDITABLE_STATES, "states": EarlierState},
    )


def _facts_form(request, record: EarlierRsc | None):
    _trainee(request)
    initial = {}
    if record is not None:
        initial = {name: getattr(record, name) for name in services.FACT_FIELDS}
    form = EarlierRscForm(
        request.POST or None,
        initial=initial,
        providers=services.provider_choices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.earlier_rsc_save(
                trainee=request.user,
                record_id=record.pk if record else None,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                "Saved. Now ask your provider to confirm it, or upload a document they signed.",
            )
            return redirect("earlier_rsc:list")
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    context = {"form": form, "record": record}
    return render(request, "earlier_rsc/form.html", context, status=status)


@login_required
@submit_once(replay="earlier_rsc:list")
def earlier_add(request):
    return _facts_form(request, None)


@login_required
def earlier_edit(request, pk: int):
    record = _own_record(request, pk)
    if record.state not in EDITABLE_STATES:
        raise PermissionDenied
    return _facts_form(request, record)


@login_required
@require_POST
@submit_once(replay="earlier_rsc:list")
def earlier_ask(request, pk: int):
    record = _own_record(request, pk)
    _trainee(request)
    try:
        services.earlier_rsc_ask_provider(record_id=record.pk, trainee=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"We emailed {record.provider.display_name} a link to confirm these hours. "
            "It works once.",
        )
    return redirect("earlier_rsc:list")


@login_required
def earlier_upload(request, pk: int):
    record = _own_record(request, pk)
    _trainee(request)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.earlier_rsc_upload(
                record_id=record.pk, trainee=request.user, document=form.cleaned_data["document"]
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Uploaded. A coordinator will check it against the record.")
            return redirect("earlier_rsc:list")
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    context = {"form": form, "record": record}
    return render(request, "earlier_rsc/upload.html", context, status=status)


@login_required
def earlier_document(request, pk: int):
    """The signed document as a download: for the trainee and her cohorts' coordinators."""
    record = _record(pk)
    user = request.user
    if not (user.pk == record.trainee_id or user_can_verify_earlier_rsc(user, record)):
        raise Http404
    if not record.document:
        raise Http404
    extension = record.document.name.rsplit(".", 1)[-1]
    return private_file_response(record.document, filename=f"earlier-rsc-{pk}.{extension}")


@login_required
def earlier_queue(request):
    if not _is_coordinator(request.user):
        raise PermissionDenied
    records = selectors.earlier_rsc_queue(trainee_ids=trainee_ids_followed_by(request.user))
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "earlier_rsc/queue.html", {"page_obj": page})


def _verifiable(request, pk) -> EarlierRsc:
    record = _record(pk)
    if not user_can_verify_earlier_rsc(request.user, record):
        raise Http404
    return record


def _review_page(request, record, *, verify_form=None, return_form=None):
    forms_given = verify_form is not None or return_form is not None
    context = {
        "record": record,
        "verify_form": verify_form or VerifyForm(),
        "return_form": return_form or ReturnForm(),
        "waiting": record.state == EarlierState.WAITING_COORDINATOR,
    }
    status = HTTPStatus.BAD_REQUEST if forms_given else HTTPStatus.OK
    return render(request, "earlier_rsc/review.html", context, status=status)


@login_required
def earlier_review(request, pk: int):
    return _review_page(request, _verifiable(request, pk))


@login_required
@require_POST
def earlier_verify(request, pk: int):
    record = _verifiable(request, pk)
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.earlier_rsc_verify(
                record_id=record.pk,
                coordinator=request.user,
                checked_on=form.cleaned_data["checked_on"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, f"{record.trainee.display_name}'s earlier RSC is verified; it counts."
            )
            return redirect("earlier_rsc:queue")
    return _review_page(request, record, verify_form=form)


@login_required
@require_POST
def earlier_return(request, pk: int):
    record = _verifiable(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.earlier_rsc_return(
                record_id=record.pk, coordinator=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"Returned to {record.trainee.display_name}.")
            return redirect("earlier_rsc:queue")
    return _review_page(request, record, return_form=form)


@provider_link_view(LinkPurpose.EARLIER_RSC)
def attest(request, link):
    """The provider confirms or declines one record: only its facts, nothing else."""
    record = EarlierRsc.objects.select_related("trainee").filter(pk=link.target_id).first()
    if (
        record is None
        or record.provider_id != link.provider_id
        or record.state != EarlierState.WAITING_PROVIDER
    ):
        return render(request, "providers/link_closed.html", status=HTTPStatus.GONE)
    if request.user.is_authenticated and request.user.pk == record.trainee_id:
        # Holding her provider's link and code does not make her the provider.
        raise PermissionDenied
    form = AttestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attested = bool(form.cleaned_data["attested"])
        note = form.cleaned_data["note"]
        if request.POST.get("action") == "attest" and not attested:
            form.add_error("attested", "Tick the box to confirm, or decline with a note below.")
        else:
            try:
                done = services.earlier_rsc_attest(
                    link=link, attest=request.POST.get("action") == "attest", note=note
                )
            except ValidationError as error:
                _form_errors(form, error)
            except links.LinkRefused:
                return render(request, "providers/link_used.html", status=HTTPStatus.GONE)
            else:
                return render(request, "earlier_rsc/attest_done.html", {"record": done})
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    return render(
        request, "earlier_rsc/attest.html", {"form": form, "record": record}, status=status
    )
