"""The Django admin, for site administrators. What it must not do is said here too.

- Authenticators are not registered: their secrets are nobody's to read, and adding one for
  oneself here would bypass enrolment.
- Supervision pairings are read-only: they change only through the cohort services, which
  check the coordinator's cohort and audit the change.
"""

import allauth.mfa.admin  # noqa: F401  (registers first, so it can be unregistered here)
from allauth.mfa.models import Authenticator
from allauth.usersessions.admin import UserSessionAdmin as BaseUserSessionAdmin
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Profile, SupervisionAssignment, User

admin.site.unregister(Authenticator)
admin.site.unregister(UserSession)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "is_demo", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(UserSession)
class UserSessionAdmin(BaseUserSessionAdmin):
    # allauth searches `user__username`, which this user model does not have.
    search_fields = ["user__email", "ip"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SupervisionAssignment)
class SupervisionAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["supervisor", "trainee", "kind", "starts_on", "ends_on"]
    search_fields = ["supervisor__email", "trainee__email"]


admin.site.register(Profile)
