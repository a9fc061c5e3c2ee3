"""The endorsement application attacked from the outside, as a hostile user would: other
people's records, ratings, packets and applications by pk; a waived rating's content; the
rater's link after it is used, replaced, withdrawn or expired; the lock; the workflow; crafted
fields that would make a trainee "ready to apply" on her own; hostile input.

Each test is a class of attack (every URL, every role), kept as a regression test whether the
attack failed or was found and fixed."""

import datetime
import io
import zipfile
from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.applications.conftest import (
    EDUCATION_FORM,
    FORMS,
    MODELS,
    a_membership,
    a_position,
    an_education,
)
from tests.auth import sign_in
from tests.cohorts.factories import CohortFactory
from tests.competencies.factories import category
from tests.factories import ProfileFactory, SupervisionAssignmentFactory, UserFactory
from tests.records.conftest import PDF_BYTES
from tests.references.conftest import rating_post
from tests.references.factories import ReferenceRequestFactory, make_request
from training.applications.enums import ApplicationStatus
from training.applications.models import (
    AgreementAcceptance,
    AgreementText,
    Application,
    ApplicationEvent,
)
from training.applications.workflow import application_start, application_submit
from training.notifications.models import OutboxMessage
from training.readiness.enums import ExportStatus
from training.readiness.models import PacketExport
from training.references.models import ReferenceRequest

pytestmark = pytest.mark.django_db

NOT_FOUND, FOUND, OK = HTTPStatus.NOT_FOUND, HTTPStatus.FOUND, HTTPStatus.OK
CANARY = "canary-attack-5d1c-waived"
NUMBER_CANARY = "ATTNUM-9931"


# --- the world: two cohorts, each with a trainee and a coordinator ------------------------


@pytest.fixture
def world(db):
    her = UserFactory(trainee=True, first_name="Ada", last_name="Victim")
    ProfileFactory(user=her, target_category=category("IFS"))
    rival = UserFactory(trainee=True, first_name="Mallory", last_name="Rival")
    ProfileFactory(user=rival, target_category=category("IFS"))
    coordinator = UserFactory(coordinator=True, with_mfa=True)
    other_coordinator = UserFactory(coordinator=True, with_mfa=True)
    her_cohort = CohortFactory(coordinator=coordinator, trainees=[her])
    rival_cohort = CohortFactory(coordinator=other_coordinator, trainees=[rival])
    supervisor = SupervisionAssignmentFactory(
        trainee=rival, starts_on=timezone.localdate() - datetime.timedelta(days=30)
    ).supervisor
    education = an_education(her)
    education.transcript.save("t.pdf", ContentFile(PDF_BYTES))
    records = {"education": education, "work": a_position(her), "membership": a_membership(her)}
    waiting, _token = make_request(trainee=her, rater_name="Wanda Waiting")
    readable = ReferenceRequestFactory(trainee=her, completed=True, comments="Open remark")
    packet = PacketExport.objects.create(
        trainee=her, category=category("IFS"), status=ExportStatus.READY
    )
    packet.file.save("packet.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    return {
        "her": her,
        "rival": rival,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        # a supervisor of another trainee, not hers
        "supervisor": supervisor,
        "her_cohort": her_cohort,
        "rival_cohort": rival_cohort,
        "records": records,
        "waiting": waiting,
        "readable": readable,
        "packet": packet,
    }


def _client(person):
    client = Client()
    if person is not None:
        sign_in(client, person)
    return client


HOSTILE = ["rival", "other_coordinator", "supervisor", "anonymous"]


