"""E-mails people expect: a case allocated or reassigned to them, the referrer at closure."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, CaseSettings
from cases.tests.factories import ActiveCaseFactory, CaseFactory, ClosedCaseFactory
from referrals import services as referral_services
from referrals.configuration import ReferralSettings
from referrals.errors import ReferralError
from referrals.tests.factories import SubmittedReferralFactory
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    GuiderFactory,
    ReferrerFactory,
)
from vig_service.core.tests.mail import SITE, link_path, sent_on_commit, sent_on_rollback


def _mail_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def _family_words(referral) -> list[str]:
    """The child's and parents' names and the postcode district: never in an e-mail."""
    names = [referral.child_first_name, referral.child_last_name, referral.postcode_district]
    return names + [parent.name for parent in referral.parents.all()]


def _assert_no_family_details(message, referral) -> None:
    text = message.subject + message.body
    for word in _family_words(referral):
        assert word not in text


def _accepted():
    return SubmittedReferralFactory(status="accepted", accepted_at=timezone.now())


def _allocate(referral, *, guider, co_worker=None):
    return referral_services.referral_allocate(
        referral_id=referral.pk,
        by=CoordinatorFactory(),
        guider=guider,
        co_worker=co_worker,
        site_url=SITE,
    )


def _close(case, **changes):
    return services.case_close(
        **{
            "case_id": case.pk,
            "by": case.guider,
            "closed_on": timezone.localdate(),
            "reason": "safeguarding",
            "outcome_summary": "Escalated.",
            "final_ratings": {q.pk: 7 for q in case.helping_questions.all()},
            "site_url": SITE,
            **changes,
        }
    )


def _turn_off(section, field: str) -> None:
    settings = section.load()
    setattr(settings, field, False)
    settings.save()


def test_allocation_emails_the_guider_and_co_worker_a_link_to_the_case(client, configuration):
    """Both get the reference and a link to the case they can open; no family details."""
    guider, co_worker = GuiderFactory(), GuiderFactory()
    referral = _accepted()
    case = _allocate(referral, guider=guider, co_worker=co_worker)

    for person in (guider, co_worker):
        (message,) = _mail_to(person.email)
        assert message.subject == f"Case {referral.reference} has been allocated to you"
        assert referral.reference in message.body
        _assert_no_family_details(message, referral)
        assert link_path(message) == reverse("cases:overview", args=[case.pk])
        client.force_login(person)
        assert client.get(link_path(message)).status_code == 200
    # The referrer still has their own e-mail, and only that.
    (to_referrer,) = _mail_to(referral.referrer.email)
    assert "allocated to a guider" in to_referrer.body


def test_allocation_through_the_page_emails_the_guider(client, configuration):
    """The coordinator's allocation page sends the guider the e-mail with a working link."""
    guider = GuiderFactory()
    referral = _accepted()
    client.force_login(CoordinatorFactory())
    client.post(
        reverse("referrals:action", args=[referral.pk, "allocate"]),
        {"version": referral.version, "guider": guider.pk},
    )
    (message,) = _mail_to(guider.email)
    assert message.body.count("http://testserver/cases/") == 1


def test_allocation_emails_nobody_when_turned_off(configuration):
    """With the Cases setting off, the guider is not e-mailed; the referrer still is."""
    _turn_off(CaseSettings, "email_guiders_on_allocation")
    guider = GuiderFactory()
    referral = _accepted()
    _allocate(referral, guider=guider)
    assert _mail_to(guider.email) == []
    assert len(_mail_to(referral.referrer.email)) == 1


def test_a_refused_allocation_emails_nobody(configuration):
    """A co-worker who is not a guider refuses the allocation: no case, no e-mail at all."""
    guider, not_a_guider = GuiderFactory(), ReferrerFactory()
    referral = _accepted()
    with pytest.raises(ReferralError):
        _allocate(referral, guider=guider, co_worker=not_a_guider)
    assert not Case.objects.exists()
    assert mail.outbox == []


def test_allocation_emails_only_once_the_transaction_commits(configuration):
    """Nothing goes while the allocation is uncommitted; a rolled-back one sends nothing."""
    guider = GuiderFactory()
    sent = sent_on_commit(lambda: _allocate(_accepted(), guider=guider))
    assert [message.to for message in sent].count([guider.email]) == 1
    assert sent_on_rollback(lambda: _allocate(_accepted(), guider=guider)) == []


def test_reassignment_emails_the_new_guider_only(client, configuration):
    """The new guider is told, with a link they can open; the previous guider is not."""
    case = ActiveCaseFactory()
    previous, new = case.guider, GuiderFactory()
    services.case_reassign(
        case_id=case.pk, guider=new, by=CoordinatorFactory(), reason="Leave", site_url=SITE
    )
    (message,) = mail.outbox
    assert message.to == [new.email]
    assert message.subject == f"Case {case.referral.reference} has been reassigned to you"
    _assert_no_family_details(message, case.referral)
    client.force_login(new)
    assert client.get(link_path(message)).status_code == 200
    assert _mail_to(previous.email) == []


