"""A parent's two answers (motivated, agreed to the referral) are shown as they were given."""

import io
import re
import zipfile

import pytest
from django.urls import reverse

from referrals import rules
from referrals.models import Referral, ReferralSettings
from referrals.tests.factories import (
    CompleteDraftFactory,
    ParentCarerFactory,
    SubmittedReferralFactory,
)
from vig_service.accounts.tests.factories import AdministratorFactory, CoordinatorFactory

BOTH_ANSWERS = pytest.mark.parametrize(
    ("motivated", "agreed", "words"),
    [
        (True, True, "Motivated to take part; has agreed to the referral"),
        (True, False, "Motivated to take part; has not agreed to the referral"),
        (False, True, "Not motivated to take part; has agreed to the referral"),
        (False, False, "Not motivated to take part; has not agreed to the referral"),
    ],
)
ROW = re.compile(
    r'<dt class="govuk-summary-list__key">Motivated and agreed</dt>\s*'
    r'<dd class="govuk-summary-list__value">([^<]*)</dd>'
)


def _with_parent(factory, *, motivated, agreed):
    referral = factory(parent=None)
    ParentCarerFactory(
        referral=referral, name="Kerensa Pascoe", motivated=motivated, agreed_to_referral=agreed
    )
    return referral


@BOTH_ANSWERS
def test_check_answers_shows_the_parents_answers_as_given(client, db, motivated, agreed, words):
    """Check your answers says whether the parent is motivated and has agreed, as answered."""
    draft = _with_parent(CompleteDraftFactory, motivated=motivated, agreed=agreed)
    client.force_login(draft.referrer)
    html = client.get(reverse("referrals:check", args=[draft.pk])).content.decode()
    assert ROW.findall(html) == [words]


@BOTH_ANSWERS
def test_coordinators_referral_page_shows_the_parents_answers_as_given(
    client, db, motivated, agreed, words
):
    """The coordinator's referral page says the same as the referrer answered."""
    referral = _with_parent(SubmittedReferralFactory, motivated=motivated, agreed=agreed)
    client.force_login(CoordinatorFactory())
    html = client.get(referral.get_absolute_url()).content.decode()
    assert ROW.findall(html) == [words]


@BOTH_ANSWERS
def test_subject_access_export_shows_the_parents_answers_as_given(
    client, db, motivated, agreed, words
):
    """The subject-access bundle, readable page and data, holds both answers as given."""
    referral = _with_parent(SubmittedReferralFactory, motivated=motivated, agreed=agreed)
    client.force_login(AdministratorFactory())
    response = client.post(
        reverse("privacy:subject_access"), {"reference": referral.reference}, follow=True
    )
    with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
        names = bundle.namelist()
        html = bundle.read(next(n for n in names if n.endswith("index.html"))).decode()
        data = bundle.read(next(n for n in names if n.endswith("data.json"))).decode()
    yes_no = {True: "Yes", False: "No"}
    assert f'<th scope="row">Motivated to take part</th><td>{yes_no[motivated]}</td>' in html
    assert f'<th scope="row">Has agreed to this referral</th><td>{yes_no[agreed]}</td>' in html
    assert f'"Motivated to take part": {str(motivated).lower()}' in data
    assert f'"Has agreed to this referral": {str(agreed).lower()}' in data


def test_referral_without_a_motivated_parent_who_agreed_is_not_eligible(client, db):
    """The eligibility page says so in plain words, and the referral is sent as not eligible."""
    draft = _with_parent(CompleteDraftFactory, motivated=True, agreed=False)
    client.force_login(draft.referrer)
    html = client.get(reverse("referrals:eligibility", args=[draft.pk])).content.decode()
    assert "This referral does not meet the service's criteria" in html
    assert rules.NO_PARENT_READY in html
    client.post(reverse("referrals:check", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Referral.Status.SUBMITTED
    assert draft.eligible is False
    assert draft.eligibility_reasons == [rules.NO_PARENT_READY]


def test_administrator_can_switch_the_parent_criterion_off(client, db):
    """On by default; once switched off on the Referrals tab, the same referral is eligible."""
    draft = _with_parent(CompleteDraftFactory, motivated=False, agreed=False)
    assert ReferralSettings.load().parent_ready_required is True
    admin = AdministratorFactory()
    client.force_login(admin)
    page = client.get(reverse("referrals:configuration"))
    assert "Must a parent or carer be motivated and have agreed" in page.content.decode()
    data = {}
    for name, field in page.context["form"].fields.items():
        value = field.prepare_value(page.context["form"][name].value())
        if value is not None:
            data[name] = value
    data["parent_ready_required"] = "no"
    response = client.post(reverse("referrals:configuration"), data, follow=True)
    assert "Referral settings saved" in response.content.decode()
    assert ReferralSettings.load().parent_ready_required is False

    client.force_login(draft.referrer)
    html = client.get(reverse("referrals:eligibility", args=[draft.pk])).content.decode()
    assert "The child is eligible for this service" in html
