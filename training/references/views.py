"""The applicant's reference ratings, the rater's form (no account) and the reviewers' view."""

from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from training.cohorts.permissions import user_coordinates_trainee
from training.core.links import emailed_link_page
from training.core.submissions import submit_once
from training.users.models import User

from . import selectors
from .forms import InviteForm, RatingForm
from .models import ReferenceRequest, ReferenceStatus
from .permissions import user_can_ask_for_references, user_can_read_rating
from .ratings import AREAS, NEI_LIMIT, STATEMENTS
from .services import (
    rating_request_for_token,
    reference_complete,
    reference_invite,
    reference_resend,
    reference_revoke,
    references_locked,
)


def _applicant(request) -> User:
    if not user_can_ask_for_references(request.user):
        raise PermissionDenied("Reference ratings are for applicants (trainees).")
    return request.user


@login_required
def references_list(request):
    """The applicant's invitations: who, their status and whether each rating counts."""
    trainee = _applicant(request)
    return render(
        request,
        "references/references_list.html",
        {"rows": selectors.requests_of_applicant(trainee), "locked": references_locked(trainee)},
    )


@login_required
@submit_once(replay="references_list")
def references_invite(request):
    trainee = _applicant(request)
    locked = references_locked(trainee)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invited = reference_invite(trainee=trainee, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request, f"{invited.rater_name} is invited; the link is on its way by email."
            )
            return redirect("references_list")
    status = HTTPStatus.BAD_REQUEST if request.method == "POST" else HTTPStatus.OK
    return render(
        request,
        "references/references_invite.html",
        {"form": form, "locked": locked, "link_days": settings.ATTUNE_REFERENCE_LINK_DAYS},
        status=status,
    )


@login_required
def references_detail(request, pk: int):
    """A completed rating the applicant did not waive: its answers and comments."""
    found = ReferenceRequest.objects.select_related("rater_category").filter(pk=pk).first()
    if found is None or not user_can_read_rating(request.user, found):
        raise Http404
    return render(
        request,
        "references/references_detail.html",
        {
            "row": selectors.RequestRow(
                found,
                ReferenceStatus.COMPLETED,
                ReferenceStatus.COMPLETED.label,
                selectors.rating_verdict(found),
            ),
            "answers": selectors.answer_rows(found),
        },
    )


def _change(request, pk: int, service, done: str):
    trainee = _applicant(request)
    try:
        changed = service(trainee=trainee, request_id=pk)
    except ReferenceRequest.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done.format(name=changed.rater_name))
    return redirect("references_list")


@login_required
@require_POST
@submit_once(replay="references_list")
def references_resend(request, pk: int):
    return _change(
        request,
        pk,
        reference_resend,
        "A new link is on its way to {name}; the old one no longer works.",
    )


@login_required
@require_POST
def references_revoke(request, pk: int):
    return _change(
        request,
        pk,
        reference_revoke,
        "The invitation to {name} is withdrawn; its link no longer works.",
    )


@login_required
def references_of(request, user_id: int):
    """A coordinator of the applicant's cohort reads every request and rating, waived or not."""
    trainee = User.objects.filter(pk=user_id).first()
    if trainee is None or not user_coordinates_trainee(request.user, trainee):
        raise Http404
    rows = selectors.requests_for_reviewers(trainee)
    return render(
        request,
        "references/references_of.html",
        {
            "trainee": trainee,
            "rows": [(row, selectors.answer_rows(row.request)) for row in rows],
        },
    )


def _link_closed(request, status=HTTPStatus.NOT_FOUND):
    # One neutral page for unknown, expired and withdrawn links: it names nobody.
    return render(request, "references/rate_invalid.html", status=status)


# No CSRF token: with `Referrer-Policy: no-referrer` browsers send `Origin: null` on the POST,
# which Django's check refuses. The check would add nothing here anyway: the form acts for no
# signed-in person, and only someone holding the link's unguessable token can post to it.
@csrf_exempt
@emailed_link_page
def references_rate(request, token: str):
    """Where a rater's link lands: the form, once. Needs no account."""
    found = rating_request_for_token(token)
    if found is None:
        return _link_closed(request)
    if request.user.is_authenticated and request.user.pk == found.trainee_id:
        # The applicant opening her own rater's link: she cannot answer it (nor see it).
        return render(request, "references/rate_own.html", status=HTTPStatus.FORBIDDEN)
    status = found.status_on(timezone.now())
    if status == ReferenceStatus.COMPLETED:
        return render(request, "references/rate_used.html", status=HTTPStatus.GONE)
    if status != ReferenceStatus.WAITING:
        return _link_closed(request, HTTPStatus.GONE)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        completed = reference_complete(
            token=token,
            known_months=data["known_months"],
            answers=form.answers(),
            comments=data["comments"],
            rater_category=data["rater_category"],
            rater_endorsement_number=data["rater_endorsement_number"].strip(),
            rater_vetted=data["rater_vetted"],
        )
        if completed is None:
            # Answered (or withdrawn) in the moment between reading the row and locking it.
            return render(request, "references/rate_used.html", status=HTTPStatus.GONE)
        return redirect("references_rate_done")
    profile = getattr(found.trainee, "profile", None)
    context = {
        "form": form,
        "applicant_name": found.trainee.display_name,
        "category": profile.target_category if profile else None,
        "rater_name": found.rater_name,
        "closes_at": found.expires_at,
        "nei_limit": NEI_LIMIT,
        "areas": AREAS,
        "statement_count": len(STATEMENTS),
    }
    status = HTTPStatus.BAD_REQUEST if request.method == "POST" else HTTPStatus.OK
    return render(request, "references/rate.html", context, status=status)


@emailed_link_page
def references_rate_done(request):
    return render(request, "references/rate_done.html")
