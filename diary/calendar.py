"""The iCalendar (RFC 5545) feed: each appointment as an event, UK time, no names."""

from zoneinfo import ZoneInfo

from django.urls import reverse
from icalendar import Calendar, Event

from diary.models import Appointment

LONDON = ZoneInfo("Europe/London")
STATUS = {
    Appointment.Status.PLANNED: "CONFIRMED",
    Appointment.Status.HELD: "CONFIRMED",
    Appointment.Status.CANCELLED: "CANCELLED",
    Appointment.Status.DID_NOT_ATTEND: "CANCELLED",
}


def to_ical(appointments, *, site: str) -> bytes:
    """The feed's body: the reference, kind and place type of each appointment, nothing else."""
    calendar = Calendar()
    calendar.add("prodid", "-//VIG Service//Diary//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "VIG diary")
    calendar.add("x-wr-timezone", "Europe/London")
    for appointment in appointments:
        event = Event()
        event.add("uid", f"appointment-{appointment.pk}@vig-service")
        event.add("summary", appointment.title)
        event.add("dtstart", appointment.starts_at.astimezone(LONDON))
        event.add("dtend", appointment.ends_at.astimezone(LONDON))
        event.add("dtstamp", appointment.updated_at)
        event.add("location", appointment.get_place_display())
        event.add("status", STATUS[appointment.status])
        event.add("url", site.rstrip("/") + reverse("diary:appointment", args=[appointment.pk]))
        event.add("sequence", appointment.version)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
