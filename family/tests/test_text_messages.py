"""Family links sent by text through GOV.UK Notify's Python client (against a local stand-in
for Notify's API): the message carries the link, the log says it went, a refusal says why and
the link can still be copied; without Notify the choice is not offered."""

import pytest
from django.urls import reverse

from family.models import FamilyLink, LinkUse
from family.tests.factories import open_link
from family.tests.notify_server import fake_notify

pytestmark = pytest.mark.django_db


def _post(client, case, **data):
    return client.post(
        reverse("family:link_add", args=[case.pk, "page"]),
        {"for_whom": "Mum", "how": "text", **data},
    )


def test_the_link_is_sent_by_text_through_notify(client, settings):
    case = open_link().case
    client.force_login(case.guider)
    with fake_notify(settings) as notify:
        page = client.get(reverse("family:link_add", args=[case.pk, "page"])).content.decode()
        assert "By text message: the service sends it" in page
        response = _post(client, case, mobile="+44 7700 900 982")
    html = response.content.decode()
    assert "We have sent it by text message to 07700900982" in html
    (request,) = notify.received
    assert request["path"] == "/v2/notifications/sms"
    assert request["iss"] == notify.service_id
    assert request["body"]["phone_number"] == "07700900982"
    assert request["body"]["template_id"] == notify.template_id
    token = html.split('value="http://testserver/family/')[1].split("/")[0]
    assert f"/family/{token}/" in request["body"]["personalisation"]["message"]
    assert case.referral.child_first_name not in request["body"]["personalisation"]["message"]
    link = FamilyLink.objects.get(case=case, texted_to="07700900982")
    assert link.events.filter(action=LinkUse.TEXTED).exists()


def test_a_refused_text_says_why_and_the_link_can_still_be_copied(client, settings):
    case = open_link().case
    client.force_login(case.guider)
    with fake_notify(settings) as notify:
        notify.status = 400
        response = _post(client, case, mobile="07700 900 982")
    html = response.content.decode()
    assert "GOV.UK Notify did not send the text message: Not a UK mobile" in html
    assert "Copy the link below and send it yourself" in html
    assert 'value="http://testserver/family/' in html
    link = FamilyLink.objects.filter(case=case).first()
    assert link.texted_to == ""
    assert link.events.filter(action=LinkUse.TEXT_FAILED).exists()


def test_a_number_that_is_not_a_uk_mobile_is_refused_on_its_field(client, settings):
    case = open_link().case
    client.force_login(case.guider)
    with fake_notify(settings) as notify:
        response = _post(client, case, mobile="0207 946 0000")
    assert "Enter a UK mobile number" in response.content.decode()
    assert notify.received == []
    assert FamilyLink.objects.filter(case=case).count() == 1  # only the factory's


def test_without_notify_texts_are_not_offered(client, settings):
    settings.NOTIFY_API_KEY = ""
    case = open_link().case
    client.force_login(case.guider)
    page = client.get(reverse("family:link_add", args=[case.pk, "page"])).content.decode()
    assert "By text message: the service sends it" not in page
    refused = _post(client, case, mobile="07700900982")
    assert "Select how the link will reach them" in refused.content.decode()
