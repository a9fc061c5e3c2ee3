"""Attune's customisations of allauth: one account adapter, one MFA adapter."""

from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit
from allauth.core.internal.httpkit import clean_client_ip
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied

from . import secrets_box
from .enums import Role
from .mfa import user_has_second_factor

# Failed sign-ins to one account from every address together (ACCOUNT_RATE_LIMITS).
LOGIN_FAILED_ACCOUNT = "login_failed_account"


def site_url(path: str = "") -> str:
    """An absolute link to Attune, from its configured address, never from the request."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _rebased(value: str, request_origin: str) -> str:
    """`value` with the request's scheme and host replaced by the configured address."""
    if not request_origin or not value.startswith(request_origin):
        return value
    base = urlsplit(site_url())
    parts = urlsplit(value)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, parts.fragment))


class AccountAdapter(DefaultAccountAdapter):
    """New sign-ups start as trainees; sign-in limits per account and address; safe links."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            from .services import profile_get_or_create, user_grant_role

            user_grant_role(user=user, role=Role.TRAINEE)
            profile_get_or_create(user=user)
        return user

    # --- Sign-in limits -------------------------------------------------------------------
    # allauth counts failures per client address and per "key". The key here is the account
    # *and* the address, so failures from an attacker's address never lock the person out
    # elsewhere. A third limit counts failures on the account from every address together
    # (a guesser with many addresses); when it is reached, an account with a second factor
    # can still sign in with the right password followed by its code, the others wait.

    def _login_of(self, credentials) -> str:
        return credentials.get("email", credentials.get("username", "")).lower()

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        return f"{self._login_of(credentials)}|{ratelimit.get_ip(request)}"

    def pre_authenticate(self, request, **credentials) -> None:
        super().pre_authenticate(request, **credentials)
        self._account_rl_usage = ratelimit.consume(
            request,
            app="allauth.account",
            action=LOGIN_FAILED_ACCOUNT,
            key=self._login_of(credentials),
        )

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        usage = getattr(self, "_account_rl_usage", None)
        if usage is not None:
            if user is not None:
                usage.rollback()
            return user
        # Too many failures on this account from everywhere.
        if user is not None and user_has_second_factor(user):
            return user
        raise self.validation_error("too_many_login_attempts")

    def get_client_ip(self, request) -> str:
        """The client's address: REMOTE_ADDR, or what the configured trusted proxies say.

        allauth would answer 500 to a request whose X-Forwarded-For has fewer entries than the
        trusted proxy count; such a request is taken from REMOTE_ADDR instead.
        """
        header = settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER
        count = settings.ALLAUTH_TRUSTED_PROXY_COUNT
        if header:
            candidate = request.headers.get(header)
        else:
            chain = [ip.strip() for ip in request.headers.get("x-forwarded-for", "").split(",")]
            chain = [ip for ip in chain if ip]
            candidate = chain[-count] if count and len(chain) >= count else None
        ip = clean_client_ip(candidate) if candidate else None
        ip = ip or clean_client_ip(request.META.get("REMOTE_ADDR", ""))
        if not ip:
            raise PermissionDenied("Unable to determine the client address.")
        return ip

    # --- Links in emails ------------------------------------------------------------------

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every allauth email links to the configured address, whatever Host a request sent."""
        request = allauth_context.request
        origin = request.build_absolute_uri("/")[:-1] if request is not None else ""
        context = {
            key: _rebased(value, origin) if isinstance(value, str) else value
            for key, value in context.items()
        }
        context["current_site"] = SimpleNamespace(
            name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(site_url()).netloc
        )
        super().send_mail(template_prefix, email, context)


class MFAAdapter(DefaultMFAAdapter):
    """Authenticator secrets (TOTP keys, recovery-code seeds) are stored encrypted."""

    def encrypt(self, text: str) -> str:
        return secrets_box.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return secrets_box.decrypt(encrypted_text)

    def _get_site_name(self) -> str:
        return settings.WAGTAIL_SITE_NAME
