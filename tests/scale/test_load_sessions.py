import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from training.scale.generate import generate

pytestmark = pytest.mark.django_db


def test_load_sessions_signs_in_people_who_can_open_their_pages(tmp_path):
    with pytest.raises(CommandError, match="generate_scale_data"):
        call_command("load_sessions", out=str(tmp_path / "none.json"), stdout=io.StringIO())
    generate(trainees=40, seed=7, report=lambda _line: None)
    out = tmp_path / "sessions.json"
    call_command(
        "load_sessions", supervisors=2, trainees_each=2, out=str(out), stdout=io.StringIO()
    )
    sessions = json.loads(out.read_text())

    assert len(sessions["supervisor"]) == 2 and len(sessions["trainee"]) == 4
    trainee = sessions["trainee"][0]
    client = Client()
    client.cookies[sessions["cookie_name"]] = trainee["cookie"]
    assert client.get("/dashboard/trainee/").status_code == 200
    # The trainee's module is one of a course they take, so the load run reads it, not a 404.
    assert trainee["module"] and client.get(trainee["module"]).status_code == 200
    supervisor = Client()
    supervisor.cookies[sessions["cookie_name"]] = sessions["supervisor"][0]["cookie"]
    assert supervisor.get("/review/").status_code == 200
    assert client.get("/review/").status_code in (403, 404)
