"""Ending sign-in sessions: after credential changes, on deactivation, on idle staff sessions."""

from allauth.usersessions.models import UserSession


def sessions_end(*, user, keep_session_key: str | None = None) -> int:
    """End every session of `user` except the one with `keep_session_key`; return how many."""
    ended = 0
    for user_session in UserSession.objects.filter(user_id=user.pk).exclude(
        session_key=keep_session_key or ""
    ):
        user_session.end()
        ended += 1
    return ended
