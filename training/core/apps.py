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

        # Refuse decompression bombs: Pillow raises above twice this many pixels.
        Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS // 2
        pre_save.connect(sanitise.sanitise_rich_text_fields, dispatch_uid="core-sanitise-rich-text")
