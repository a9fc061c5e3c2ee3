from .permissions import user_can_write_logs
from .selectors import returned_logs


def returned_for_changes(request) -> dict:
    """A trainee's logs returned for changes, for the navigation's count (trainees only)."""
    user = getattr(request, "user", None)
    if not user_can_write_logs(user):
        return {}
    return {"returned_logs": returned_logs(trainee=user)}
