import io

import pytest
from django.core.management import call_command

from training.courses.models import Certificate, CoursePage, ModulePage
from training.records.enums import TrainingSource
from training.records.models import TrainingRecord

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_four_courses_with_real_checks_and_prompts_once(home_page):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    titles = set(CoursePage.objects.live().values_list("title", flat=True))
    assert titles == {
        "IECMH across disciplines",
        "Child-Parent Psychotherapy",
        "Infant-Parent Psychotherapy",
        "Pathways to Endorsement",
    }
    for module in ModulePage.objects.live():
        kinds = [block.block_type for block in module.body]
        assert "check" in kinds and "reflection" in kinds, module.title
        assert module.competencies.exists(), module.title
    # A demo trainee finished a course the real way: one course record and one certificate.
    assert TrainingRecord.objects.filter(source=TrainingSource.COURSE).count() == 1
    assert Certificate.objects.count() == 1
