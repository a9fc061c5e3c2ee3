from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset

from .models import OutsideProvider


def _address_proved_by_reset(sender, request, user, **kwargs):
    """An outside provider who set a password through "forgot password" proved the address
    their links went to: it becomes their verified address, so they can sign in."""
    if not OutsideProvider.objects.filter(account_id=user.pk).exists():
        return
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email, "primary": True}
    )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


def connect() -> None:
    password_reset.connect(_address_proved_by_reset, dispatch_uid="providers-address-proved")
