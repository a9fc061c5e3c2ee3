"""The mixed workload for `make load`: trainees, supervisors and coordinators, already signed in.

Sessions come from `manage.py load_sessions` (LOAD_SESSIONS); requests look as they would behind
the TLS proxy (X-Forwarded-Proto), so production settings apply unchanged. Counters of the
writes that succeeded go to LOAD_RESULTS for the integrity check that follows the run.
"""

import json
import os
import re
import secrets
import time
from collections import Counter
from email import message_from_bytes
from pathlib import Path

from locust import HttpUser, between, events, task

SESSIONS = json.load(open(os.environ["LOAD_SESSIONS"]))  # noqa: SIM115
COUNTERS: Counter = Counter()
SIGNED: set[int] = set()  # logs whose sign-off this run saw succeed
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PROVIDER = re.compile(r'<select name="provider"[^>]*>.*?<option value="(\d+)"', re.S)
REVIEW_LINK = re.compile(r'href="/review/(\d+)/"')
SIGNED_STATE = "log-state-signed_off"  # the review page's status badge of a signed log
# Outside providers: the link in their email, the code's subject, the done page's reference.
LINK = re.compile(r"https?://[^/\s]+(/logs/provider/\S+/)")
CODE = re.compile(r"Your Attune code: (\d{6})")
LOG_REF = re.compile(r'id="log-ref">(\d+)<')
TRIED_LINKS: set[str] = set()
OUTSIDE_SIGNED: set[int] = set()


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
                # Words of its own each time: the same form twice is a double submit, which
                # Attune answers by sending the person back to the first log.
                "use_of_self": "I noticed how hurried I felt and slowed down "
                f"({secrets.token_hex(4)}).",
                "take_forward": "Pause before offering advice.",
                "check": "1",
            },
            "write log",
        )
        # Nothing flagged by the de-identification check: the form submits it in one post.
        if "Submitted." in (written.text or ""):
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


def _emails_to(address: str) -> list[tuple[str, str]]:
    """(subject, body) of every email written to `address` so far, oldest first."""
    found = []
    for path in sorted(Path(os.environ["EMAIL_FILE_PATH"]).glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            message = message_from_bytes(chunk.strip())
            if address in (message.get("To") or ""):
                body = message.get_payload(decode=True) or b""
                found.append((message.get("Subject", ""), body.decode(errors="replace")))
    return found


class OutsideProvider(HttpUser):
    """A provider without an account: opens the emailed link, types the emailed code, signs."""

    weight = 1
    fixed_count = 4
    wait_time = between(1, 3)

    def on_start(self):
        # Each simulated provider takes its own addresses: a provider's newest code is then
        # always for the link that provider just opened.
        index = COUNTERS["outside_users"]
        COUNTERS["outside_users"] += 1
        self.emails = list(SESSIONS.get("outside", []))[index :: self.fixed_count]
        self.client.headers.update({"X-Forwarded-Proto": "https"})

    def _wait_for_code(self, address: str, after: int) -> str | None:
        for _ in range(40):  # the worker sends it within moments; give it 20 s
            codes = [CODE.search(subject) for subject, _ in _emails_to(address)[after:]]
            codes = [found.group(1) for found in codes if found]
            if codes:
                return codes[-1]
            time.sleep(0.5)
        return None

    @task
    def sign_from_the_link(self):
        if not self.emails:
            return
        address = self.emails.pop(0)
        self.emails.append(address)
        emails = _emails_to(address)
        links = [found.group(1) for _, body in emails if (found := LINK.search(body))]
        fresh = [link for link in links if link not in TRIED_LINKS]
        if not fresh:
            return
        path = fresh[0]
        TRIED_LINKS.add(path)
        self.client.cookies.clear()
        opened = self.client.get(path, name="provider link", allow_redirects=False)
        if opened.status_code == 410:
            return  # used or replaced meanwhile: said clearly, nothing to do
        code = self._wait_for_code(address, len(emails))
        if code is None:
            return
        cookie = f"{SESSIONS['cookie_name']}={opened.cookies.get(SESSIONS['cookie_name'], '')}"
        confirmed = self.client.post(
            path,
            {"code": code},
            headers={"Cookie": cookie},
            name="provider code",
            allow_redirects=False,
        )
        session = confirmed.cookies.get(SESSIONS["cookie_name"])
        if confirmed.status_code != 302 or not session:
            return
        with self.client.post(
            path,
            {"action": "sign_off", "attested": "True"},
            headers={"Cookie": f"{SESSIONS['cookie_name']}={session}"},
            name="provider sign off",
            catch_response=True,
        ) as done:
            found = LOG_REF.search(done.text or "")
            if done.status_code == 200 and found:
                OUTSIDE_SIGNED.add(int(found.group(1)))
                COUNTERS["outside_signed"] += 1
            elif done.status_code != 410:
                done.failure(f"{done.status_code} signing through a link")


@events.quitting.add_listener
def _write_counters(environment, **_kwargs):
    with open(os.environ["LOAD_RESULTS"], "w") as handle:
        json.dump(
            {
                **COUNTERS,
                "signed_log_ids": sorted(SIGNED),
                "outside_signed_log_ids": sorted(OUTSIDE_SIGNED),
            },
            handle,
        )
