import shutil

import pytest
from django.conf import settings

from training.reflective_logs.selectors import RscRow


@pytest.fixture(autouse=True)
def _clean_private_media():
    yield
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def fake_logs(monkeypatch):
    """RSC rows the test chooses, in place of the reflective logs app's reader: every trainee
    the loader asks about gets them."""
    rows: list[RscRow] = []
    monkeypatch.setattr(
        "training.readiness.evidence.rsc_rows_by_trainee",
        lambda trainee_ids, **_: {pk: list(rows) for pk in trainee_ids},
    )
    return rows
