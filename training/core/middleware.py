"""Request guards that run before any view or middleware reads the body."""

import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import NoReverseMatch

logger = logging.getLogger(__name__)


def request_max_bytes(path: str) -> int:
    """The largest body accepted at `path`: the longest matching prefix in
    ATTUNE_REQUEST_MAX_BYTES_BY_PATH, else ATTUNE_REQUEST_MAX_BYTES."""
    limit = settings.ATTUNE_REQUEST_MAX_BYTES
    longest = -1
    for prefix, prefix_limit in settings.ATTUNE_REQUEST_MAX_BYTES_BY_PATH.items():
        if path.startswith(prefix) and len(prefix) > longest:
            limit, longest = prefix_limit, len(prefix)
    return limit


def bad_request(message: str) -> HttpResponseBadRequest:
    """A 400 page in the site's layout saying what was wrong (rendered without the request:
    these answers come before sessions and sign-in are read)."""
    return HttpResponseBadRequest(render_to_string("400.html", {"message": message}))


class RequestSizeLimitMiddleware:
    """Answer 413 to a body declared larger than the path allows, without reading any of it.

    Django reads at most CONTENT_LENGTH bytes (a chunked body without a length is read as
    empty under WSGI), so the declared length is the whole story here; the reverse proxy's
    client_max_body_size should match the largest limit (see the README).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse(
                "The request's Content-Length is not a number.",
                status=400,
                content_type="text/plain",
            )
        limit = request_max_bytes(request.path_info)
        if length > limit:
            return HttpResponse(
                f"This request is too large: at most {filesizeformat(limit)} can be sent here.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


# The largest key any table here can hold (a signed 64-bit integer); SQLite cannot even compare
# a larger number (OverflowError), so a path id beyond it names nothing.
MAX_PATH_INT = 2**63 - 1
NUL = "\x00"


class HostileInputMiddleware:
    """Input no page can use is answered with a clear 4xx before a view or the database sees it.

    - A NUL character in the path, the query string or a form field (PostgreSQL cannot store or
      compare one): 400 with a message saying so. Cookies holding one are ignored.
    - An integer path parameter beyond the database's range (any `<int:...>` route, ours or
      the admins'): 404, as for any other id that names nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [name for name, value in request.COOKIES.items() if NUL in value + name]:
            del request.COOKIES[name]
        if NUL in request.path_info or self._has_nul(request.GET) or self._post_has_nul(request):
            return bad_request(
                "Something you sent contains a NUL character (\\0), which no field here "
                "accepts. It usually comes from text pasted from a binary file: remove it and "
                "try again."
            )
        return self.get_response(request)

    @staticmethod
    def _has_nul(query) -> bool:
        return any(NUL in key or any(NUL in v for v in values) for key, values in query.lists())

    def _post_has_nul(self, request) -> bool:
        if request.method != "POST":
            return False
        if self._has_nul(request.POST):
            return True
        return any(NUL in (upload.name or "") for upload in request.FILES.values())

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and value > MAX_PATH_INT:
                raise Http404("No such record.")
        if request.path_info.startswith(WAGTAIL_ADMIN_PREFIX):
            # Wagtail routes ids as strings (`<str:pk>`) and looks them up unchecked: every
            # primary key here is a number, so anything else names nothing.
            for name, value in view_kwargs.items():
                if _is_id_name(name) and isinstance(value, str) and not _is_id_text(name, value):
                    raise Http404("No such record.")
        return None

    def process_exception(self, request, exception):
        """Deleting what other records protect is refused with 409 saying what holds it (any
        admin; Wagtail's user delete view does not catch it). A malformed request to the
        Wagtail admin (a form field it expects missing, an unusable `next`) trips Wagtail's own
        views; answer 400 and log it in full."""
        if isinstance(exception, ProtectedError | RestrictedError):
            held = getattr(exception, "protected_objects", None) or exception.restricted_objects
            kinds = sorted({str(obj._meta.verbose_name_plural) for obj in held})
            response = bad_request(
                "This cannot be deleted while other records refer to it ("
                + ", ".join(kinds[:6])
                + "). Signed and reviewed records are kept; end or reassign what you can instead."
            )
            response.status_code = 409
            return response
        if request.path_info.startswith(WAGTAIL_ADMIN_PREFIX) and isinstance(
            exception, ADMIN_MALFORMED_REQUEST_ERRORS
        ):
            logger.error("Malformed request to the Wagtail admin", exc_info=exception)
            return bad_request(
                "This request is missing something the page needs, or has a value it cannot use."
            )
        return None


WAGTAIL_ADMIN_PREFIX = "/admin/"
# What Wagtail's admin views raise when a request lacks the fields they read or carries a value
# they cannot use; anything else (a real fault) stays a 500.
ADMIN_MALFORMED_REQUEST_ERRORS = (
    AttributeError, KeyError, ValueError, TypeError, NoReverseMatch, ValidationError,
)  # fmt: skip
_REVISION_WORDS = frozenset({"live", "earliest"})
_ID_TEXT = re.compile(r"[0-9]{1,19}")


def _is_id_name(name: str) -> bool:
    return (
        name in ("pk", "id", "object_id")
        or name.endswith(("_id", "_pk"))
        or (name.startswith("revision_id_"))
    )


def _is_id_text(name: str, value: str) -> bool:
    if name.startswith("revision_id_") and value in _REVISION_WORDS:
        return True
    return _ID_TEXT.fullmatch(value) is not None and int(value) <= MAX_PATH_INT
