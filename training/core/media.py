"""Public media on a single host: course images, served by the app itself with DEBUG off.

Only Wagtail's image folders are public. Documents go through Wagtail's own serve view (which
checks collection privacy), private files through the views that authorise them, and with
ATTUNE_STORAGE=s3 media URLs point at the bucket, so this route is not mounted at all.
"""

from django.conf import settings
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.static import serve

PUBLIC_FOLDERS = ("original_images/", "images/")


def public_media(request, path: str):
    if not path.startswith(PUBLIC_FOLDERS):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    patch_cache_control(response, public=True, max_age=86400)
    return response
