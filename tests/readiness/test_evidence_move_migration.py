"""Training records and portfolios moved out of `competencies` without losing a row: migrated
from the schema before the move, with data in it, on SQLite and on PostgreSQL."""

import datetime
from decimal import Decimal

from django.db import connection

from tests.migrating import migrate, state_before

BEFORE = [
    ("competencies", "0003_seed_endorsement_categories"),
    ("records", None),
    ("readiness", None),
    # Apps that came later and stand on the categories.
    ("applications", None),
    ("references", None),
    ("providers", None),
]


def test_the_move_keeps_every_record_tag_file_permission_and_id(latest_migrations):
    old = state_before(latest_migrations, BEFORE)
    User = old.get_model("users", "User")
    Competency = old.get_model("competencies", "Competency")
    Category = old.get_model("competencies", "EndorsementCategory")
    OldRecord = old.get_model("competencies", "TrainingRecord")
    OldExport = old.get_model("competencies", "PortfolioExport")
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    Group = old.get_model("auth", "Group")

    trainee = User.objects.create(email="mover@example.org", password="!")
    framework = old.get_model("competencies", "CompetencyFramework").objects.create(name="F")
    domain = old.get_model("competencies", "Domain").objects.create(framework=framework, name="D")
    area = Competency.objects.create(domain=domain, name="Attachment")
    record = OldRecord.objects.create(
        trainee=trainee,
        title="Series on attachment",
        source="external",
        source_key="demo:x",
        hours=Decimal("12.50"),
        completed_on=datetime.date(2026, 3, 1),
        verified=True,
        certificate="certificates/abc.pdf",
    )
    record.competencies.add(area)
    # Other transactional tests may have flushed the seeded categories.
    ifs, _ = Category.objects.get_or_create(
        code="IFS", defaults={"name": "Infant Family Specialist"}
    )
    export = OldExport.objects.create(trainee=trainee, category=ifs, status="ready")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="competencies", model="trainingrecord"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="change_trainingrecord", defaults={"name": "Change"}
    )
    verifiers = Group.objects.create(name="Verifiers of the move")
    verifiers.permissions.add(permission)

    new = migrate(latest_migrations).loader.project_state(latest_migrations).apps
    Record = new.get_model("records", "TrainingRecord")
    moved = Record.objects.get(pk=record.pk)
    assert (moved.title, moved.hours, moved.trainee_id, moved.certificate.name) == (
        "Series on attachment",
        Decimal("12.50"),
        trainee.pk,
        "certificates/abc.pdf",
    )
    assert list(moved.competencies.values_list("pk", flat=True)) == [area.pk]
    moved_export = new.get_model("readiness", "PortfolioExport").objects.get(pk=export.pk)
    assert (moved_export.status, moved_export.category_id) == ("ready", ifs.pk)
    moved_type = new.get_model("contenttypes", "ContentType").objects.get(pk=content_type.pk)
    assert (moved_type.app_label, moved_type.model) == ("records", "trainingrecord")
    group = new.get_model("auth", "Group").objects.get(pk=verifiers.pk)
    assert list(group.permissions.values_list("content_type_id", flat=True)) == [content_type.pk]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert "records_trainingrecord" in tables and "competencies_trainingrecord" not in tables
    assert "records_trainingrecord_competencies" in tables
    # A new record after the move takes the next id: the table kept its sequence.
    later = Record.objects.create(
        trainee_id=trainee.pk,
        title="After the move",
        source="external",
        hours=Decimal("1"),
        completed_on=datetime.date(2026, 4, 1),
    )
    assert later.pk > record.pk
