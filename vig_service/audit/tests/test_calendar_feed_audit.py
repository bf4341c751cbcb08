"""A calendar feed request is audited like a download, as its owner's, though no one signs in."""

from django.urls import reverse

from diary import services
from diary.tests.factories import FilmingAppointmentFactory
from vig_service.audit.models import AccessAction, AccessEvent, RecordKind


def test_each_feed_request_is_recorded_as_an_export_by_the_feeds_owner(client, db):
    appointment = FilmingAppointmentFactory()
    owner = appointment.case.guider
    feed = services.calendar_feed_renew(user=owner)
    client.logout()
    assert client.get(reverse("diary:feed", args=[feed.token])).status_code == 200
    (row,) = AccessEvent.objects.all()
    assert (row.user, row.action, row.record_kind) == (
        owner,
        AccessAction.EXPORT,
        RecordKind.DOWNLOAD,
    )


def test_a_guessed_token_is_a_404_and_records_nothing_against_anyone(client, db):
    assert client.get(reverse("diary:feed", args=["a" * 43])).status_code == 404
    assert not AccessEvent.objects.exists()
