"""What a logo may be: a PNG or JPEG of at most 1 MB, recognised by its content, not its name.

SVG is refused on purpose: it can carry script and references to other files, and a logo reaches
the report's renderer, which may read nothing but our own files.
"""

import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 1024 * 1024
MAX_PIXELS = 4000 * 4000
FORMATS = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg")}
SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def logo_format(upload) -> str:
    """The logo's format ("PNG" or "JPEG"), or a ValidationError that says what is wrong."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The logo is %(size)s KB; at most 1024 KB (1 MB) is allowed."),
            code="too_large",
            params={"size": -(-upload.size // 1024)},
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pixels are counted below, with a message; Pillow's own warning adds nothing.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                found = image.format
                width, height = image.size
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        found = None
    finally:
        upload.seek(0)
    if found not in FORMATS:
        raise ValidationError(
            _("The logo must be a PNG or JPEG image (SVG and other formats are not accepted)."),
            code="format",
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("The logo is %(width)s × %(height)s pixels; at most 4000 × 4000 is allowed."),
            code="too_many_pixels",
            params={"width": width, "height": height},
        )
    return found


def validate_logo(upload) -> None:
    logo_format(upload)


def content_type(data: bytes) -> str | None:
    """The image type of stored logo bytes by their signature, or None if they are neither."""
    for signature, kind in SIGNATURES.items():
        if data.startswith(signature):
            return kind
    return None