def _her_urls(w) -> dict[str, str]:
    """Every new URL that names one of her things by pk."""
    her, recs = w["her"], w["records"]
    urls = {
        "transcript": reverse("applications_education_transcript", args=[recs["education"].pk]),
        "applications_of": reverse("applications_of", args=[her.pk]),
        "exam_record": reverse("applications_exam_record", args=[her.pk]),
        "references_detail": reverse("references_detail", args=[w["readable"].pk]),
        "references_resend": reverse("references_resend", args=[w["waiting"].pk]),
        "references_revoke": reverse("references_revoke", args=[w["waiting"].pk]),
        "references_of": reverse("references_of", args=[her.pk]),
        "packet_download": reverse("readiness_packet_download", args=[w["packet"].pk]),
        "packet_request_for": reverse("readiness_packet_request_for", args=[her.pk]),
        "cohort_application": reverse("cohort_application", args=[w["her_cohort"].pk, her.pk]),
        # her, under the other cohort's pk
        "cohort_application_crossed": reverse(
            "cohort_application", args=[w["rival_cohort"].pk, her.pk]
        ),
    }
    for kind, record in recs.items():
        for action in ("edit", "delete", "verify", "return"):
            urls[f"{kind}_{action}"] = reverse(f"applications_{kind}_{action}", args=[record.pk])
    return urls


def _state(w):
    """Everything an attack could change of hers."""
    recs = w["records"]
    return (
        [type(r).objects.filter(pk=r.pk).values().first() for r in recs.values()],
        list(ReferenceRequest.objects.filter(trainee=w["her"]).order_by("pk").values()),
        list(Application.objects.filter(trainee=w["her"]).values()),
        PacketExport.objects.filter(trainee=w["her"]).count(),
        OutboxMessage.objects.count(),
    )


@pytest.mark.parametrize("who", HOSTILE)
@pytest.mark.parametrize("method", ["get", "post"])
def test_no_one_else_reaches_any_of_her_urls(world, who, method):
    """IDOR: every new URL with her pk, GET and POST, as another trainee, another trainee's
    supervisor, a coordinator of another cohort and someone signed out: 404 (or sign-in, or
    405 for a POST-only action), nothing changes and nothing of hers shows."""
    client = _client(world.get(who))
    before = _state(world)
    secrets = ["Xylophonic", "Quintessa", "Zanzibar", "Open remark", "Wanda Waiting"]
    for name, url in _her_urls(world).items():
        data = {"move": "submit", "on": "2026-01-01", "reason": "x", "accept": "on"}
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        if who == "anonymous":
            assert response.status_code == FOUND, name
            assert "/accounts/login/" in response["Location"], name
            continue
        # 403 only from a role gate that answers the same for every pk (references pages are
        # for trainees): it tells nothing about her
        assert response.status_code in (
            NOT_FOUND,
            HTTPStatus.METHOD_NOT_ALLOWED,
            HTTPStatus.FORBIDDEN,
        ), (name, response.status_code)
        body = b"" if response.streaming else response.content
        assert not [s for s in secrets if s.encode() in body], name
    assert _state(world) == before


@pytest.mark.parametrize("who", ["her", "rival"])
def test_trainees_reach_no_coordinator_url_even_for_themselves(world, who):
    """A trainee cannot open her own coordinator pages (application, verify, exam, reviewers'
    ratings): she would verify herself or read her waived ratings."""
    person = world[who]
    client = _client(person)
    own_cohort = world["her_cohort"] if who == "her" else world["rival_cohort"]
    urls = [
        reverse("applications_of", args=[person.pk]),
        reverse("applications_exam_record", args=[person.pk]),
        reverse("references_of", args=[person.pk]),
        reverse("readiness_packet_request_for", args=[person.pk]),
        reverse("cohort_application", args=[own_cohort.pk, person.pk]),
    ]
    if who == "her":
        urls += [
            reverse(f"applications_{kind}_{action}", args=[record.pk])
            for kind, record in world["records"].items()
            for action in ("verify", "return")
        ]
    before = _state(world)
    for url in urls:
        for response in (client.get(url), client.post(url, {"move": "start", "reason": "x"})):
            assert response.status_code in (NOT_FOUND, HTTPStatus.METHOD_NOT_ALLOWED), url
    assert _state(world) == before
    assert not any(r.verified for r in world["records"].values())


