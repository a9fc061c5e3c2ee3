"""Signed records stay provably unchanged (issue 13, finding 9).

Every statement that could sign a log without a sign-off, or rewrite, replace, delete or
truncate a signed record, is tried on the database in use (run on SQLite and on PostgreSQL);
statements one engine does not have are skipped on it. Tampering done with the triggers lifted
(as a database owner could) is then caught by `verify_signoffs`: both ways, by the chain, and by
the daily digests.
"""

import io
import json
import threading
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from tests.factories import UserFactory
from training.competencies.demo import seed_framework
from training.competencies.models import Competency
from training.notifications.models import OutboxMessage
from training.reflective_logs import ledger, services
from training.reflective_logs.enums import LogState
from training.reflective_logs.locks import GENESIS, trigger_names
from training.reflective_logs.models import (
    Addendum,
    LogAuditEvent,
    LogComment,
    ReflectiveLog,
    SignOff,
)
from training.reflective_logs.signing import log_hash
from training.reflective_logs.tasks import write_ledger_digest

from .factories import ReflectiveLogFactory
from .locking import locks_lifted

pytestmark = pytest.mark.django_db

LOG = ReflectiveLog._meta.db_table
SIGN_OFF = SignOff._meta.db_table
AUDIT = LogAuditEvent._meta.db_table
COMMENT = LogComment._meta.db_table
ADDENDUM = Addendum._meta.db_table
TAGS = ReflectiveLog.competencies.through._meta.db_table


