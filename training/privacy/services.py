"""Export, erase and purge personal data, driven by the registry."""

import io
import json
import logging
import zipfile
from datetime import timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from training.core.queue import enqueue_after_commit
from training.core.submissions import person_lock
from training.notifications.services import outbox_enqueue
from training.users.sessions import sessions_end

from . import registry
from .enums import Erasure, ExportStatus
from .models import DataExport, PrivacyAuditEvent

ERASED_TEXT = "[erased]"

logger = logging.getLogger(__name__)


def subject_ref(user) -> str:
    """How audit records name a person: by id, never by email or name."""
    return f"user:{user.pk}"


def _rows_about(entry: registry.PersonalData, user) -> models.QuerySet:
    """Rows that are about `user` (not rows that merely mention them)."""
    manager = entry.model._default_manager
    if not entry.user_fields:
        return manager.none()
    conditions = [models.Q(**{name: user.pk}) for name in entry.user_fields]
    return manager.filter(reduce(or_, conditions)).distinct()


def _row_to_dict(obj: models.Model, exclude: tuple[str, ...]) -> dict:
    data = {}
    for f in obj._meta.concrete_fields:
        if f.name in exclude:
            continue
        value = getattr(obj, f.attname)
        if isinstance(f, models.FileField):
            value = value.name if value else ""
        data[f.name] = value
    for f in obj._meta.many_to_many:
        if f.name not in exclude:
            data[f.name] = list(getattr(obj, f.name).values_list("pk", flat=True))
    return data


def privacy_collect(*, user) -> tuple[dict[str, list[dict]], list[tuple[str, object]]]:
    """Everything held about `user`: rows per model, and the files attached to them."""
    data: dict[str, list[dict]] = {}
    files: list[tuple[str, object]] = []
    for entry in registry.entries():
        rows = list(_rows_about(entry, user))
        if not rows:
            continue
        data[entry.label] = [_row_to_dict(row, entry.export_exclude) for row in rows]
        for row in rows:
            for name in entry.file_fields:
                if name in entry.export_exclude:
                    continue
                fieldfile = getattr(row, name)
                if fieldfile:
                    files.append(
                        (
                            f"files/{entry.label}/{row.pk}/{fieldfile.name.rsplit('/', 1)[-1]}",
                            fieldfile,
                        )
                    )
    return data, files


@transaction.atomic
def data_export_request(*, user) -> DataExport:
    """Start building a person's data export; reuse one that is already being prepared.

    The person's row is locked first, so requests sent at once find each other's export.
    """
    from .tasks import build_data_export

    person_lock(user)
    pending = DataExport.objects.filter(user=user, status=ExportStatus.PENDING).first()
    if pending is not None:
        return pending
    export = DataExport.objects.create(user=user)
    enqueue_after_commit(build_data_export, export.pk)
    return export


def _kind_name(label: str) -> str:
    """A registry label ("records.TrainingRecord") as a person reads it ("Training records")."""
    return str(registry.entry(label).model._meta.verbose_name_plural).capitalize()


def privacy_summary(*, user, data: dict[str, list[dict]], files: list, now=None) -> str:
    """The README.txt at the top of an export: what is held, as counts per kind, and where."""
    now = timezone.localtime(now or timezone.now())
    width = max((len(_kind_name(label)) for label in data), default=0)
    lines = [
        "A copy of the data Attune holds about you",
        "=" * 41,
        "",
        f"Prepared for {user.email} on {now.day} {now:%B %Y at %H:%M} ({now:%Z}).",
        "",
        "What is held, and how many of each:",
        "",
    ]
    lines += [
        f"  {_kind_name(label).ljust(width)}  {len(rows):>5}   ({label})"
        for label, rows in sorted(data.items(), key=lambda item: _kind_name(item[0]))
    ]
    lines += [
        "",
        f"Files you attached or that were made for you: {len(files)}.",
        "",
        "What is in this archive:",
        "  README.txt   this summary",
        "  data.json    every row above in full, machine-readable, grouped by the name in",
        "               brackets",
        "  files/       the files, one folder per kind and row",
        "",
        "Earlier copies you asked for are listed (when and whether ready) but never included",
        "again, so each copy holds your data once.",
        "",
    ]
    return "\n".join(lines)


def _archive(user) -> io.BytesIO:
    data, files = privacy_collect(user=user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", privacy_summary(user=user, data=data, files=files))
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2))
        for path, fieldfile in files:
            with fieldfile.open("rb") as handle:
                archive.writestr(path, handle.read())
    return buffer


