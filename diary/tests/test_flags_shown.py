"""A guider raises a lone-working flag from the case: it shows on every case page and on the
case's appointments; a case-only flag stays with its case; an ended one stops showing."""

import pytest
from django.urls import reverse

from diary.tests.factories import FilmingAppointmentFactory
from referrals.children import Child, Flag
from referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_a_lone_working_flag_shows_on_the_case_and_its_appointment(client):
    appointment = FilmingAppointmentFactory()
    case = appointment.case
    Referral.objects.filter(pk=case.referral_id).update(child=Child.objects.create())
    client.force_login(case.guider)
    done = client.post(
        reverse("cases:flag_raise", args=[case.pk]),
        {"kind": "lone_working", "detail": "Dog in the house", "scope": "household"},
        follow=True,
    )
    assert "Flag raised: Lone-working risk: Dog in the house" in done.content.decode()
    for name in ("cases:overview", "cases:consents", "cases:timeline"):
        page = client.get(reverse(name, args=[case.pk])).content.decode()
        assert "Lone-working risk</strong>: Dog in the house" in page, name
    visit = client.get(reverse("diary:appointment", args=[appointment.pk])).content.decode()
    assert "Lone-working risk</strong>: Dog in the house" in visit
    flag = Flag.objects.get()
    client.post(reverse("cases:flag_end", args=[case.pk, flag.pk]))
    page = client.get(reverse("cases:overview", args=[case.pk])).content.decode()
    assert "Lone-working risk</strong>" not in page


def test_a_case_only_flag_does_not_follow_the_child_to_another_case(client):
    first = FilmingAppointmentFactory().case
    child = Child.objects.create()
    Referral.objects.filter(pk=first.referral_id).update(child=child)
    second = FilmingAppointmentFactory().case
    Referral.objects.filter(pk=second.referral_id).update(child=child)
    client.force_login(first.guider)
    client.post(
        reverse("cases:flag_raise", args=[first.pk]),
        {"kind": "safeguarding", "scope": "case"},
    )
    assert (
        "Safeguarding</strong>"
        in client.get(reverse("cases:overview", args=[first.pk])).content.decode()
    )
    client.force_login(second.guider)
    assert (
        "Safeguarding</strong>"
        not in client.get(reverse("cases:overview", args=[second.pk])).content.decode()
    )