def raw(sql: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify() -> str:
    out = io.StringIO()
    call_command("verify_signoffs", stdout=out)
    return out.getvalue()


def verify_fails(match: str) -> None:
    with pytest.raises(CommandError, match=match):
        verify()


def copy_row(model, pk: int, verb: str = "INSERT OR REPLACE", **overrides) -> None:
    """`<verb> INTO table (columns) SELECT columns FROM table WHERE id = pk`, some overridden."""
    table = model._meta.db_table
    columns = [field.column for field in model._meta.local_concrete_fields]
    values = ["%s" if column in overrides else column for column in columns]
    params = [overrides[column] for column in columns if column in overrides]
    raw(
        f"{verb} INTO {table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM {table} WHERE id = %s",
        *params,
        pk,
    )


def truncate(tables: str) -> None:
    """PostgreSQL's TRUNCATE, on rows as if committed: the test's own transaction holds
    deferred foreign-key checks, which TRUNCATE would refuse on its own."""
    raw("SET CONSTRAINTS ALL IMMEDIATE")
    raw(f"TRUNCATE {tables}")


def upsert_log(pk: int, assignment: str) -> None:
    """`INSERT ... ON CONFLICT (id) DO UPDATE`, colliding with the log's own row."""
    columns = ", ".join(field.column for field in ReflectiveLog._meta.local_concrete_fields)
    raw(
        f"INSERT INTO {LOG} ({columns}) SELECT {columns} FROM {LOG} WHERE id = %s "
        f"ON CONFLICT (id) DO UPDATE SET {assignment}",
        pk,
    )


@pytest.fixture
def world(trainee, supervisor):
    """A signed log with a tag, a comment and a signed addendum; a waiting log; a draft."""
    seed_framework()
    tag = Competency.objects.first()
    signed = ReflectiveLogFactory(
        trainee=trainee, session__provider=supervisor, state="submitted", competencies=[tag]
    )
    comment = services.log_comment(
        log_id=signed.pk, reviewer=supervisor, section="use_of_self", body="And then?"
    )
    sign_off = services.log_sign_off(log_id=signed.pk, reviewer=supervisor, attested=True)
    addendum = services.addendum_add(log_id=signed.pk, trainee=trainee, body="A date was wrong.")
    services.addendum_sign(addendum_id=addendum.pk, reviewer=supervisor)
    submitted = ReflectiveLogFactory(state="submitted")
    draft = ReflectiveLogFactory()
    return SimpleNamespace(
        signed=ReflectiveLog.objects.get(pk=signed.pk),
        sign_off=sign_off,
        comment=comment,
        addendum=addendum,
        tag=tag,
        submitted=submitted,
        draft=draft,
        audit=LogAuditEvent.objects.filter(log_ref=signed.pk).first(),
    )


@dataclass(frozen=True)
class Attempt:
    name: str
    change: object  # callable(world)
    only: str | None = None  # "sqlite" or "postgresql" when the other engine has no such thing


def _forge_sign_off(w, **overrides):
    head = SignOff.objects.order_by("-position").first()
    values = {
        "log_id": w.submitted.pk,
        "signer_id": w.submitted.session.provider_id,
        "signed_at": timezone.now(),
        "version": w.submitted.version,
        "sha256": log_hash(w.submitted),
        "attested": True,
        "position": head.position + 1,
        "previous_hash": head.chain_hash,
        "chain_hash": "f" * 64,
    }
    values.update(overrides)
    SignOff.objects.create(**values)


def _bulk_sign(w):
    w.submitted.state = LogState.SIGNED_OFF
    ReflectiveLog.objects.bulk_update([w.submitted], ["state"])


def _save_signed(w):
    w.submitted.state = LogState.SIGNED_OFF
    w.submitted.save()


def _rewrite_sign_off(w) -> SignOff:
    w.sign_off.sha256 = "0" * 64
    return w.sign_off


def _bulk_rewrite_sign_off(w):
    SignOff.objects.bulk_update([_rewrite_sign_off(w)], ["sha256"])


ATTEMPTS = [
    # Into signed_off without a sign-off.
    Attempt(
        "queryset-update-state",
        lambda w: ReflectiveLog.objects.filter(pk=w.submitted.pk).update(state="signed_off"),
    ),
    Attempt("bulk-update-state", _bulk_sign),
    Attempt("save-state", _save_signed),
    Attempt(
        "raw-update-state",
        lambda w: raw(f"UPDATE {LOG} SET state = 'signed_off' WHERE id = %s", w.submitted.pk),
    ),
    Attempt(
        "insert-signed-log",
        lambda w: ReflectiveLog.objects.create(
            trainee=w.draft.trainee, session=w.signed.session, state="signed_off"
        ),
    ),
    Attempt(
        "upsert-log-into-signed",
        lambda w: upsert_log(w.submitted.pk, "state = 'signed_off'"),
    ),
    # Sign-offs are written only as the next link, only for a waiting log, never changed.
    Attempt("sign-off-for-a-draft", lambda w: _forge_sign_off(w, log_id=w.draft.pk)),
    Attempt("sign-off-for-an-old-version", lambda w: _forge_sign_off(w, version=99)),
    Attempt("sign-off-forking-the-chain", lambda w: _forge_sign_off(w, position=1)),
    Attempt("sign-off-skipping-a-position", lambda w: _forge_sign_off(w, position=9)),
    Attempt("sign-off-after-a-stale-head", lambda w: _forge_sign_off(w, previous_hash=GENESIS)),
    Attempt(
        "sign-off-save", lambda w: setattr(w.sign_off, "sha256", "0" * 64) or w.sign_off.save()
    ),
    Attempt("sign-off-bulk-update", _bulk_rewrite_sign_off),
    Attempt("sign-off-queryset-update", lambda w: SignOff.objects.update(signer=w.draft.trainee)),
    Attempt("sign-off-queryset-delete", lambda w: SignOff.objects.all().delete()),
    Attempt("sign-off-raw-update", lambda w: raw(f"UPDATE {SIGN_OFF} SET chain_hash = 'x'")),
    Attempt("sign-off-raw-delete", lambda w: raw(f"DELETE FROM {SIGN_OFF}")),
    Attempt(
        "sign-off-upsert",
        lambda w: raw(
            f"INSERT INTO {SIGN_OFF} (id, log_id, signer_id, signed_at, version, sha256, "
            "attested, position, previous_hash, chain_hash) "
            "SELECT id, log_id, signer_id, signed_at, version, 'x', attested, position, "
            f"previous_hash, chain_hash FROM {SIGN_OFF} WHERE true "
            "ON CONFLICT (id) DO UPDATE SET sha256 = 'x'"
        ),
    ),
    # A signed log's content and state.
    Attempt(
        "signed-log-queryset-update",
        lambda w: ReflectiveLog.objects.filter(pk=w.signed.pk).update(use_of_self="forged"),
    ),
    Attempt(
        "signed-log-unsign",
        lambda w: ReflectiveLog.objects.filter(pk=w.signed.pk).update(state="submitted"),
    ),
    Attempt(
        "signed-log-raw-delete", lambda w: raw(f"DELETE FROM {LOG} WHERE id = %s", w.signed.pk)
    ),
    Attempt("signed-log-upsert", lambda w: upsert_log(w.signed.pk, "use_of_self = 'forged'")),
    Attempt(
        "audit-upsert",
        lambda w: raw(
            f"INSERT INTO {AUDIT} (id, log_ref, actor_id, action, at, details) "
            f"SELECT id, log_ref, actor_id, action, at, details FROM {AUDIT} WHERE id = %s "
            "ON CONFLICT (id) DO UPDATE SET action = 'viewed'",
            w.audit.pk,
        ),
    ),
    # SQLite's REPLACE deletes the row it collides with without firing delete triggers.
    Attempt(
        "replace-signed-log",
        lambda w: copy_row(ReflectiveLog, w.signed.pk, use_of_self="forged"),
        only="sqlite",
    ),
    Attempt(
        "replace-signed-log-as-draft",
        lambda w: copy_row(ReflectiveLog, w.signed.pk, verb="REPLACE", state="draft"),
        only="sqlite",
    ),
    Attempt(
        "replace-signed-log-by-its-trainee-and-session",
        lambda w: copy_row(ReflectiveLog, w.signed.pk, id=10**9, use_of_self="forged"),
        only="sqlite",
    ),
    Attempt(
        "replace-sign-off",
        lambda w: copy_row(SignOff, w.sign_off.pk, sha256="0" * 64),
        only="sqlite",
    ),
    Attempt(
        "replace-sign-off-by-its-log",
        lambda w: copy_row(SignOff, w.sign_off.pk, verb="REPLACE", id=10**9),
        only="sqlite",
    ),
    Attempt(
        "replace-audit-event",
        lambda w: copy_row(LogAuditEvent, w.audit.pk, action="viewed"),
        only="sqlite",
    ),
    Attempt(
        "replace-comment",
        lambda w: copy_row(LogComment, w.comment.pk, body="forged"),
        only="sqlite",
    ),
    Attempt(
        "replace-signed-addendum",
        lambda w: copy_row(Addendum, w.addendum.pk, body="forged"),
        only="sqlite",
    ),
    Attempt(
        "replace-tag",
        lambda w: raw(
            f"INSERT OR REPLACE INTO {TAGS} (reflectivelog_id, competency_id) VALUES (%s, %s)",
            w.signed.pk,
            w.tag.pk,
        ),
        only="sqlite",
    ),
    Attempt(
        "update-or-replace-draft-onto-signed-log",
        lambda w: raw(
            f"UPDATE OR REPLACE {LOG} SET trainee_id = %s, session_id = %s WHERE id = %s",
            w.signed.trainee_id,
            w.signed.session_id,
            w.draft.pk,
        ),
        only="sqlite",
    ),
    Attempt(
        "update-or-replace-draft-onto-signed-id",
        lambda w: raw(
            f"UPDATE OR REPLACE {LOG} SET id = %s WHERE id = %s", w.signed.pk, w.draft.pk
        ),
        only="sqlite",
    ),
    Attempt(
        "update-or-replace-audit-id",
        lambda w: raw(
            f"UPDATE OR REPLACE {AUDIT} SET id = %s WHERE id = (SELECT MAX(id) FROM {AUDIT})",
            w.audit.pk,
        ),
        only="sqlite",
    ),
    # PostgreSQL's TRUNCATE skips row triggers; MERGE deletes through them.
    Attempt("truncate-sign-offs", lambda w: truncate(f"{SIGN_OFF} CASCADE"), only="postgresql"),
    Attempt("truncate-logs", lambda w: truncate(f"{LOG} CASCADE"), only="postgresql"),
    Attempt("truncate-audit-events", lambda w: truncate(AUDIT), only="postgresql"),
    Attempt("truncate-addenda", lambda w: truncate(ADDENDUM), only="postgresql"),
    Attempt(
        "merge-delete-sign-offs",
        lambda w: raw(
            f"MERGE INTO {SIGN_OFF} AS s USING (SELECT 1) AS x ON true WHEN MATCHED THEN DELETE"
        ),
        only="postgresql",
    ),
]


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=[a.name for a in ATTEMPTS])
def test_the_database_refuses(attempt, world):
    if attempt.only and attempt.only != connection.vendor:
        pytest.skip(f"{connection.vendor} has no such statement")
    before = verify()
    with pytest.raises(DatabaseError, match="attune: "), transaction.atomic():
        attempt.change(world)
    # Nothing changed: the same records verify, and the waiting log is not counted.
    assert verify() == before
    assert not ReflectiveLog.objects.filter(pk=world.submitted.pk, state="signed_off").exists()
    assert ReflectiveLog.objects.signed_off().count() == 1