def test_reassignment_through_the_page_emails_the_new_guider(client, configuration):
    """The coordinator's Reassign page passes the service's address for the link."""
    case = ActiveCaseFactory()
    new = GuiderFactory()
    client.force_login(CoordinatorFactory())
    client.post(
        reverse("cases:reassign", args=[case.pk]),
        {"version": case.version, "guider": new.pk, "reason": "Leave"},
    )
    (message,) = _mail_to(new.email)
    assert link_path(message) == reverse("cases:overview", args=[case.pk])


def test_a_refused_or_turned_off_reassignment_emails_nobody(configuration):
    """Reassigning to the same guider is refused; with the setting off a real one is silent."""
    case = ActiveCaseFactory()
    with pytest.raises(services.CaseError):
        services.case_reassign(
            case_id=case.pk, guider=case.guider, by=CoordinatorFactory(), reason="x", site_url=SITE
        )
    assert mail.outbox == []

    _turn_off(CaseSettings, "email_guiders_on_allocation")
    services.case_reassign(
        case_id=case.pk, guider=GuiderFactory(), by=CoordinatorFactory(), reason="x"
    )
    assert mail.outbox == []


def test_closing_a_case_tells_the_referrer_with_a_link_to_their_referral(client, configuration):
    """The referrer gets the reference and a link they can open; not the reason nor names."""
    case = ActiveCaseFactory()
    referral = case.referral
    _close(case)
    (message,) = mail.outbox
    assert message.to == [referral.referrer.email]
    assert message.subject == f"Referral {referral.reference}: the case has closed"
    assert referral.reference in message.body
    _assert_no_family_details(message, referral)
    assert "afeguarding" not in message.subject + message.body
    assert link_path(message) == reverse("referrals:detail", args=[referral.pk])
    client.force_login(referral.referrer)
    assert client.get(link_path(message)).status_code == 200


def test_closing_through_the_page_tells_the_referrer(client, configuration):
    """The Close page passes the service's address, so the referrer's link is absolute."""
    case = CaseFactory(status=Case.Status.CONTRACTING)
    client.force_login(case.guider)
    today = timezone.localdate()
    client.post(
        reverse("cases:close", args=[case.pk]),
        {
            "version": case.version,
            "closed_on_0": today.day,
            "closed_on_1": today.month,
            "closed_on_2": today.year,
            "reason": "family_withdrew",
            "outcome_summary": "The family moved on.",
        },
    )
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    (message,) = _mail_to(case.referral.referrer.email)
    assert link_path(message) == reverse("referrals:detail", args=[case.referral_id])


def test_closing_tells_nobody_when_turned_off_refused_or_the_referrer_has_left(configuration):
    """The Referrals setting off, a closure refused, or a deactivated referrer: no e-mail."""
    _turn_off(ReferralSettings, "email_referrer_on_closure")
    _close(ActiveCaseFactory())
    assert mail.outbox == []

    settings = ReferralSettings.load()
    settings.email_referrer_on_closure = True
    settings.save()
    case = ActiveCaseFactory()
    with pytest.raises(services.CaseError):
        _close(case, closed_on=timezone.localdate() + timedelta(days=1))
    with pytest.raises(services.CaseError):
        _close(ClosedCaseFactory())
    assert mail.outbox == []

    case.referral.referrer.is_active = False
    case.referral.referrer.save()
    _close(case)
    assert mail.outbox == []


def test_closing_tells_the_referrer_only_once_it_commits(configuration):
    """Inside the closing transaction nothing has gone yet; rolled back, nothing goes."""
    assert len(sent_on_commit(lambda: _close(ActiveCaseFactory()))) == 1
    assert sent_on_rollback(lambda: _close(ActiveCaseFactory())) == []


def test_the_cases_tab_turns_the_allocation_email_off_with_a_checkbox(client, db):
    """The box is ticked by default; saving it unticked turns the e-mail off."""
    client.force_login(AdministratorFactory())
    url = reverse("cases:configuration")
    response = client.get(url)
    page = response.content.decode()
    label = "Email the guider and co-worker when a case is allocated or reassigned to them"
    assert label in page
    assert re.search(r'type="checkbox" name="email_guiders_on_allocation"[^>]*checked', page)
    form = response.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    del data["email_guiders_on_allocation"]
    assert client.post(url, data).status_code == 302
    assert CaseSettings.load().email_guiders_on_allocation is False


def test_the_referrals_tab_turns_the_closure_email_off_with_a_checkbox(client, db):
    """The Referrals tab has the referrer's closure e-mail as a ticked box."""
    client.force_login(AdministratorFactory())
    url = reverse("referrals:configuration")
    response = client.get(url)
    page = response.content.decode()
    assert "Email the referrer when the case opened from their referral closes" in page
    assert re.search(r'type="checkbox" name="email_referrer_on_closure"[^>]*checked', page)
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list):
            data[name] = value
        elif value is not None and name != "email_referrer_on_closure":
            data[name] = "yes" if value is True else "no" if value is False else value
    assert client.post(url, data).status_code == 302
    assert ReferralSettings.load().email_referrer_on_closure is False
