"""The load test's users: referrers submitting, coordinators triaging and allocating, guiders
recording cycles, managers reading reports. Run by loadtest/run.py (make load).

Each user pauses 1–3 seconds after every page, as a person reads a page before the next click
(far quicker than real people, who take a minute over a form page), so 150 users give a
realistic but heavy mix rather than 150 scripts firing requests back to back. Each user signs
in as an account of its own (run.py makes enough), as each person has one.

Every record a user creates carries an identifier made here (LOADID-… in a free-text field);
at the end the identifiers confirmed by the server are written to LOAD_RESULTS, and run.py
checks that exactly those records exist in the database.
"""

import itertools
import json
import os
import random
import re
import uuid
from datetime import date, timedelta
from http.cookiejar import DefaultCookiePolicy
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, between, events, task

PASSWORD = "load-test-pass-2026"
PER_ROLE = int(os.environ.get("LOAD_PER_ROLE", "12"))
# LOAD_STRESS=1 drops the pause between pages of a journey (not between journeys), so each
# user fires a journey's requests back to back: a capacity test rather than a realistic mix.
STRESS = os.environ.get("LOAD_STRESS", "") not in ("", "0")
RUN = os.environ.get("LOAD_RUN", uuid.uuid4().hex[:8])
REPORT_PATHS = [p for p in os.environ.get("LOAD_REPORT_PATHS", "").split(",") if p]

created = {"referrals": [], "cycles": [], "allocated": [], "server_errors": 0}
_numbers = {role: itertools.count() for role in ("referrer", "coordinator", "guider", "manager")}

FIRST_NAMES = ["Amelia", "Oliver", "Isla", "George", "Freya", "Arthur", "Ivy", "Noah", "Willow"]
LAST_NAMES = ["Pascoe", "Trewin", "Jenkin", "Nance", "Rowe", "Hocking", "Penrose", "Carne"]

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def _hidden(html: str) -> dict:
    return dict(HIDDEN.findall(html))


@events.request.add_listener
def _count_server_errors(response=None, **kwargs):
    if response is not None and getattr(response, "status_code", 0) >= 500:
        created["server_errors"] += 1


@events.test_stop.add_listener
def _write_results(**kwargs):
    path = os.environ.get("LOAD_RESULTS")
    if path:
        with open(path, "w") as out:
            json.dump(created, out)


class BehindTheProxy(DefaultCookiePolicy):
    """Secure cookies go back to the server: TLS ends at the proxy this test stands in for."""

    def return_ok_secure(self, cookie, request):
        return True


class Staff(FastHttpUser):
    """Signs in as one of the load-test accounts for its role."""

    abstract = True
    role = ""
    wait_time = between(1, 3)
    # What a TLS-terminating proxy adds to each request (the server runs with
    # BEHIND_TLS_PROXY, as in production: run.py).
    default_headers = {"X-Forwarded-Proto": "https"}

    def on_start(self):
        self.client.cookiejar.set_policy(BehindTheProxy())
        number = next(_numbers[self.role]) % PER_ROLE
        self.client.get("/accounts/sign-in/", name="sign in")
        self.post(
            "/accounts/sign-in/",
            {"username": f"load.{self.role}{number}@example.org", "password": PASSWORD},
            name="sign in",
        )

    def post(self, url, data, *, name, **kwargs):
        # The cookie is vig_csrf in development, __Host-vig_csrf behind TLS (settings.py).
        token = next(
            (c.value for c in self.client.cookiejar if c.name in ("vig_csrf", "__Host-vig_csrf")),
            "",
        )
        body = urlencode({"csrfmiddlewaretoken": token, **data}, doseq=True)
        # The browser's address is https://…: the CSRF check wants an https referer.
        referer = self.host.replace("http://", "https://", 1) + "/"
        headers = {"Referer": referer, "Content-Type": "application/x-www-form-urlencoded"}
        return self.client.post(url, data=body, name=name, headers=headers, **kwargs)

    def read(self):
        """Pause on the page just opened, as a person reads it before the next click."""
        # gevent.sleep, not self.wait(): locust may stop a user inside wait() mid-journey,
        # leaving a half-filled referral; at the end each user finishes the journey it is on.
        if not STRESS:
            gevent.sleep(self.wait_time())


