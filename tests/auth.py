"""Signing people in for tests the way allauth leaves a session after its own flow."""

from training.scale.sessions import sign_in

__all__ = ["sign_in"]
