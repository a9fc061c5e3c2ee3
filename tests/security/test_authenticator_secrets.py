"""TOTP keys and recovery-code seeds are encrypted at rest."""

import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.users.test_mfa import current_code
from training.users import secrets_box

pytestmark = pytest.mark.django_db

migration = __import__(
    "training.users.migrations.0003_encrypt_authenticator_secrets", fromlist=["encrypt_secrets"]
)


def test_a_totp_key_is_stored_encrypted_and_still_signs_in(supervisor):
    stored = Authenticator.objects.get(user=supervisor, type=Authenticator.Type.TOTP)
    assert supervisor.totp_secret not in json.dumps(stored.data)
    assert secrets_box.decrypt(stored.data["secret"]) == supervisor.totp_secret
    client = Client()
    client.post(reverse("account_login"), {"login": supervisor.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": current_code(supervisor.totp_secret)})
    assert client.get(reverse("dashboard_supervisor")).status_code == 200


def test_recovery_codes_are_stored_encrypted(supervisor):
    codes = RecoveryCodes.activate(supervisor)
    stored = json.dumps(codes.instance.data)
    assert secrets_box.decrypt(codes.instance.data["seed"]) not in stored


def test_the_migration_encrypts_secrets_stored_in_the_clear():
    person = UserFactory(supervisor=True)
    clear = Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    migration.encrypt_secrets(apps, None)
    clear.refresh_from_db()
    assert clear.data["secret"] != "JBSWY3DPEHPK3PXP"
    assert TOTP(clear).validate_code(current_code("JBSWY3DPEHPK3PXP"))
    migration.encrypt_secrets(apps, None)  # running it again changes nothing
    clear.refresh_from_db()
    assert secrets_box.decrypt(clear.data["secret"]) == "JBSWY3DPEHPK3PXP"


def test_a_key_can_be_rotated(settings, supervisor):
    old, new = secrets_box.Fernet.generate_key().decode(), secrets_box.Fernet.generate_key()
    settings.ATTUNE_MFA_KEYS = [old]
    token = secrets_box.encrypt("secret")
    settings.ATTUNE_MFA_KEYS = [new.decode(), old]
    assert secrets_box.decrypt(token) == "secret"
    settings.ATTUNE_MFA_KEYS = [new.decode()]
    with pytest.raises(secrets_box.InvalidToken):
        secrets_box.decrypt(token)
