"""Private files: a store of their own, never under a public URL, handed out only by views
that check permission (the local disk in the embedded default, a private bucket prefix in
production: settings STORAGES["private"])."""

from django.core.files.storage import Storage, storages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse


def private_storage() -> Storage:
    """Storage for anything personal (exports, certificates, evidence)."""
    return storages["private"]


def private_file_response(field_file: FieldFile, *, filename: str) -> FileResponse:
    """Send a private file as a download the browser will neither sniff, render nor keep.

    The bytes are streamed through the authorising view from whichever store holds them, so a
    file written by a worker on another machine is served the same way as a local one."""
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=filename)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
