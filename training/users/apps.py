from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class UsersConfig(AppConfig):
    name = "training.users"
    label = "users"
    verbose_name = "People and roles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.account import signals as account_signals
        from allauth.mfa import signals as mfa_signals

        from . import signal_handlers

        post_migrate.connect(signal_handlers.sync_role_groups, sender=self)
        post_save.connect(
            signal_handlers.end_sessions_of_deactivated_user, sender=self.get_model("User")
        )
        for signal in (
            account_signals.password_changed,
            account_signals.password_reset,
            mfa_signals.authenticator_added,
            mfa_signals.authenticator_removed,
            mfa_signals.authenticator_reset,
        ):
            signal.connect(
                signal_handlers.end_other_sessions, dispatch_uid=f"end-sessions-{id(signal)}"
            )
