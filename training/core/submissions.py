"""One request's worth of effect per form submission, however often it is sent.

Every create-type form carries a one-time key (`{% submission_key %}` renders it). The view is
wrapped in `@submit_once(...)`: the first request with a key inserts a receipt and runs; a
repeat (double click, a resent POST, twenty at once) waits for the first to commit on the
receipt's unique constraint and is redirected to the first one's result instead of running
again. A POST without a key (an old page, a script) is keyed by a fingerprint of what it sent,
so identical posts within FINGERPRINT_WINDOW count once too.
"""

import functools
import hashlib
import re
import secrets
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import SubmissionReceipt

FIELD = "submission_key"
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Identical posts without a key this close together are one submission sent twice.
FINGERPRINT_WINDOW = timedelta(minutes=2)
IGNORED_FIELDS = frozenset({"csrfmiddlewaretoken", FIELD})
REPLAY_MESSAGE = "That form was already sent; this is what it did."


def new_key() -> str:
    return secrets.token_urlsafe(24)


def _fingerprint(request, scope: str) -> str:
    digest = hashlib.sha256(scope.encode())
    for name in sorted(set(request.POST) - IGNORED_FIELDS):
        for value in request.POST.getlist(name):
            digest.update(f"\0{name}\0{value}".encode(errors="replace"))
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest.update(f"\0{name}\0{upload.name}\0{upload.size}".encode(errors="replace"))
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return "f:" + digest.hexdigest()


def submission_key_for(request, scope: str) -> tuple[str, bool]:
    """The receipt key for this POST, and whether it is a fingerprint (which expires)."""
    posted = request.POST.get(FIELD, "")
    if KEY_PATTERN.fullmatch(posted):
        return "k:" + posted, False
    return _fingerprint(request, scope), True


def _claim(*, user, scope: str, key: str, expires: bool) -> SubmissionReceipt | None:
    """Insert the receipt (None when this submission was already made)."""
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return SubmissionReceipt.objects.create(user=user, scope=scope, key=key)
        except IntegrityError:
            pass
        if not expires:
            return None
        # A fingerprint older than the window is a new submission with the same content.
        stale = SubmissionReceipt.objects.filter(
            user=user,
            scope=scope,
            key=key,
            created_at__lt=timezone.now() - FINGERPRINT_WINDOW,
        )
        if not stale.delete()[0]:
            return None
    return None


def _replay_url(name: str, kwargs: dict) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return reverse(name)


def _is_redirect(response) -> bool:
    return response.status_code in (301, 302, 303, 307, 308) and response.has_header("Location")


def submit_once(replay: str):
    """Decorate a POST view so each submission takes effect once.

    `replay` names the page (reversed with the view's own URL arguments) a repeat is sent to
    when the first response was not itself a redirect.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method != "POST" or not request.user.is_authenticated:
                return view(request, *args, **kwargs)
            scope = f"{view.__module__}.{view.__name__}:{request.get_full_path()}"[:200]
            key, expires = submission_key_for(request, scope)
            with transaction.atomic():
                receipt = _claim(user=request.user, scope=scope, key=key, expires=expires)
                if receipt is None:
                    first = SubmissionReceipt.objects.filter(
                        user=request.user, scope=scope, key=key
                    ).first()
                    messages.info(request, REPLAY_MESSAGE)
                    return redirect(
                        (first.result_url if first else "") or _replay_url(replay, kwargs)
                    )
                response = view(request, *args, **kwargs)
                if _is_redirect(response):
                    receipt.result_url = response["Location"][:500]
                    receipt.save(update_fields=["result_url"])
                elif 200 <= response.status_code < 300:
                    receipt.result_url = _replay_url(replay, kwargs)
                    receipt.save(update_fields=["result_url"])
                else:
                    # Refused or invalid: nothing took effect, the same form may be sent again.
                    receipt.delete()
            return response

        wrapped.submit_once = True
        return wrapped

    return decorator


def person_lock(user) -> None:
    """Hold this person's row until the transaction ends: their "only one at a time" writes
    (one pending export, one record per identical submission) queue instead of racing.

    Call inside `transaction.atomic`; on SQLite the write lock already serialises writers.
    """
    from django.contrib.auth import get_user_model

    # NO KEY UPDATE queues these writers among themselves without blocking the key-share locks
    # that rows merely pointing at the person (a receipt, an outbox message) take.
    people = get_user_model().objects.select_for_update(no_key=True)
    people.filter(pk=user.pk).values_list("pk").first()
