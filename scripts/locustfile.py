"""The mixed workload for `make load`: trainees, supervisors and coordinators, already signed in.

Sessions come from `manage.py load_sessions` (LOAD_SESSIONS); requests look as they would behind
the TLS proxy (X-Forwarded-Proto), so production settings apply unchanged. Counters of the
writes that succeeded go to LOAD_RESULTS for the integrity check that follows the run.
"""

import json
import os
import re
import secrets
from collections import Counter

from locust import HttpUser, between, events, task

SESSIONS = json.load(open(os.environ["LOAD_SESSIONS"]))  # noqa: SIM115
COUNTERS: Counter = Counter()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class SignedIn(HttpUser):
    abstract = True
    role = ""
    wait_time = between(0.5, 2)

    def on_start(self):
        pool = SESSIONS[self.role]
        person = pool.pop(0)
        pool.append(person)
        self.email = person["email"]
        self.csrf_secret = secrets.token_hex(16)
        host = self.host.rstrip("/")
        self.client.headers.update(
            {
                "Cookie": f"{SESSIONS['cookie_name']}={person['cookie']}; "
                f"csrftoken={self.csrf_secret}",
                "X-Forwarded-Proto": "https",
                "Referer": host.replace("http://", "https://") + "/",
            }
        )

    def page(self, url: str, name: str | None = None):
        with self.client.get(url, name=name or url, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {url}")
            return response

    def post_form(self, form_url: str, action: str, data: dict, name: str):
        """Open the form, then post it with its CSRF token, as a browser would."""
        form = self.page(form_url, name=f"{name} (form)")
        token = CSRF.search(form.text or "")
        payload = {"csrfmiddlewaretoken": token.group(1) if token else "", **data}
        with self.client.post(
            action, data=payload, name=name, catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code not in (200, 302):
                response.failure(f"{response.status_code} posting {name}")
            return response


class Trainee(SignedIn):
    role = "trainee"
    weight = 6

    @task(3)
    def dashboard(self):
        self.page("/dashboard/trainee/")


class Supervisor(SignedIn):
    role = "supervisor"
    weight = 3

    @task
    def dashboard(self):
        self.page("/dashboard/supervisor/")


class Coordinator(SignedIn):
    role = "coordinator"
    weight = 1
    fixed_count = 1

    @task(3)
    def cohort_list(self):
        self.page("/coordination/cohorts/")

    @task(2)
    def cohort_page(self):
        self.page(f"/coordination/cohorts/{SESSIONS['cohort_200']}/", name="cohort page")

    @task(1)
    def export(self):
        self.page(f"/coordination/cohorts/{SESSIONS['cohort_all']}/export.csv", name="export CSV")


@events.quitting.add_listener
def _write_counters(environment, **_kwargs):
    with open(os.environ["LOAD_RESULTS"], "w") as handle:
        json.dump(dict(COUNTERS), handle)
