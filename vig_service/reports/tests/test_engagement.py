"""The engagement report: cancelled and did-not-attend rates, filming to shared review."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cycles.models import SharedReview
from cycles.tests.factories import FilmedCycleFactory
from diary.models import Appointment
from diary.tests.factories import FilmingAppointmentFactory
from vig_service.accounts.tests.factories import ManagerFactory


def _last_week(status):
    start = timezone.now() - timedelta(days=7)
    return FilmingAppointmentFactory(
        starts_at=start, ends_at=start + timedelta(hours=1), status=status
    )


def test_the_rates_count_each_outcome_of_the_appointments_due(client, db):
    """Two held, one cancelled, one not attended: 25 % cancelled and 25 % did not attend."""
    for status in ("held", "held", "cancelled", "did_not_attend"):
        _last_week(status)
    cycle = FilmedCycleFactory(filmed_on=timezone.localdate() - timedelta(days=30))
    SharedReview.objects.create(
        cycle=cycle, held_on=timezone.localdate() - timedelta(days=2), attendees="Mum"
    )
    client.force_login(ManagerFactory())
    report = client.get(reverse("reports:report", args=["engagement"])).context["report"]
    summary = {label: figure for label, figure in report.summary}
    assert summary["Appointments due in these dates"].value == 4
    assert str(summary["Cancelled"]) == str(summary["Did not attend"])
    assert summary["Shared reviews held"].value == 1
    assert summary["Shared reviews more than 3 weeks after filming"].value == 1
    assert summary["Median days from filming to shared review"].value == 28
    (total,) = [row for row in report.tables[0].rows if row[0] == "Total"]
    held = [s for s, _ in Appointment.Status.choices].index("held")
    assert total[1][held].value == 2