def data_export_build(*, export_id: int) -> DataExport | None:
    """Write the archive (JSON + files) and email the link. Running it twice does nothing more."""
    with transaction.atomic():
        export = DataExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status != ExportStatus.PENDING:
            return export
        try:
            buffer = _archive(export.user)
        except Exception:
            # Say so on the page (the person may ask again) rather than leave it pending for
            # the sweep to retry for ever.
            logger.exception("Data export %s could not be built", export.pk)
            export.status = ExportStatus.FAILED
            export.save(update_fields=["status"])
            return export
        export.archive.save(
            f"attune-data-{export.token[:12]}.zip", ContentFile(buffer.getvalue()), save=False
        )
        export.status = ExportStatus.READY
        export.ready_at = timezone.now()
        export.save(update_fields=["archive", "status", "ready_at"])
        link = settings.WAGTAILADMIN_BASE_URL + reverse("privacy_my_data")
        outbox_enqueue(
            recipient=export.user,
            to_email=export.user.email,
            subject="Your Attune data is ready",
            body=f"The copy of your data you asked for is ready for 24 hours at {link}",
            dedupe_key=f"data-export-{export.pk}",
        )
        PrivacyAuditEvent.objects.create(
            action="data_export", actor=export.user, subject_ref=subject_ref(export.user)
        )
    return export


def _identifying_values(user) -> list[str]:
    values = {user.email, user.get_full_name()}
    values.update(user.emailaddress_set.values_list("email", flat=True))
    return [v for v in values if v and len(v) >= 3]


def logs_under_review(*, user) -> list:
    """The person's rows someone else is working on (each app says which, through the
    registry's `in_use`; today: logs a supervisor has for review). Erasure deletes them, so the
    coordinator is told and must confirm by name first."""
    return [row for entry in registry.entries() if entry.in_use for row in entry.in_use(user)]


@transaction.atomic
def user_erase(*, user, actor, delete_logs_under_review: bool = False) -> PrivacyAuditEvent:
    """Remove or pseudonymise everything about `user`, keep what must be kept, audit it.

    PermissionDenied unless `actor` may erase this person (user_can_erase_user); ValidationError
    when logs are under a supervisor's review and `delete_logs_under_review` was not confirmed.
    """

    from .permissions import user_can_erase_user

    if not user_can_erase_user(actor, user):
        raise PermissionDenied
    reviewed = logs_under_review(user=user)
    if reviewed and not delete_logs_under_review:
        raise ValidationError(
            f"{len(reviewed)} log(s) of this person are with a supervisor for review; erasure "
            "would delete them. Confirm that explicitly."
        )
    User = get_user_model()
    identifying = _identifying_values(user)
    counts: dict[str, int] = {}
    sessions_end(user=user)
    for entry in registry.entries():
        if entry.model is User:
            continue
        rows = _rows_about(entry, user)
        if entry.eraser is not None:
            counts[entry.label] = entry.eraser(user=user, rows=rows)
        elif entry.erasure == Erasure.DELETE:
            for row in rows:
                for name in entry.file_fields:
                    getattr(row, name).delete(save=False)
            counts[entry.label] = rows.count()
            entry.model._default_manager.filter(
                pk__in=list(rows.values_list("pk", flat=True))
            ).delete()
        elif entry.erasure == Erasure.PSEUDONYMISE:
            counts[entry.label] = entry.model._default_manager.filter(
                pk__in=list(rows.values_list("pk", flat=True))
            ).update(**entry.pseudonymise)
        for name in entry.scrub_fields:
            for value in identifying:
                matches = entry.model._default_manager.filter(**{f"{name}__icontains": value})
                for row in matches:
                    text = getattr(row, name)
                    setattr(row, name, _replace_ci(text, value, ERASED_TEXT))
                    row.save(update_fields=[name])
    user.email = f"erased-{user.pk}@erased.invalid"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_demo = False
    user.set_unusable_password()
    user.save()
    return PrivacyAuditEvent.objects.create(
        action="erasure",
        actor=actor,
        subject_ref=subject_ref(user),
        details={"rows": counts, "logs_under_review_deleted": [log.pk for log in reviewed]},
    )


def _replace_ci(text: str, old: str, new: str) -> str:
    lowered, target = text.lower(), old.lower()
    out, start = [], 0
    while (index := lowered.find(target, start)) != -1:
        out.append(text[start:index])
        out.append(new)
        start = index + len(old)
    out.append(text[start:])
    return "".join(out)


def retention_purge(*, now=None) -> dict[str, int]:
    """Delete rows past their retention period (files too) and audit what was purged."""
    now = now or timezone.now()
    periods = settings.ATTUNE_RETENTION_DAYS
    purged: dict[str, int] = {}
    for entry in registry.entries():
        rule = entry.retention
        if rule is None or rule.setting not in periods:
            continue
        cutoff = now - timedelta(days=periods[rule.setting])
        rows = entry.model._default_manager.filter(
            **{f"{rule.date_field}__lt": cutoff}, **rule.filters
        )
        with transaction.atomic():
            for row in rows:
                for name in entry.file_fields:
                    getattr(row, name).delete(save=False)
            count = rows.count()
            if count:
                entry.model._default_manager.filter(
                    pk__in=list(rows.values_list("pk", flat=True))
                ).delete()
                purged[entry.label] = count
    if purged:
        PrivacyAuditEvent.objects.create(action="retention_purge", details={"rows": purged})
    return purged
