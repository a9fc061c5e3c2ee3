"""The benchmark's reference request: the cheapest page the full middleware stack can serve.

Installed with training.scale only (dev and test settings, never production). `make bench`
times it anonymously and signed in as a trainee, and prints every page as a multiple of both.
"""

from django.http import HttpResponse


def reference(request):
    return HttpResponse("ok", content_type="text/plain")
