"""What a sign-in session has proved: allauth's authentication records, read in one place.

allauth appends a record to the session for each step a person completes (a password, a second
factor, a re-authentication). The staff gate, the "second factor just before" decorator and the
tests all read those records through these functions, so there is one meaning of "this session
passed a second factor".
"""

import time
from functools import wraps

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

# How recent a second factor must be for actions that ask for one "just before".
RECENT_SECOND_FACTOR_SECONDS = 5 * 60


def user_has_second_factor(user) -> bool:
    """Whether the person has an authenticator that can serve as a second factor.

    Recovery codes alone do not count: allauth removes them with the last real authenticator.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        Authenticator.objects.filter(user_id=user.pk)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )


def session_passed_second_factor(request, *, within: float | None = None) -> bool:
    """Whether this session completed a second factor (in the last `within` seconds, if given).

    Any authenticator type counts (TOTP, recovery code, and passkeys once they are enabled).
    """
    records = get_authentication_records(request, request.user)
    now = time.time()
    return any(
        record.get("method") == "mfa" and (within is None or now - record.get("at", 0) <= within)
        for record in records
    )


def record_enrolment(request, authenticator: Authenticator) -> None:
    """A person who just enrolled an authenticator proved its code: count that as the factor."""
    record_authentication(
        request, request.user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
    )


def second_factor_required(view):
    """Ask for the second factor again unless the session passed one in the last five minutes."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not session_passed_second_factor(request, within=RECENT_SECOND_FACTOR_SECONDS):
            query = urlencode({"next": request.get_full_path()})
            if not user_has_second_factor(request.user):
                return redirect("mfa_activate_totp")
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return view(request, *args, **kwargs)

    return wrapped
