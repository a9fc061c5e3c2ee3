from .permissions import (
    user_can_access_cms,
    user_is_coordinator,
    user_is_supervisor,
    user_is_trainee,
)


def roles(request) -> dict:
    """Expose the signed-in person's roles so navigation can follow them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_trainee": user_is_trainee(user),
        "is_supervisor": user_is_supervisor(user),
        "is_coordinator": user_is_coordinator(user),
        "can_access_cms": user_can_access_cms(user),
    }
