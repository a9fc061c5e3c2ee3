"""Request guards that run before any view or middleware reads the body."""

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat


def request_max_bytes(path: str) -> int:
    """The largest body accepted at `path`: the longest matching prefix in
    ATTUNE_REQUEST_MAX_BYTES_BY_PATH, else ATTUNE_REQUEST_MAX_BYTES."""
    limit = settings.ATTUNE_REQUEST_MAX_BYTES
    longest = -1
    for prefix, prefix_limit in settings.ATTUNE_REQUEST_MAX_BYTES_BY_PATH.items():
        if path.startswith(prefix) and len(prefix) > longest:
            limit, longest = prefix_limit, len(prefix)
    return limit


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
