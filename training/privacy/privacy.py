"""Personal data held by the libraries Attune is built on, and by this app."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from wagtail.admin.models import EditingSession, FormState
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import (
    Comment,
    CommentReply,
    ModelLogEntry,
    Page,
    PageLogEntry,
    PageSubscription,
    Revision,
    TaskState,
    UploadedFile,
    WorkflowState,
)
from wagtail.models.api import APIToken
from wagtail.users.models import UserProfile

from .enums import Erasure
from .models import DataExport, PrivacyAuditEvent
from .registry import Retention, register

register(EmailAddress, user_fields=["user"], erasure=Erasure.DELETE)
register(Authenticator, user_fields=["user"], erasure=Erasure.DELETE, export_exclude=["data"])
register(UserSession, user_fields=["user"], erasure=Erasure.DELETE)
register(UserProfile, user_fields=["user"], erasure=Erasure.DELETE, file_fields=["avatar"])
register(EditingSession, user_fields=["user"], erasure=Erasure.DELETE)
register(FormState, user_fields=["user"], erasure=Erasure.DELETE)
register(APIToken, user_fields=["user"], erasure=Erasure.DELETE, export_exclude=["key"])
register(UploadedFile, user_fields=["uploaded_by_user"], erasure=Erasure.DELETE)
register(PageSubscription, user_fields=["user"], erasure=Erasure.DELETE)
# Authoring history stays with the content, linked to the pseudonymised account.
for model, fields in [
    (Document, ["uploaded_by_user"]),
    (Image, ["uploaded_by_user"]),
    (Page, ["owner", "locked_by"]),
    (WorkflowState, ["requested_by"]),
    (TaskState, ["finished_by"]),
    (Comment, ["user", "resolved_by"]),
    (CommentReply, ["user"]),
]:
    register(model, user_fields=[], reference_fields=fields, erasure=Erasure.KEEP_LINKED)
register(
    Revision,
    user_fields=[],
    reference_fields=["user"],
    erasure=Erasure.KEEP_LINKED,
    scrub_fields=["object_str"],
)
register(
    ModelLogEntry,
    user_fields=[],
    reference_fields=["user"],
    erasure=Erasure.KEEP_LINKED,
    scrub_fields=["label"],
)
register(
    PageLogEntry,
    user_fields=[],
    reference_fields=["user"],
    erasure=Erasure.KEEP_LINKED,
    scrub_fields=["label"],
)
register(
    LogEntry,
    user_fields=[],
    reference_fields=["user"],
    erasure=Erasure.KEEP_LINKED,
    scrub_fields=["object_repr"],
)

register(
    DataExport,
    user_fields=["user"],
    erasure=Erasure.DELETE,
    file_fields=["archive"],
    # Earlier archives stay out: each export would otherwise nest all the previous ones.
    export_exclude=["token", "archive"],
    retention=Retention(setting="data_exports", date_field="created_at"),
)
register(
    PrivacyAuditEvent,
    user_fields=[],
    reference_fields=["actor"],
    erasure=Erasure.KEEP_LINKED,
    retention=Retention(setting="privacy_audit", date_field="at"),
)