def test_every_trigger_is_installed():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        installed = {row[0] for row in cursor.fetchall()}
    assert trigger_names(connection.vendor) <= installed


def test_signing_writes_the_sign_off_first_and_links_it(world):
    second = services.log_sign_off(
        log_id=world.submitted.pk, reviewer=world.submitted.session.provider, attested=True
    )
    assert (world.sign_off.position, second.position) == (1, 2)
    assert world.sign_off.previous_hash == GENESIS
    assert second.previous_hash == world.sign_off.chain_hash
    assert "chain of 2 sign-offs is intact" in verify()


# Tampering as the owner, triggers lifted: verify_signoffs catches each.


@pytest.fixture
def chain(trainee, supervisor):
    logs = [
        ReflectiveLogFactory(trainee=trainee, session__provider=supervisor, state="signed_off")
        for _ in range(3)
    ]
    return [SignOff.objects.get(log=log) for log in logs]


def test_verify_passes_on_honest_data(chain):
    assert "All 3 signatures match. The chain of 3 sign-offs is intact" in verify()


def test_a_deleted_sign_off_breaks_the_chain(chain):
    with locks_lifted():
        SignOff.objects.filter(pk=chain[1].pk).delete()
        ReflectiveLog.objects.filter(pk=chain[1].log_id).update(state="submitted")
    verify_fails("position 2 is missing.*does not follow")


