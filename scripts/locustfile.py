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
SIGNED: set[int] = set()  # logs whose sign-off this run saw succeed
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PROVIDER = re.compile(r'<select name="provider"[^>]*>.*?<option value="(\d+)"', re.S)
LOG_ID = re.compile(r"/logs/(\d+)/")
REVIEW_LINK = re.compile(r'href="/review/(\d+)/"')
SIGNED_STATE = "log-state-signed_off"  # the review page's status badge of a signed log


class SignedIn(HttpUser):
    abstract = True
    role = ""
    wait_time = between(0.5, 2)

    def on_start(self):
        # Each simulated person gets a session of their own while any are left.
        pool = SESSIONS[self.role]
        person = pool.pop(0)
        pool.append(person)
        self.email = person["email"]
        self.module = person.get("module")
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

    def post(self, form_page, action: str, data: dict, name: str):
        """Post to `action` with the CSRF token of the page the form was on, as a browser would,
        then follow the redirect (by hand: requests drops a fixed Cookie header on redirects)."""
        token = CSRF.search(form_page.text or "")
        payload = {"csrfmiddlewaretoken": token.group(1) if token else "", **data}
        with self.client.post(
            action, data=payload, name=name, catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code not in (200, 302):
                response.failure(f"{response.status_code} posting {name}: {response.text[:200]!r}")
                return response
        if response.status_code == 302:
            return self.page(response.headers["Location"], name=f"{name} (next page)")
        return response


class Trainee(SignedIn):
    role = "trainee"
    weight = 6

    @task(3)
    def dashboard(self):
        self.page("/dashboard/trainee/")

    @task(2)
    def catalogue_and_module(self):
        self.page("/courses/")
        if self.module:
            self.page(self.module, name="module page")

    @task(2)
    def logs_and_readiness(self):
        self.page("/logs/")
        self.page("/readiness/")

    @task(2)
    def write_and_submit_a_log(self):
        form = self.page("/logs/new/")
        provider = PROVIDER.search(form.text or "")
        if not provider:
            return
        written = self.post(
            form,
            "/logs/new/",
            {
                "held_on": "2026-11-20",
                "minutes": "60",
                "modality": "video",
                "provider": provider.group(1),
                "use_of_self": "I noticed how hurried I felt and slowed down.",
                "take_forward": "Pause before offering advice.",
                "check": "1",
            },
            "write log",
        )
        log = LOG_ID.search(written.url or "")
        if not log:
            return
        submitted = self.post(
            written, f"/logs/{log.group(1)}/check/", {"confirmed": "on"}, "submit log"
        )
        if "Submitted." in (submitted.text or ""):
            COUNTERS["submitted"] += 1


class Supervisor(SignedIn):
    role = "supervisor"
    weight = 3

    @task
    def dashboard(self):
        self.page("/dashboard/supervisor/")

    @task(3)
    def review_and_sign_off(self):
        queue = self.page("/review/")
        waiting = REVIEW_LINK.findall(queue.text or "")
        if not waiting:
            return
        log_id = waiting[0]
        review = self.page(f"/review/{log_id}/", name="review page")
        done = self.post(review, f"/review/{log_id}/sign-off/", {"attested": "on"}, "sign off")
        if SIGNED_STATE in (done.text or ""):
            SIGNED.add(int(log_id))


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
        json.dump({**COUNTERS, "signed_log_ids": sorted(SIGNED)}, handle)
