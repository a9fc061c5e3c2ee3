import io

import pytest
from django.core.management import call_command

from training.applications.models import Application
from training.readiness.selectors import readiness_for
from training.records.models import TrainingRecord
from training.references.models import ReferenceRequest
from training.users.models import User

pytestmark = pytest.mark.django_db


def test_demo_trainees_show_different_readiness_states(home_page):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # safe to run twice
    people = {u.email.split("@")[0]: u for u in User.objects.filter(is_demo=True)}

    def report(name):
        return readiness_for(trainee=people[name]).report

    # Ready to apply, every kind met; one of her ratings is waived.
    maya = report("trainee.maya")
    assert maya.ready and {r.code for r in maya.results} >= {
        "training_hours",
        "education",
        "references",
        "agreements",
        "membership",
    }
    assert ReferenceRequest.objects.filter(trainee=people["trainee.maya"], waived=True).exists()
    # Blocked by a missing reference only.
    nia = report("trainee.nia")
    assert [r.code for r in nia.results if not r.met] == ["references"]
    assert not report("trainee.sam").ready
    luis = report("trainee.luis")
    assert not luis.result("training_hours").met
    assert TrainingRecord.objects.for_trainee(people["trainee.luis"]).pending().exists()
    grace = report("trainee.grace")
    assert grace.result("training_hours").met and not grace.result("rsc_hours").met
    jonas = readiness_for(trainee=people["supervisor.jonas"])
    assert jonas.category.code == "IMHM-C" and jonas.held.code == "IMHS"
    assert not jonas.report.result("rsc_training_hours").met
    assert jonas.renewal is not None and jonas.renewal_due_on is not None
    assert TrainingRecord.objects.filter(source_key__startswith="demo:").count() == 16
    # Endorsed and renewing: the renewal asks for membership and the Code of Ethics, both met.
    amara = readiness_for(trainee=people["supervisor.amara"])
    assert amara.held.code == "IMHM-C" and amara.renewal is not None
    assert amara.renewal.result("membership").met and amara.renewal.result("agreements").met
    assert Application.objects.get(trainee=people["supervisor.amara"]).status == "endorsed"
