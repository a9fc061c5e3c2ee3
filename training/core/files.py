"""Private files: stored outside MEDIA_ROOT and handed out only by views that check permission."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse


def private_storage() -> FileSystemStorage:
    """Storage for anything personal (exports, certificates, evidence); never under a URL."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


def private_file_response(field_file: FieldFile, *, filename: str) -> FileResponse:
    """Send a private file as a download the browser will neither sniff, render nor keep."""
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=filename)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
