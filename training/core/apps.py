import warnings

from django.apps import AppConfig
from django.db.models.signals import pre_save


class CoreConfig(AppConfig):
    """Cross-cutting safeguards: rich-text sanitising and image size limits."""

    name = "training.core"
    label = "core"
    verbose_name = "Core safeguards"

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image

        from . import sanitise

        # Refuse decompression bombs: Pillow only warns between MAX_IMAGE_PIXELS and twice it,
        # so the limit is set explicitly and the warning is an error wherever an image is opened.
        Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
        warnings.filterwarnings("error", category=Image.DecompressionBombWarning)
        pre_save.connect(sanitise.sanitise_rich_text_fields, dispatch_uid="core-sanitise-rich-text")
