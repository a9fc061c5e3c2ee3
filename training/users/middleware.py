"""Request gates that must hold on every path: admin access by role, and MFA for staff roles."""

import time

from allauth.usersessions.middleware import UserSessionsMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

from .mfa import session_passed_second_factor, user_has_second_factor
from .permissions import (
    user_can_access_cms,
    user_can_access_django_admin,
    user_is_staff_role,
    user_must_use_mfa,
)

WAGTAIL_ADMIN_PREFIX = "/admin/"
DJANGO_ADMIN_PREFIX = "/django-admin/"


class AdminAccessMiddleware:
    """Signed-in people without an admin role get 403 on every admin URL.

    Anonymous visitors fall through to the admins' own redirects, which lead to allauth's login.
    It runs after the MFA gate (a view-level hook, placed after it in MIDDLEWARE), so a session
    without its second factor is ended before anything about roles is answered.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if user.is_authenticated:
            path = request.path_info
            if path.startswith(WAGTAIL_ADMIN_PREFIX) and not user_can_access_cms(user):
                raise PermissionDenied("The authoring area is for coordinators.")
            if path.startswith(DJANGO_ADMIN_PREFIX) and not user_can_access_django_admin(user):
                raise PermissionDenied("The site administration is for administrators.")
        return None


# Views a person who must still enrol a second factor may open: enrolment itself (allauth asks
# for the password again first) and signing out. Exact view names, nothing by prefix.
MFA_ENROLMENT_VIEWS = frozenset({"mfa_activate_totp", "account_reauthenticate", "account_logout"})


class RequireMFAMiddleware:
    """Supervisors, coordinators and administrators reach nothing without a second factor.

    A session passes only when allauth recorded that it completed a second factor. A person
    with an authenticator whose session did not (it was opened by a password alone, whatever
    the path) is signed out and sent to allauth's sign-in, which asks for the code. A person
    without one may only enrol it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not user_must_use_mfa(user):
            return None
        if session_passed_second_factor(request):
            return None
        match = request.resolver_match
        view_name = match.view_name if match else ""
        if user_has_second_factor(user):
            if view_name == "account_logout":
                return None
            logout(request)
            messages.info(request, "Sign in with your password and your authenticator code.")
            return redirect(f"{settings.LOGIN_URL_PATH}?{urlencode({'next': request.path})}")
        if view_name in MFA_ENROLMENT_VIEWS:
            return None
        messages.info(
            request,
            "Supervisors and coordinators protect their accounts with an authenticator app. "
            "Set one up to continue.",
        )
        return redirect("mfa_activate_totp")


class PrivatePagesNoStoreMiddleware:
    """Pages shown to a signed-in person are never kept by browsers or shared caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


LAST_SEEN_KEY = "attune_last_seen"
# How often a signed-in person's activity is written down: the sessions page and the idle
# timeout need minutes, not milliseconds, and a write on every request costs a commit each time.
ACTIVITY_RESOLUTION_SECONDS = 60


class UserSessionActivityMiddleware(UserSessionsMiddleware):
    """allauth's session tracking, writing a session's last activity at most once a minute.

    allauth updates the `UserSession` row on every request; a cache key per session lets the
    requests in between skip that write. A new session key (every login) is tracked at once.
    """

    def __call__(self, request):
        session = getattr(request, "session", None)
        key = session.session_key if session is not None else None
        if (
            key
            and request.user.is_authenticated
            and not cache.add(f"usersession-seen:{key}", True, ACTIVITY_RESOLUTION_SECONDS)
        ):
            return self.get_response(request)
        return super().__call__(request)


class StaffIdleTimeoutMiddleware:
    """Supervisors and coordinators are signed out after a spell of inactivity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user_is_staff_role(user):
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY)
            limit = settings.ATTUNE_STAFF_IDLE_MINUTES * 60
            if last_seen is not None and now - last_seen > limit:
                logout(request)
                messages.info(request, "You were signed out after a period of inactivity.")
                return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
            if last_seen is None or now - last_seen >= ACTIVITY_RESOLUTION_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
