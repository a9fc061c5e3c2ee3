"""File assertions that hold for every store (the local disk, or a bucket in the PostgreSQL leg)."""

from django.core.files.storage import storages


def stored_privately(field_file) -> bool:
    """The file is in the private store, not the public media one, and is really there."""
    storage = field_file.storage
    return (
        storage is storages["private"]
        and storage is not storages["default"]
        and storage.exists(field_file.name)
    )


def still_stored(field_file_or_pair) -> bool:
    """Whether a stored file (a FieldFile, or a (storage, name) pair kept from one) exists."""
    if isinstance(field_file_or_pair, tuple):
        storage, name = field_file_or_pair
    else:
        storage, name = field_file_or_pair.storage, field_file_or_pair.name
    return storage.exists(name)