def test_a_coordinator_cannot_reach_her_own_cohorts_trainee_under_anothers_pk_or_vice_versa(
    world,
):
    """cohort_application pairs a cohort pk with a trainee pk: both must be hers."""
    client = _client(world["coordinator"])
    her, rival = world["her"], world["rival"]
    crossed = [
        # the rival (other cohort) under her own cohort's pk
        reverse("cohort_application", args=[world["her_cohort"].pk, rival.pk]),
        # her own trainee under the other cohort's pk
        reverse("cohort_application", args=[world["rival_cohort"].pk, her.pk]),
        reverse("cohort_application", args=[world["rival_cohort"].pk, rival.pk]),
    ]
    for url in crossed:
        assert client.get(url).status_code == NOT_FOUND, url
        assert client.post(url, {"move": "start"}).status_code == NOT_FOUND, url
    assert not Application.objects.exists()
    ok = reverse("cohort_application", args=[world["her_cohort"].pk, her.pk])
    assert client.get(ok).status_code == OK


def test_records_of_another_trainee_under_a_kind_url_of_another_kind_are_not_found(world):
    """The pk of her work record under the education URL (and so on) finds nothing."""
    client = _client(world["her"])
    recs = world["records"]
    for kind in recs:
        for other_kind, record in recs.items():
            if other_kind == kind or record.pk in {
                r.pk for r in MODELS[kind].objects.filter(trainee=world["her"])
            }:
                continue
            url = reverse(f"applications_{kind}_edit", args=[record.pk])
            assert client.get(url).status_code == NOT_FOUND


# --- the waived rating ------------------------------------------------------------------


@pytest.fixture
def waived(world, django_capture_on_commit_callbacks):
    """A waived rating completed through the rater's link, every field a canary."""
    request, token = make_request(trainee=world["her"], waived=True, rater_name="Dana Secret")
    data = rating_post(
        comments=f"Between us: {CANARY}",
        known_months="233",
        rater_category=str(category("IMHS").pk),
        rater_endorsement_number=NUMBER_CANARY,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("references_rate", args=[token]), data)
    assert response.status_code == FOUND
    request.refresh_from_db()
    assert request.completed_at and CANARY in request.comments
    return request, token


def _leaks(body: bytes, *, binary: bool = False) -> list[str]:
    # A compressed file's bytes hold any three digits by chance now and then: the months known
    # are looked for only in text (the PDF's words are checked in the HTML it is made from).
    canaries = (CANARY, NUMBER_CANARY) if binary else (CANARY, NUMBER_CANARY, "233")
    return [c for c in canaries if c.encode() in body]


def test_a_waived_rating_is_not_found_for_her_and_not_in_her_list_readiness_or_emails(
    world, waived
):
    request, _token = waived
    client = _client(world["her"])
    detail = client.get(reverse("references_detail", args=[request.pk]))
    assert detail.status_code == NOT_FOUND
    assert _leaks(detail.content) == []
    for name in ("references_list", "readiness", "applications_home", "dashboard"):
        response = client.get(reverse(name), follow=True)
        assert response.status_code == OK, name
        assert _leaks(response.content) == [], name
    # a bad POST re-renders her forms: none of them brings the rating along
    for url in (reverse("references_invite"), reverse("applications_education_add")):
        response = client.post(url, {"rater_email": "not-an-address"})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert _leaks(response.content) == []
    for message in OutboxMessage.objects.filter(to_email=world["her"].email):
        assert _leaks((message.subject + message.body).encode()) == []
    # her coordinator reads it
    coordinator_page = _client(world["coordinator"]).get(
        reverse("references_of", args=[world["her"].pk])
    )
    assert CANARY.encode() in coordinator_page.content


def test_a_waived_rating_is_not_in_her_packet(world, waived):
    from training.readiness.packet import packet_build, packet_request

    with_export = packet_request(trainee=world["her"], actor=world["her"])
    packet_build(export_id=with_export.pk)
    with_export.refresh_from_db()
    with zipfile.ZipFile(with_export.file.open("rb")) as archive:
        for name in archive.namelist():
            binary = not name.endswith((".csv", ".html", ".txt"))
            assert _leaks(archive.read(name), binary=binary) == [], name
    from training.readiness.packet import packet_contents, packet_html

    assert _leaks(packet_html(packet_contents(trainee=world["her"])).encode()) == []


