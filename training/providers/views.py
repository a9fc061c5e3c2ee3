import datetime
import functools
from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from training.cohorts.permissions import trainee_ids_followed_by
from training.core.forms import is_id
from training.core.submissions import submit_once
from training.users.permissions import user_is_coordinator, user_is_trainee

from . import links, selectors, services
from .forms import CodeForm, OutsideProviderForm, ProviderVerifyForm, trainee_choices
from .models import OutsideProvider

# How long a confirmed code keeps a link open in the browser that confirmed it.
CONFIRMED_FOR = datetime.timedelta(minutes=60)
SESSION_KEY = "provider_links"


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _is_coordinator(user) -> bool:
    return user.is_superuser or user_is_coordinator(user)


def _provider_for(request, pk: int) -> OutsideProvider:
    """The provider, if the person may manage it: a trainee it serves, or a coordinator of
    one of its trainees. Anyone else gets 404 (its existence is not revealed)."""
    provider = (
        OutsideProvider.objects.select_related("account", "category").filter(pk=pk).first()
        if is_id(pk)
        else None
    )
    if provider is None:
        raise Http404
    user = request.user
    if provider.trainees.filter(pk=user.pk).exists():
        return provider
    if services.user_coordinates_provider(user, provider):
        return provider
    raise Http404


@login_required
def provider_list(request):
    user = request.user
    if _is_coordinator(user):
        rows = selectors.outside_providers_for_trainees(trainee_ids_followed_by(user))
        followed = trainee_ids_followed_by(user)
        providers = [
            (p, [t for t in p.trainees.all() if followed is None or t.pk in followed]) for p in rows
        ]
        return render(request, "providers/coordinator_list.html", {"providers": providers})
    if not user_is_trainee(user):
        raise PermissionDenied
    return render(
        request,
        "providers/list.html",
        {"providers": selectors.outside_providers_of(user)},
    )


@login_required
@submit_once(replay="providers:list")
def provider_add(request):
    user = request.user
    coordinator = _is_coordinator(user)
    if not (coordinator or user_is_trainee(user)):
        raise PermissionDenied
    trainees = trainee_choices(trainee_ids_followed_by(user)) if coordinator else None
    form = OutsideProviderForm(request.POST or None, trainees=trainees)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        trainee = data.pop("trainee", user)
        try:
            provider, created = services.outside_provider_add(
                trainee=trainee, added_by=user, **data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            name = provider.account.display_name
            if created:
                messages.success(request, f"{name} added. Choose them when you log a session.")
            else:
                messages.success(
                    request, f"{name} was already known to Attune and is now on the list."
                )
            return redirect("providers:list")
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    return render(request, "providers/form.html", {"form": form, "adding": True}, status=status)


@login_required
def provider_edit(request, pk: int):
    provider = _provider_for(request, pk)
    user = request.user
    if not services.user_may_correct_provider(user, provider):
        raise PermissionDenied
    account = provider.account
    initial = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        **{name: getattr(provider, name) for name in services.DETAIL_FIELDS},
    }
    form = OutsideProviderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.outside_provider_update(
                actor=user, provider_id=provider.pk, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Provider updated.")
            return redirect("providers:list")
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    context = {"form": form, "provider": provider, "adding": False}
    return render(request, "providers/form.html", context, status=status)


@login_required
@require_POST
def provider_remove(request, pk: int):
    provider = _provider_for(request, pk)
    services.outside_provider_remove(provider_id=provider.pk, trainee=request.user)
    messages.success(request, f"{provider.account.display_name} is off your list.")
    return redirect("providers:list")


@login_required
@submit_once(replay="providers:list")
def provider_verify(request, pk: int):
    provider = _provider_for(request, pk)
    if not services.user_coordinates_provider(request.user, provider):
        raise PermissionDenied
    form = ProviderVerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirmed"}
        try:
            services.outside_provider_verify(
                provider_id=provider.pk, coordinator=request.user, **data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                f"{provider.account.display_name}'s credential is recorded as checked; "
                "their RSC now counts where the category qualifies.",
            )
            return redirect("providers:list")
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    context = {"form": form, "provider": provider}
    return render(request, "providers/verify.html", context, status=status)


# --- the provider's side: a link, a code, then the purpose's own page -----------------------


def _link_page(view):
    """Never cached, and the link (in the address) never sent onwards."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapped


def _confirmed(request, link) -> bool:
    stamp = request.session.get(SESSION_KEY, {}).get(str(link.pk))
    if not stamp:
        return False
    try:
        at = datetime.datetime.fromisoformat(stamp)
    except ValueError:
        return False
    return timezone.now() - at < CONFIRMED_FOR


def _confirm(request, link) -> None:
    confirmed = dict(request.session.get(SESSION_KEY, {}))
    confirmed[str(link.pk)] = timezone.now().isoformat()
    request.session[SESSION_KEY] = confirmed
    request.session.cycle_key()


def link_closed(request, status=HTTPStatus.GONE):
    # One neutral page for unknown, expired, revoked and locked links: it names nobody.
    return render(request, "providers/link_closed.html", status=status)


def link_used(request):
    return render(request, "providers/link_used.html", status=HTTPStatus.GONE)


def _masked(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}•••@{domain}"


def _code_step(request, link):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "resend":
        sent = links.code_send(link_id=link.pk)
        form = CodeForm()
        if sent:
            messages.info(request, "We sent a new code.")
        else:
            messages.info(request, "A code was sent a moment ago: check your inbox first.")
    elif request.method == "POST" and form.is_valid():
        if links.code_confirm(link_id=link.pk, code=form.cleaned_data["code"]):
            _confirm(request, link)
            return redirect(request.path)
        link.refresh_from_db()
        if links.link_state(link) != links.LinkState.OPEN:
            return link_closed(request)
        if not links.code_is_waiting(link):
            form.add_error("code", "That code has expired. Send a new one below.")
        else:
            left = links.MAX_CODE_FAILURES - link.code_failures
            form.add_error(
                "code", f"That code is not right. {left} tr{'y' if left == 1 else 'ies'} left."
            )
    elif request.method == "GET" and not links.code_is_waiting(link):
        links.code_send(link_id=link.pk)
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    context = {"form": form, "masked_email": _masked(link.email)}
    return render(request, "providers/link_code.html", context, status=status)


def provider_link_view(purpose: str):
    """Wrap the page a provider's link opens for `purpose`: it runs only for an open link whose
    one-time code this browser confirmed, and is called as `view(request, link)`.

    No CSRF token: with `Referrer-Policy: no-referrer` browsers send `Origin: null` on the
    POST, which Django's check refuses; the pages act for no signed-in person, and only someone
    holding the link's unguessable token and its emailed code can post to them."""

    def decorator(view):
        @csrf_exempt
        @_link_page
        @functools.wraps(view)
        def wrapped(request, token: str):
            link = links.link_for_token(token)
            if link is None or link.purpose != purpose:
                return link_closed(request, HTTPStatus.NOT_FOUND)
            state = links.link_state(link)
            if state == links.LinkState.USED:
                return link_used(request)
            if state != links.LinkState.OPEN:
                return link_closed(request)
            if not _confirmed(request, link):
                return _code_step(request, link)
            return view(request, link)

        return wrapped

    return decorator
