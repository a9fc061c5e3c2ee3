"""Sessions for benchmarks and load runs, as allauth leaves them after a full sign-in.

Only for tools that time pages (bench, load runs) and for the tests: it skips typing a password
and a code, not the staff gate, which still reads the records written here.
"""

import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
from allauth.account.internal.userkit import user_id_to_str
from allauth.mfa.models import Authenticator


def sign_in(client, user, *, second_factor: bool | None = None):
    """Sign `user` in on a test `client`: the password, then the second factor when the person
    has one (or as `second_factor` says), recorded the way allauth records them."""
    client.force_login(user)
    authenticator = (
        Authenticator.objects.filter(user_id=user.pk)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .first()
    )
    now = time.time()
    records = [{"method": "password", "at": now, "email": user.email}]
    if authenticator is not None if second_factor is None else second_factor:
        records.append(
            {
                "method": "mfa",
                "at": now,
                "type": authenticator.type if authenticator else Authenticator.Type.TOTP,
                "id": authenticator.pk if authenticator else 0,
            }
        )
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session.save()
    return client
