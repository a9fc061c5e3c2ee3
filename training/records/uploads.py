"""Certificate uploads: only PDF, PNG and JPEG, recognised by their content, never by name."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

# content type: (extension, magic bytes at the start)
ALLOWED_TYPES = {
    "application/pdf": (".pdf", b"%PDF-"),
    "image/png": (".png", b"\x89PNG\r\n\x1a\n"),
    "image/jpeg": (".jpg", b"\xff\xd8\xff"),
}
PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def certificate_max_bytes() -> int:
    return getattr(settings, "ATTUNE_CERTIFICATE_MAX_BYTES", DEFAULT_MAX_BYTES)


def _sniff(head: bytes) -> str | None:
    for content_type, (_ext, magic) in ALLOWED_TYPES.items():
        if head.startswith(magic):
            return content_type
    return None


def _too_many_pixels() -> ValidationError:
    from PIL import Image

    return ValidationError(
        f"This image has more than {Image.MAX_IMAGE_PIXELS // 1_000_000} million pixels. "
        "Please upload a smaller scan, or the certificate as a PDF.",
        code="too_many_pixels",
    )


def certificate_validate(upload) -> str:
    """Return the file's real content type, or raise a ValidationError saying what is wrong."""
    limit = certificate_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            f"This file is {filesizeformat(upload.size)}; certificates can be at most "
            f"{filesizeformat(limit)}. Try a smaller scan or a PDF.",
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    content_type = _sniff(head)
    if content_type is None:
        raise ValidationError(
            "This file is not a PDF, PNG or JPEG, whatever its name says. "
            "Please upload the certificate in one of those formats.",
            code="wrong_type",
        )
    if content_type in PILLOW_FORMATS:
        from PIL import Image

        try:
            upload.seek(0)
            with warnings.catch_warnings():
                # Pillow only warns between MAX_IMAGE_PIXELS and twice it: refuse those too.
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(upload) as image:
                    real_format = image.format
                    too_many_pixels = image.width * image.height > Image.MAX_IMAGE_PIXELS
                    image.verify()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
            raise _too_many_pixels() from error
        except Exception as error:  # noqa: BLE001 - any decoder failure means a bad image
            raise ValidationError(
                "This image could not be read. Please upload the certificate again, or as a PDF.",
                code="unreadable",
            ) from error
        if too_many_pixels:
            raise _too_many_pixels()
        if real_format != PILLOW_FORMATS[content_type]:
            raise ValidationError("This image is not a PNG or JPEG.", code="wrong_type")
    upload.seek(0)
    return content_type


def certificate_extension(content_type: str) -> str:
    return ALLOWED_TYPES[content_type][0]