def test_a_truncated_chain_is_caught_by_its_signed_logs(chain):
    with locks_lifted():
        if connection.vendor == "postgresql":
            truncate(SIGN_OFF)
        else:
            raw(f"DELETE FROM {SIGN_OFF}")
    verify_fails(f"log #{chain[0].log_id}: signed off without a sign-off")


def test_an_edited_sign_off_breaks_the_chain(chain):
    with locks_lifted():
        SignOff.objects.filter(pk=chain[1].pk).update(signed_at=timezone.now())
    verify_fails(f"sign-off #{chain[1].pk} was changed")


def test_a_log_signed_without_a_sign_off_is_reported(chain, submitted_log):
    with locks_lifted():
        ReflectiveLog.objects.filter(pk=submitted_log.pk).update(state="signed_off")
    verify_fails(f"log #{submitted_log.pk}: signed off without a sign-off")


def test_a_sign_off_of_an_unsigned_log_is_reported(chain):
    with locks_lifted():
        ReflectiveLog.objects.filter(pk=chain[2].log_id).update(state="submitted")
    verify_fails(f"log #{chain[2].log_id}: has a sign-off but is not signed off")


def test_sqlite_replace_as_the_finding_did_it_is_caught_even_with_triggers_lifted(chain):
    """The finding's REPLACE rewrote a log and its sign-off consistently; the chain notices."""
    log = ReflectiveLog.objects.get(pk=chain[0].log_id)
    with locks_lifted():
        ReflectiveLog.objects.filter(pk=log.pk).update(use_of_self="forged")
        log.refresh_from_db()
        SignOff.objects.filter(pk=chain[0].pk).update(sha256=log_hash(log))
    verify_fails(f"sign-off #{chain[0].pk} was changed")


# Daily digests


def _read(name: str) -> str:
    with default_storage.open(name) as handle:
        return handle.read().decode()


def _empty_digests():

    try:
        names = default_storage.listdir(ledger.DIGEST_DIR)[1]
    except FileNotFoundError:
        names = []
    for name in names:
        default_storage.delete(f"{ledger.DIGEST_DIR}/{name}")


@pytest.fixture
def storage(settings, tmp_path):
    """Digests of this test only: a fresh media folder, or an emptied prefix in the bucket."""
    if settings.ATTUNE_STORAGE == "filesystem":
        settings.MEDIA_ROOT = tmp_path
    _empty_digests()
    yield
    _empty_digests()


