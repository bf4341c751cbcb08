"""Who may open which case: guiders their own, supervisors their supervisees', 404 otherwise."""

import pytest
from django.urls import reverse

from cases.models import Case
from cases.tests.factories import (
    ActiveCaseFactory,
    ConsentFactory,
    TrajectHeadingFactory,
)
from vig_service.accounts.roles import Role
from vig_service.accounts.tests.factories import (
    CoordinatorFactory,
    GuiderFactory,
    ManagerFactory,
    ReferrerFactory,
    SupervisorFactory,
    UserFactory,
)

CASE_URLS = [
    "overview",
    "contacts",
    "contact_add",
    "contract",
    "consents",
    "consent_add",
    "questions",
    "question_add",
    "traject",
    "traject_heading_add",
    "timeline",
    "close",
    "footage",
]


def _every_case_url(case) -> list[str]:
    consent = ConsentFactory(case=case)
    heading = TrajectHeadingFactory(case=case)
    return [
        *(reverse(f"cases:{name}", args=[case.pk]) for name in CASE_URLS),
        reverse("cases:start", args=[case.pk]),
        reverse("cases:consent_withdraw", args=[case.pk, consent.pk]),
        reverse("cases:traject_heading", args=[case.pk, heading.pk]),
        reverse("cases:traject_history", args=[case.pk, heading.pk]),
    ]


def test_a_guider_gets_404_on_every_url_of_another_guiders_case(client, db):
    """Reading or posting, a colleague's case is simply not there; nothing changes."""
    case = ActiveCaseFactory()
    events = case.events.count()
    client.force_login(GuiderFactory())
    for url in _every_case_url(case):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {}).status_code == 404, url
    assert case.events.count() == events


def test_the_guider_and_co_worker_open_the_case(client, db):
    """Both people working with the family see its overview."""
    co_worker = GuiderFactory()
    case = ActiveCaseFactory(co_worker=co_worker)
    for user in (case.guider, co_worker):
        client.force_login(user)
        assert client.get(reverse("cases:overview", args=[case.pk])).status_code == 200


def test_a_supervisor_sees_their_supervisees_cases_only(client, db):
    """Cases guided or co-worked by a supervisee are visible; other guiders' are 404."""
    supervisor = SupervisorFactory()
    trainee = GuiderFactory(supervisor=supervisor)
    guided = ActiveCaseFactory(guider=trainee)
    co_worked = ActiveCaseFactory(co_worker=trainee)
    other = ActiveCaseFactory()

    assert set(Case.objects.visible_to(supervisor)) == {guided, co_worked}
    client.force_login(supervisor)
    assert client.get(reverse("cases:overview", args=[guided.pk])).status_code == 200
    assert client.get(reverse("cases:questions", args=[co_worked.pk])).status_code == 200
    assert client.get(reverse("cases:overview", args=[other.pk])).status_code == 404


def test_a_guider_who_supervises_trainees_sees_their_cases_too(db):
    """A guider sees their own cases plus those of trainees they supervise."""
    guider = GuiderFactory()
    own = ActiveCaseFactory(guider=guider)
    trainees = ActiveCaseFactory(guider=GuiderFactory(supervisor=guider))
    ActiveCaseFactory()
    assert set(Case.objects.visible_to(guider)) == {own, trainees}


def test_a_supervisor_reads_but_does_not_change_a_supervisees_case(client, db):
    """Supervision is oversight: forms on the case are refused with 403."""
    supervisor = SupervisorFactory()
    case = ActiveCaseFactory(guider=GuiderFactory(supervisor=supervisor))
    client.force_login(supervisor)
    page = client.get(reverse("cases:contacts", args=[case.pk])).content.decode()
    assert "Add a contact" not in page
    assert client.get(reverse("cases:contact_add", args=[case.pk])).status_code == 403
    assert client.post(reverse("cases:close", args=[case.pk]), {}).status_code == 403


def test_coordinators_open_and_change_every_case(client, db):
    """The team lead can open any case and work on it."""
    case = ActiveCaseFactory()
    client.force_login(CoordinatorFactory())
    assert client.get(reverse("cases:overview", args=[case.pk])).status_code == 200
    assert client.get(reverse("cases:contact_add", args=[case.pk])).status_code == 200


def test_a_manager_finds_no_case_far_from_its_limit(client, db):
    """A manager (without coordinator) reads only cases near their limit: others are a 404."""
    case = ActiveCaseFactory()
    manager = ManagerFactory()
    client.force_login(manager)
    assert client.get(reverse("cases:list")).status_code == 403
    assert client.get(reverse("cases:overview", args=[case.pk])).status_code == 404
    assert not Case.objects.visible_to(manager).exists()


@pytest.mark.parametrize("factory", [ReferrerFactory, UserFactory])
def test_people_without_a_case_role_have_no_case_pages(client, db, factory):
    """Referrers and people with no role are refused."""
    case = ActiveCaseFactory()
    client.force_login(factory())
    assert client.get(reverse("cases:list")).status_code == 403
    assert client.get(reverse("cases:overview", args=[case.pk])).status_code == 403
    assert not Case.objects.visible_to(factory()).exists()


def test_a_referrer_who_is_also_a_guider_still_sees_only_their_cases(db):
    """Roles add up; visibility follows the case-work roles."""
    user = UserFactory(roles=[Role.REFERRER, Role.GUIDER])
    own = ActiveCaseFactory(guider=user)
    ActiveCaseFactory()
    assert list(Case.objects.visible_to(user)) == [own]
