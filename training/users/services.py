"""Writes for people, roles and profiles."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .enums import Role
from .models import Profile, User
from .roles import (
    COORDINATOR_COLLECTION_PERMISSIONS,
    COORDINATOR_PAGE_PERMISSIONS,
    ROLE_MODEL_PERMISSIONS,
    ROLE_WITHDRAWN_PERMISSIONS,
)


def _permissions(codes: list[str]) -> list[Permission]:
    found = []
    for code in codes:
        app_label, codename = code.split(".", 1)
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            found.append(permission)
    return found


@transaction.atomic
def role_groups_sync() -> dict[str, Group]:
    """Create the role groups and give each its permissions. Safe to run any number of times."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    groups = {}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.add(*_permissions(ROLE_MODEL_PERMISSIONS[role]))
        group.permissions.remove(*_permissions(ROLE_WITHDRAWN_PERMISSIONS[role]))
        groups[role.value] = group

    coordinators = groups[Role.COORDINATOR]
    root_page = Page.get_first_root_node()
    if root_page is not None:
        for codename in COORDINATOR_PAGE_PERMISSIONS:
            permission = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if permission:
                GroupPagePermission.objects.get_or_create(
                    group=coordinators, page=root_page, permission=permission
                )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for permission in _permissions(COORDINATOR_COLLECTION_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=coordinators, collection=root_collection, permission=permission
            )
    return groups


def user_grant_role(*, user: User, role: Role | str) -> User:
    """Give a person a role (idempotent)."""
    group, _ = Group.objects.get_or_create(name=str(role))
    user.groups.add(group)
    user.__dict__.pop("_attune_roles", None)
    return user


def user_revoke_role(*, user: User, role: Role | str) -> User:
    user.groups.remove(*Group.objects.filter(name=str(role)))
    user.__dict__.pop("_attune_roles", None)
    return user


def profile_get_or_create(*, user: User) -> Profile:
    """Every person has a profile; it is made the first time it is needed."""
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def profile_update(*, user: User, **fields) -> Profile:
    profile = profile_get_or_create(user=user)
    user_fields = {k: fields.pop(k) for k in ("first_name", "last_name") if k in fields}
    for name, value in user_fields.items():
        setattr(user, name, value)
    if user_fields:
        user.save(update_fields=list(user_fields))
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    return profile


# Pairings are made and ended only by training/cohorts/services.py (assignment_create,
# assignment_end), which check the coordinator's cohort and audit each change.