def _rewrite_whole_chain_consistently(drop_last: bool) -> None:
    """What an owner who knows the scheme could do: edit, re-hash and re-chain every link."""
    with locks_lifted():
        rows = list(SignOff.objects.select_related("log__session").order_by("position"))
        if drop_last:
            last = rows.pop()
            SignOff.objects.filter(pk=last.pk).delete()
            ReflectiveLog.objects.filter(pk=last.log_id).update(state="submitted")
        else:
            ReflectiveLog.objects.filter(pk=rows[0].log_id).update(use_of_self="forged")
        previous = GENESIS
        for row in rows:
            row.log.refresh_from_db()
            row.sha256 = log_hash(row.log)
            row.previous_hash = previous
            row.chain_hash = ledger.chain_link(
                previous, ledger.chain_content(row, minutes=row.log.session.minutes)
            )
            row.save()
            previous = row.chain_hash


@pytest.mark.parametrize("drop_last", [True, False], ids=["tail-dropped", "content-rewritten"])
def test_a_consistently_rewritten_chain_is_caught_by_the_digest(chain, storage, drop_last):
    write_ledger_digest()
    assert "agrees with 1 stored digests" in verify()
    _rewrite_whole_chain_consistently(drop_last)
    verify_fails(f"digest .*: the chain no longer holds its head \\(sign-off #{chain[2].pk}")


def test_the_digest_is_kept_in_storage_and_emailed_to_coordinators(chain, storage):
    coordinator = UserFactory(coordinator=True)
    UserFactory(supervisor=True)
    digest = write_ledger_digest()
    name = ledger.digest_name(timezone.localdate())
    stored = json.loads(_read(name))
    assert stored["count"] == digest["count"] == 3
    assert stored["last_id"] == chain[2].pk
    assert stored["hash"] == chain[2].chain_hash
    mails = OutboxMessage.objects.filter(subject__startswith="Attune sign-off ledger digest")
    assert [m.to_email for m in mails] == [coordinator.email]
    assert chain[2].chain_hash in mails[0].body


def test_a_digest_is_never_overwritten(chain, storage, submitted_log):
    write_ledger_digest()
    name = ledger.digest_name(timezone.localdate())
    first = _read(name)
    services.log_sign_off(
        log_id=submitted_log.pk, reviewer=submitted_log.session.provider, attested=True
    )
    assert write_ledger_digest() is None
    assert _read(name) == first
    assert default_storage.listdir(ledger.DIGEST_DIR)[1] == [name.split("/")[1]]
    # The chain grew past the digest: still consistent with it.
    assert "agrees with 1 stored digests" in verify()


def test_the_digest_runs_daily():
    schedule = settings.CELERY_BEAT_SCHEDULE.values()
    assert "training.reflective_logs.tasks.write_ledger_digest" in {e["task"] for e in schedule}


def test_the_migration_chains_existing_sign_offs_in_id_order(chain):
    module = __import__(
        "training.reflective_logs.migrations.0003_signoff_chain", fromlist=["chain_existing"]
    )
    with locks_lifted():
        for n, sign_off in enumerate(chain):
            SignOff.objects.filter(pk=sign_off.pk).update(
                position=100 - n, previous_hash="", chain_hash=""
            )
        module.chain_existing(django_apps, SimpleNamespace(connection=connection))
    positions = list(SignOff.objects.order_by("pk").values_list("position", flat=True))
    assert positions == [1, 2, 3]
    assert "chain of 3 sign-offs is intact" in verify()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises every writer")
@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_offs_do_not_fork_the_chain():
    logs = [ReflectiveLogFactory(state="submitted") for _ in range(6)]
    barrier = threading.Barrier(len(logs))
    errors: list[BaseException] = []

    def sign(log):
        try:
            barrier.wait()
            services.log_sign_off(log_id=log.pk, reviewer=log.session.provider, attested=True)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(log,)) for log in logs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sorted(SignOff.objects.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert "chain of 6 sign-offs is intact" in verify()


def test_an_unreadable_digest_fails_verification(chain, storage):
    default_storage.save(f"{ledger.DIGEST_DIR}/2026-01-01.json", ContentFile(b"{not json"))
    verify_fails("digest 2026-01-01.json: unreadable")
