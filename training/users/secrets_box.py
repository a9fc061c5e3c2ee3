"""Encryption at rest for secrets Attune must keep readable (authenticator keys).

Fernet (AES-128-CBC + HMAC-SHA256) with keys that never live in the database: `ATTUNE_MFA_KEYS`
(comma-separated Fernet keys, the first encrypts, all decrypt, so a key can be rotated), or by
default a key derived from `SECRET_KEY` (and its fallbacks). A database dump, the Django admin
or a SQL path therefore shows only ciphertext.
"""

import base64
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

__all__ = ["Fernet", "InvalidToken", "decrypt", "encrypt"]


def _derived_key(secret_key: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"attune-mfa-secrets")
    return base64.urlsafe_b64encode(hkdf.derive(secret_key.encode()))


@cache
def _box(keys: tuple[str, ...], secret_keys: tuple[str, ...]) -> MultiFernet:
    material = [key.encode() for key in keys] or [_derived_key(k) for k in secret_keys]
    return MultiFernet([Fernet(key) for key in material])


def _current_box() -> MultiFernet:
    keys = tuple(k.strip() for k in getattr(settings, "ATTUNE_MFA_KEYS", []) if k.strip())
    secret_keys = (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", []))
    return _box(keys, secret_keys)


def encrypt(text: str) -> str:
    return _current_box().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """The clear text; raises InvalidToken for a value no configured key encrypted."""
    return _current_box().decrypt(token.encode()).decode()
