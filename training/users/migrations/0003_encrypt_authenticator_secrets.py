"""Encrypt authenticator secrets that were stored in the clear (TOTP keys, recovery codes)."""

from django.db import migrations

from training.users import secrets_box


def _encrypted(value: str) -> str:
    try:
        secrets_box.decrypt(value)
    except secrets_box.InvalidToken:
        return secrets_box.encrypt(value)
    return value


def _decrypted(value: str) -> str:
    try:
        return secrets_box.decrypt(value)
    except secrets_box.InvalidToken:
        return value


def _convert(apps, convert) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]):
        data = dict(authenticator.data)
        for key in ("secret", "seed"):
            if isinstance(data.get(key), str):
                data[key] = convert(data[key])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [convert(code) for code in data["migrated_codes"]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt_secrets(apps, schema_editor):
    _convert(apps, _encrypted)


def decrypt_secrets(apps, schema_editor):
    _convert(apps, _decrypted)


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0002_profile_categories_as_data"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