def test_the_rater_form_reshown_after_a_bad_post_holds_only_what_the_rater_typed(world):
    """A rater's bad POST re-renders her own answers to her (the link's holder), and names
    no other request."""
    _request, token = make_request(trainee=world["her"], waived=True)
    response = Client().post(
        reverse("references_rate", args=[token]), {"comments": CANARY, "known_months": "x"}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert b"Wanda Waiting" not in response.content
    assert b"Open remark" not in response.content


# --- the rater's link -------------------------------------------------------------------


def _rate(token, **changes):
    return Client().post(reverse("references_rate", args=[token]), rating_post(**changes))


def test_a_link_works_once_and_a_second_post_changes_nothing(world):
    request, token = make_request(trainee=world["her"])
    assert _rate(token, comments="first").status_code == FOUND
    again = _rate(token, comments="second", known_months="3")
    assert again.status_code == HTTPStatus.GONE
    request.refresh_from_db()
    assert request.comments == "first" and request.known_months == 24
    assert Client().get(reverse("references_rate", args=[token])).status_code == HTTPStatus.GONE


def test_old_revoked_and_expired_links_open_nothing_and_name_nobody(world):
    her = world["her"]
    client = _client(her)
    resent, old_token = make_request(trainee=her, rater_name="Resent Rater")
    client.post(reverse("references_resend", args=[resent.pk]))
    revoked, revoked_token = make_request(trainee=her, rater_name="Revoked Rater")
    client.post(reverse("references_revoke", args=[revoked.pk]))
    expired, expired_token = make_request(
        trainee=her,
        rater_name="Expired Rater",
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    unknown = "x" * 43
    bodies = []
    for token in (old_token, revoked_token, expired_token, unknown):
        get = Client().get(reverse("references_rate", args=[token]))
        post = _rate(token)
        assert get.status_code in (NOT_FOUND, HTTPStatus.GONE)
        assert post.status_code in (NOT_FOUND, HTTPStatus.GONE)
        for response in (get, post):
            assert b"Ada" not in response.content and b"Victim" not in response.content
            for rater in (b"Resent Rater", b"Revoked Rater", b"Expired Rater"):
                assert rater not in response.content
        bodies.append(get.content)
    # one neutral page for all of them
    assert len(set(bodies)) == 1
    for request in (resent, revoked, expired):
        request.refresh_from_db()
        assert request.completed_at is None


def test_a_rater_post_cannot_reach_another_request_through_hidden_fields(world):
    """Extra fields (pk, trainee, request ids, completed_at, waived) are ignored."""
    target, _other_token = make_request(trainee=world["rival"], waived=True)
    mine, token = make_request(trainee=world["her"], waived=True)
    crafted = {
        "pk": str(target.pk),
        "id": str(target.pk),
        "request_id": str(target.pk),
        "trainee": str(world["rival"].pk),
        "waived": "",
        "completed_at": "2020-01-01",
    }
    assert _rate(token, **crafted).status_code == FOUND
    target.refresh_from_db()
    mine.refresh_from_db()
    assert target.completed_at is None and target.answers == {}
    assert mine.completed_at and mine.waived and mine.trainee_id == world["her"].pk


def test_rater_pages_are_not_cached_not_framed_and_send_no_referrer(world):
    _request, token = make_request(trainee=world["her"])
    for response in (
        Client().get(reverse("references_rate", args=[token])),
        Client().get(reverse("references_rate", args=["unknown-token"])),
        Client().get(reverse("references_rate_done")),
    ):
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"
        framing = response.get("X-Frame-Options", "") + response.get("Content-Security-Policy", "")
        assert "DENY" in framing.upper() or "frame-ancestors 'none'" in framing


def test_she_cannot_invite_any_of_her_own_addresses(world):
    from allauth.account.models import EmailAddress

    her = world["her"]
    EmailAddress.objects.create(user=her, email="ada.second@home.example", verified=True)
    client = _client(her)
    for address in (
        her.email,
        her.email.upper(),
        " ada.second@home.example ",
        "ADA.SECOND@home.example",
    ):
        response = client.post(
            reverse("references_invite"),
            {"rater_name": "Me", "rater_email": address, "role": "colleague"},
        )
        assert response.status_code == HTTPStatus.BAD_REQUEST, address
    assert not ReferenceRequest.objects.filter(rater_name="Me").exists()


def test_the_applicant_signed_in_cannot_answer_her_own_rating(world):
    """A trainee who invited an address she controls and opens the link in her own signed-in
    browser is refused: the rating must come from someone else."""
    request, token = make_request(trainee=world["her"])
    client = _client(world["her"])
    page = client.get(reverse("references_rate", args=[token]))
    assert page.status_code == HTTPStatus.FORBIDDEN
    posted = client.post(reverse("references_rate", args=[token]), rating_post())
    assert posted.status_code == HTTPStatus.FORBIDDEN
    request.refresh_from_db()
    assert request.completed_at is None
    # the link still works for the rater
    assert _rate(token).status_code == FOUND


# --- the lock ---------------------------------------------------------------------------


@pytest.fixture
def submitted(world):
    app = application_start(
        actor=world["coordinator"], trainee=world["her"], category=category("IFS")
    )
    return application_submit(actor=world["coordinator"], application=app, on=timezone.localdate())


def test_while_submitted_no_path_changes_her_records_or_ratings(world, submitted):
    her = world["her"]
    client = _client(her)
    ethics = AgreementText.objects.create(
        kind="code_of_ethics",
        title="Code of Ethics",
        version="2026",
        body="Be kind.",
        published_on=timezone.localdate(),
    )
    before = _state(world)
    acceptances = AgreementAcceptance.objects.count()
    recs = world["records"]
    attempts = []
    for kind, record in recs.items():
        form = dict(FORMS[kind])
        attempts += [
            ("post", reverse(f"applications_{kind}_add"), form),
            ("post", reverse(f"applications_{kind}_edit", args=[record.pk]), form),
            ("post", reverse(f"applications_{kind}_delete", args=[record.pk]), {}),
        ]
    replacement = SimpleUploadedFile("new.pdf", PDF_BYTES, content_type="application/pdf")
    attempts += [
        (
            "post",
            reverse("applications_education_edit", args=[recs["education"].pk]),
            {**EDUCATION_FORM, "transcript": replacement},
        ),
        (
            "post",
            reverse("references_invite"),
            {"rater_name": "New", "rater_email": "new@raters.example", "role": "colleague"},
        ),
        ("post", reverse("references_resend", args=[world["waiting"].pk]), {}),
        ("post", reverse("references_revoke", args=[world["waiting"].pk]), {}),
    ]
    for _method, url, data in attempts:
        response = client.post(url, data)
        assert response.status_code in (HTTPStatus.BAD_REQUEST, FOUND), url
    assert _state(world) == before
    # the agreements she accepts count as evidence of the application too
    response = client.post(
        reverse("applications_agreement_accept", args=[ethics.pk]), {"accept": "on"}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert AgreementAcceptance.objects.count() == acceptances
    # Wagtail and Django admin are not hers
    for url in ("/admin/", "/django-admin/"):
        response = client.get(url)
        assert response.status_code in (FOUND, NOT_FOUND, HTTPStatus.FORBIDDEN), url


# --- the workflow -----------------------------------------------------------------------


@pytest.mark.parametrize("move", ["start", "submit", "review", "exam", "endorse", "return"])
@pytest.mark.parametrize("who", ["her", "rival", "other_coordinator", "supervisor"])
def test_only_her_coordinator_moves_her_application(world, who, move):
    app = application_start(
        actor=world["coordinator"], trainee=world["her"], category=category("IFS")
    )
    client = _client(world[who])
    url = reverse("cohort_application", args=[world["her_cohort"].pk, world["her"].pk])
    data = {
        "move": move,
        "on": timezone.localdate().isoformat(),
        "number": "E-9",
        "reason": "x",
        "category": str(category("IFS").pk),
    }
    assert client.post(url, data).status_code == NOT_FOUND
    app.refresh_from_db()
    assert app.status == ApplicationStatus.PREPARING
    assert ApplicationEvent.objects.filter(application=app).count() == 1


@pytest.mark.parametrize(
    "move", ["", "endorse", "exam", "review", "return", "__class__", "start ", "SUBMIT", "x" * 500]
)
def test_crafted_or_illegal_moves_change_nothing(world, move):
    app = application_start(
        actor=world["coordinator"], trainee=world["her"], category=category("IFS")
    )
    client = _client(world["coordinator"])
    url = reverse("cohort_application", args=[world["her_cohort"].pk, world["her"].pk])
    response = client.post(
        url,
        {"move": move, "on": timezone.localdate().isoformat(), "number": "E-9", "reason": "x"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    app.refresh_from_db()
    assert app.status == ApplicationStatus.PREPARING
    assert ApplicationEvent.objects.filter(application=app).count() == 1


def test_a_double_submit_moves_once(world):
    app = application_start(
        actor=world["coordinator"], trainee=world["her"], category=category("IFS")
    )
    client = _client(world["coordinator"])
    url = reverse("cohort_application", args=[world["her_cohort"].pk, world["her"].pk])
    data = {
        "move": "submit",
        "submit-on": timezone.localdate().isoformat(),
        "submit-incomplete_ok": "on",
        "submission_key": "k" * 20,
    }
    first = client.post(url, data)
    second = client.post(url, data)
    third = client.post(url, {**data, "submission_key": "j" * 20})
    assert first.status_code == FOUND and second.status_code == FOUND
    assert third.status_code == HTTPStatus.BAD_REQUEST
    assert ApplicationEvent.objects.filter(application=app, to_status="submitted").count() == 1


# --- readiness truth: nothing counts without the coordinator ---------------------------


CRAFTED_VERIFICATION = {
    "verified": "on",
    "verified_by": "1",
    "verified_at": "2026-01-01T00:00",
    "trainee": "1",
    "rejected_at": "",
}


@pytest.mark.parametrize("kind", ["education", "work", "membership"])
def test_crafted_verification_fields_never_verify_her_own_record(world, kind):
    her = world["her"]
    client = _client(her)
    add = client.post(reverse(f"applications_{kind}_add"), {**FORMS[kind], **CRAFTED_VERIFICATION})
    assert add.status_code == FOUND
    created = MODELS[kind].objects.filter(trainee=her).order_by("-pk").first()
    assert not created.verified and created.verified_by is None
    # a verified record, edited with a change and the crafted fields, waits again
    record = world["records"][kind]
    type(record).objects.filter(pk=record.pk).update(
        verified=True, verified_by=world["coordinator"], verified_at=timezone.now()
    )
    edit = client.post(
        reverse(f"applications_{kind}_edit", args=[record.pk]),
        {**FORMS[kind], **CRAFTED_VERIFICATION},
    )
    assert edit.status_code == FOUND
    record.refresh_from_db()
    assert not record.verified and record.verified_by is None
    # and she cannot verify it herself
    response = client.post(reverse(f"applications_{kind}_verify", args=[record.pk]))
    assert response.status_code == NOT_FOUND
    record.refresh_from_db()
    assert not record.verified


def test_an_agreement_not_in_force_is_refused_by_pk(world):
    her = world["her"]
    today = timezone.localdate()
    old = AgreementText.objects.create(
        kind="code_of_ethics",
        title="C",
        version="1",
        body="x",
        published_on=today.replace(year=2020),
    )
    AgreementText.objects.create(
        kind="code_of_ethics", title="C", version="2", body="y", published_on=today
    )
    future = AgreementText.objects.create(
        kind="endorsement_agreement",
        title="E",
        version="9",
        body="z",
        published_on=today + datetime.timedelta(days=30),
    )
    client = _client(her)
    for text in (old, future):
        url = reverse("applications_agreement_accept", args=[text.pk])
        assert client.post(url, {"accept": "on"}).status_code == HTTPStatus.BAD_REQUEST
    assert (
        client.post(
            reverse("applications_agreement_accept", args=[999999]), {"accept": "on"}
        ).status_code
        == NOT_FOUND
    )
    assert not AgreementAcceptance.objects.filter(trainee=her).exists()


def test_she_cannot_write_a_rating_into_her_own_request(world):
    """Only the rater's link completes a rating: no page of hers takes answers."""
    her = world["her"]
    client = _client(her)
    waiting = world["waiting"]
    for url in (
        reverse("references_detail", args=[waiting.pk]),
        reverse("references_resend", args=[waiting.pk]),
        reverse("references_list"),
    ):
        client.post(url, rating_post())
    waiting.refresh_from_db()
    assert waiting.completed_at is None and waiting.answers == {}


# --- hostile input ----------------------------------------------------------------------


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","click")'


def test_a_raters_and_an_applicants_markup_is_escaped_for_the_coordinator(world):
    her = world["her"]
    request, token = make_request(trainee=her, rater_name=XSS)
    _rate(token, comments=XSS)
    work = world["records"]["work"]
    type(work).objects.filter(pk=work.pk).update(duties=XSS, supervisor_name=XSS)
    client = _client(world["coordinator"])
    for url in (
        reverse("references_of", args=[her.pk]),
        reverse("applications_of", args=[her.pk]),
        reverse("applications_verification_queue"),
    ):
        body = client.get(url).content
        assert b"<script>alert" not in body, url
        assert b"<img src=x" not in body, url


def test_record_fields_never_become_formulas_in_the_packet(world):
    from training.readiness.packet import packet_build, packet_request

    her = world["her"]
    recs = world["records"]
    type(recs["work"]).objects.filter(pk=recs["work"].pk).update(
        position=FORMULA, employer="+cmd|' /C calc'!A0", duties="@SUM(1+1)", verified=True
    )
    type(recs["education"]).objects.filter(pk=recs["education"].pk).update(
        field="-2+3", institution=FORMULA, verified=True
    )
    type(recs["membership"]).objects.filter(pk=recs["membership"].pk).update(
        association=FORMULA, number="=1+1", verified=True
    )
    ReferenceRequestFactory(trainee=her, rater_name=FORMULA, completed=True)
    export = packet_request(trainee=her, actor=her)
    packet_build(export_id=export.pk)
    export.refresh_from_db()
    import csv

    with zipfile.ZipFile(export.file.open("rb")) as archive:
        for name in archive.namelist():
            if not name.endswith(".csv"):
                continue
            for row in csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))):
                for cell in row:
                    assert cell[:1] not in ("=", "+", "-", "@"), (name, cell)


def test_the_cohort_export_makes_no_formula_of_a_trainees_name(world):
    her = world["her"]
    type(her).objects.filter(pk=her.pk).update(first_name=FORMULA)
    client = _client(world["coordinator"])
    response = client.get(reverse("cohort_export", args=[world["her_cohort"].pk, "csv"]))
    assert response.status_code == OK
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "\n=" not in body and ",=" not in body and '"=' not in body


@pytest.mark.parametrize(
    "name,content,content_type",
    [
        ("t.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"),
        ("t.exe", b"MZ\x90\x00" + b"\0" * 100, "application/pdf"),
        ("t.svg", b"<svg onload=alert(1)>", "image/svg+xml"),
        ("t.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "application/pdf"),
    ],
)
def test_a_transcript_that_is_not_a_small_pdf_or_image_is_refused(
    world, name, content, content_type
):
    her = world["her"]
    client = _client(her)
    before = her.education_set.count() if hasattr(her, "education_set") else None
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = client.post(
        reverse("applications_education_add"), {**EDUCATION_FORM, "transcript": upload}
    )
    # too big: refused before the view, by the body-size limit
    assert response.status_code in (HTTPStatus.BAD_REQUEST, HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    if before is not None:
        assert her.education_set.count() == before


def test_unknown_pks_answer_like_others_pks(world):
    """A pk that does not exist and one that is not yours give the same 404 page."""
    client = _client(world["rival"])
    her_waiting = world["waiting"].pk
    for name in ("references_detail",):
        mine = client.get(reverse(name, args=[her_waiting]))
        none = client.get(reverse(name, args=[10**8]))
        assert mine.status_code == none.status_code == NOT_FOUND
        assert b"Wanda" not in mine.content and b"Ada" not in mine.content


def test_the_readiness_command_prints_no_rating_content(world, waived):
    from django.core.management import call_command

    for args in ([], ["--json"]):
        out = io.StringIO()
        call_command("readiness", world["her"].email, *args, stdout=out)
        printed = out.getvalue()
        assert CANARY not in printed and NUMBER_CANARY not in printed, args


def test_a_rater_name_with_line_breaks_injects_no_header_and_blocks_no_email(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    """A rater's name goes into the subject of the applicant's 'completed' email: line breaks
    in it must not add headers, nor leave an email that can never be sent."""
    from training.notifications.enums import OutboxStatus
    from training.notifications.services import outbox_deliver

    client = _client(world["her"])
    name = "Bob\r\nBcc: loot@evil.example"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("references_invite"),
            {"rater_name": name, "rater_email": "bob@raters.example", "role": "colleague"},
        )
    invited = ReferenceRequest.objects.filter(rater_email="bob@raters.example").first()
    if invited is None:  # refused at the form: fine too
        assert response.status_code == HTTPStatus.BAD_REQUEST
        return
    assert "\n" not in invited.rater_name and "\r" not in invited.rater_name
    request, token = make_request(trainee=world["her"], rater_name=name)
    with django_capture_on_commit_callbacks(execute=True):
        _rate(token)
    for message in OutboxMessage.objects.all():
        try:
            outbox_deliver(message_id=message.pk)
        except Exception as error:  # noqa: BLE001
            pytest.fail(f"an email cannot be sent: {message.subject!r}: {error}")
    assert not OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists()
    assert all("evil.example" not in ",".join(m.bcc + m.to) for m in mailoutbox)


def test_a_fake_rater_at_an_address_she_controls_is_inherent_and_shown_to_the_coordinator(world):
    """INHERENT: a rater needs no account, so a trainee can invite an address she controls
    and answer herself, claiming any endorsement or 'vetted'. Attune cannot tell; what catches
    it is her coordinator, who reads on the reviewers' page the rater's address, role, how long
    they say they know her, and the endorsement as the rater stated it (to check with the
    association's register)."""
    her = world["her"]
    client = _client(her)
    client.post(
        reverse("references_invite"),
        {"rater_name": "Totally Real", "rater_email": "alias@her-own.example", "role": "colleague"},
    )
    fake = ReferenceRequest.objects.get(rater_email="alias@her-own.example")
    # the link is only in the email; the test reads it from the outbox as she would
    body = OutboxMessage.objects.filter(to_email="alias@her-own.example").latest("pk").body
    token = body.split("/references/rate/")[1].split("/")[0]
    assert _rate(token, known_months="600", rater_vetted="on").status_code == FOUND
    fake.refresh_from_db()
    assert fake.completed_at and fake.rater_vetted  # it counts: Attune cannot know
    page = _client(world["coordinator"]).get(reverse("references_of", args=[her.pk])).content
    assert b"alias@her-own.example" in page
    assert b"as the rater stated it" in page and b"Vetted by the association" in page


@pytest.mark.parametrize("kind", ["education", "work", "membership"])
@pytest.mark.parametrize("where", ["applications_verification_queue", "applications_of"])
def test_a_record_changed_after_the_coordinator_read_it_is_not_verified_by_her_click(
    world, kind, where
):
    """The race: the coordinator opens the queue and reads a modest record; the trainee then
    edits it (inflated hours, another degree); the coordinator's Verify, sent from the page
    she read, must not verify what she never saw."""
    import re

    her = world["her"]
    coordinator = _client(world["coordinator"])
    args = [her.pk] if where == "applications_of" else []
    html = coordinator.get(reverse(where, args=args)).content.decode()
    record = world["records"][kind]
    action = reverse(f"applications_{kind}_verify", args=[record.pk])
    form = re.search(rf'<form method="post" action="{re.escape(action)}">(.*?)</form>', html)
    assert form, "the page offers Verify for the record"
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(1)))
    # she changes it after the coordinator read it
    changed = {**FORMS[kind]}
    assert (
        _client(her)
        .post(reverse(f"applications_{kind}_edit", args=[record.pk]), changed)
        .status_code
        == FOUND
    )
    response = coordinator.post(action, fields, follow=True)
    assert response.status_code == OK
    record.refresh_from_db()
    assert not record.verified
    assert b"changed since" in response.content
    # read again, it verifies
    html = coordinator.get(reverse(where, args=args)).content.decode()
    form = re.search(rf'<form method="post" action="{re.escape(action)}">(.*?)</form>', html)
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(1)))
    coordinator.post(action, fields)
    record.refresh_from_db()
    assert record.verified