class Referrer(Staff):
    """Fills in every page of a new referral and submits it."""

    role = "referrer"
    weight = 4

    @task(4)
    def submit_referral(self):
        mark = f"LOADID-{RUN}-{uuid.uuid4().hex}"
        start = self.post("/referrals/new/", {}, name="referral: start", allow_redirects=False)
        match = re.search(r"/referrals/(\d+)/", start.headers.get("Location", ""))
        if not match:
            return
        base = f"/referrals/{match.group(1)}"
        self.client.get(f"{base}/child/", name="referral: child page")
        self.read()
        # A child of their own, as each referral is: one name and birthday for every referral
        # made them one child with hundreds of referrals, whose pages listed them all.
        dob = date.today() - timedelta(days=random.randint(1700, 2000))  # about reception age
        pages = [
            (
                "child",
                {
                    "child_first_name": random.choice(FIRST_NAMES),
                    "child_last_name": random.choice(LAST_NAMES),
                    "child_date_of_birth_0": str(dob.day),
                    "child_date_of_birth_1": str(dob.month),
                    "child_date_of_birth_2": str(dob.year),
                    "child_gender": "girl",
                },
            ),
            (
                "needs",
                {
                    "child_school_year": "reception",
                    "child_send": "no",
                    "child_autism": "unknown",
                    "child_first_language": "English",
                    "interpreter_needed": "no",
                    "postcode_district": "tr1",
                },
            ),
        ]
        for slug, data in pages:
            self.post(f"{base}/{slug}/", data, name=f"referral: {slug}")
            self.read()
        self.post(
            f"{base}/parents/add/",
            {
                "name": "Load Parent",
                "relationship": "birth_parent",
                "phone": "07700 900123",
                "motivated": "yes",
                "agreed_to_referral": "yes",
            },
            name="referral: add parent",
        )
        self.read()
        self.post(f"{base}/parents/", {"continue": ""}, name="referral: parents")
        self.read()
        for slug, data in [
            ("household", {"has_other_children": "no"}),
            ("status", {"plan_status": "cin", "route_in": "direct"}),
            ("concerns", {"concerns": ["attachment", "parenting"]}),
            (
                "checks",
                {
                    "vig_is_right": "yes",
                    "vig_is_right_reason": "The assessment points to the relationship.",
                    "discussed_with_professionals": "yes",
                    "family_seen_explanation": "yes",
                    "family_explanation_detail": "Watched the video.",
                },
            ),
            (
                "questions",
                {
                    "hoped_change": mark,
                    "hoped_change_agreed": "yes",
                    "child_impact": "Feels understood.",
                    "parent_clear_on_impact": "yes",
                },
            ),
            ("prfq", {"prfq_completed": "no"}),
        ]:
            self.post(f"{base}/{slug}/", data, name=f"referral: {slug}")
            self.read()
        self.client.get(f"{base}/check/", name="referral: check answers")
        self.read()
        done = self.post(f"{base}/check/", {}, name="referral: submit", allow_redirects=False)
        if done.status_code == 302 and done.headers.get("Location", "").endswith("/submitted/"):
            created["referrals"].append(mark)
            self.client.get(done.headers["Location"], name="referral: submitted")

    @task(1)
    def my_referrals(self):
        self.client.get("/referrals/", name="my referrals")


class Coordinator(Staff):
    """Works the queue: accepts submitted referrals and allocates waiting ones."""

    role = "coordinator"
    weight = 2

    def _pick(self, path, name):
        page = self.client.get(path, name=name)
        ids = re.findall(r'href="/referrals/(\d+)/"', page.text)
        return random.choice(ids) if ids else None

    @task(2)
    def accept(self):
        pk = self._pick("/referrals/queue/?status=submitted", "queue")
        if not pk:
            return
        self.read()
        self.client.get(f"/referrals/{pk}/", name="referral")
        self.read()
        url = f"/referrals/{pk}/action/accept/"
        form = self.client.get(url, name="action: accept")
        self.read()
        if "version" in _hidden(form.text):
            self.post(url, _hidden(form.text), name="action: accept")

    @task(2)
    def allocate(self):
        pk = self._pick("/referrals/waiting-list/", "waiting list")
        if not pk:
            return
        self.read()
        url = f"/referrals/{pk}/action/allocate/"
        form = self.client.get(url, name="action: allocate")
        self.read()
        guiders = re.findall(r'name="guider"[^>]*value="(\d+)"', form.text) or re.findall(
            r'<option value="(\d+)"', form.text
        )
        hidden = _hidden(form.text)
        if not guiders or "version" not in hidden:
            return
        data = {**hidden, "guider": random.choice(guiders), "confirm_over_capacity": "on"}
        response = self.post(url, data, name="action: allocate", allow_redirects=False)
        if response.status_code == 302:
            created["allocated"].append(int(pk))


class Guider(Staff):
    """Starts the next cycle on one of their cases and records its filming."""

    role = "guider"
    weight = 3

    @task
    def record_cycle(self):
        page = self.client.get("/cases/", name="my cases")
        ids = re.findall(r'href="/cases/(\d+)/"', page.text)
        if not ids:
            return
        pk = random.choice(ids)
        self.read()
        self.client.get(f"/cases/{pk}/", name="case")
        self.read()
        cycles = self.client.get(f"/cycles/cases/{pk}/", name="cycles")
        self.read()
        start = self.post(
            f"/cycles/cases/{pk}/start/",
            _hidden(cycles.text),
            name="cycle: start",
            allow_redirects=False,
        )
        match = re.search(r"/cycles/(\d+)/$", start.headers.get("Location", ""))
        if not match:
            return
        self.read()
        mark = f"LOADID-{RUN}-{uuid.uuid4().hex}"
        url = f"/cycles/{match.group(1)}/filming/"
        form = self.client.get(url, name="cycle: filming")
        self.read()
        today = date.today()
        response = self.post(
            url,
            {
                **_hidden(form.text),
                "filmed_on_0": str(today.day),
                "filmed_on_1": str(today.month),
                "filmed_on_2": str(today.year),
                "setting": mark,
                "who_was_filmed": "Parent and child",
                # The child referred; one of 12 or over without their own consent is
                # refused (200, not counted as created), as the product requires.
                "children_filmed": "focus",
                "minutes": "10",
            },
            name="cycle: filming",
        )
        # Saved and refused both go back to the cycle (a second person on the same case may
        # have recorded it first): only the success message means this user's filming is kept.
        if response.status_code == 200 and "Filming recorded for cycle" in response.text:
            created["cycles"].append(mark)


class Manager(Staff):
    """Opens the reports."""

    role = "manager"
    weight = 1

    @task
    def reports(self):
        for path in REPORT_PATHS or ["/"]:
            self.client.get(path, name=f"report {path}")
            self.read()
