"""Request gates that must hold on every path: admin access by role, and MFA for staff roles."""

import time

from allauth.mfa.models import Authenticator
from allauth.usersessions.middleware import UserSessionsMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from .permissions import (
    user_can_access_cms,
    user_can_access_django_admin,
    user_is_staff_role,
    user_must_use_mfa,
)

WAGTAIL_ADMIN_PREFIX = "/admin/"
DJANGO_ADMIN_PREFIX = "/django-admin/"

# Pages a person who must still set up MFA may open.
MFA_SETUP_URL_NAMES = frozenset({"account_logout", "account_reauthenticate", "account_login"})


class AdminAccessMiddleware:
    """Signed-in people without an admin role get 403 on every admin URL.

    Anonymous visitors fall through to the admins' own redirects, which lead to allauth's login.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            path = request.path_info
            if path.startswith(WAGTAIL_ADMIN_PREFIX) and not user_can_access_cms(user):
                raise PermissionDenied("The authoring area is for coordinators.")
            if path.startswith(DJANGO_ADMIN_PREFIX) and not user_can_access_django_admin(user):
                raise PermissionDenied("The site administration is for administrators.")
        return self.get_response(request)


def user_has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireMFAMiddleware:
    """Supervisors and coordinators without an authenticator are sent to set one up first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not user_must_use_mfa(user):
            return None
        match = request.resolver_match
        url_name = (match.url_name or "") if match else ""
        if url_name.startswith("mfa_") or url_name in MFA_SETUP_URL_NAMES:
            return None
        if user_has_totp(user):
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
