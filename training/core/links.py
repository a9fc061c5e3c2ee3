"""Pages opened from a link in an email, for someone with no account (a rater, a provider)."""

import functools


def emailed_link_page(view):
    """Never cached, and the address (which holds the link's token) never sent onwards."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapped
