"""The demo guider's week: held, today, planned, one cancelled and one not attended."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from cases.models import Case
from cycles.models import Cycle
from diary import services
from diary.models import Appointment, AppointmentEventAction, record_event

Kind, Status = Appointment.Kind, Appointment.Status


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _past(*, by, kind, case, cycle=None, days, hour, status, reason="", place="home"):
    """An appointment that already happened: written as planned, then its outcome."""
    appointment = Appointment.objects.create(
        kind=kind,
        case=case,
        cycle=cycle,
        starts_at=_at(days, hour),
        ends_at=_at(days, hour + 1),
        place=place,
        planned_by=by,
        family_attending="Mum and the child referred",
    )
    appointment.staff.set([by])
    record_event(appointment, by=by, action=AppointmentEventAction.PLANNED, note=str(appointment))
    appointment.status, appointment.reason = status, reason
    appointment.save(update_fields=["status", "reason"])
    action = {
        Status.HELD: AppointmentEventAction.HELD,
        Status.CANCELLED: AppointmentEventAction.CANCELLED,
        Status.DID_NOT_ATTEND: AppointmentEventAction.MISSED,
    }[status]
    record_event(appointment, by=by, action=action, from_status="planned", note=reason)


def seed_week(*, guider, supervisor) -> int:
    """Give the demo guider a realistic fortnight in the diary, the first time only."""
    if Appointment.objects.filter(staff=guider).exists():
        return 0
    cases = list(
        Case.objects.filter(guider=guider).exclude(status=Case.Status.CLOSED).order_by("pk")
    )
    if not cases:
        return 0
    first = cases[0]
    _past(by=guider, kind=Kind.INITIAL_VISIT, case=first, days=-6, hour=10, status=Status.HELD)
    _past(
        by=guider,
        kind=Kind.CONTRACTING_VISIT,
        case=cases[-1],
        days=-5,
        hour=14,
        status=Status.DID_NOT_ATTEND,
        reason="Nobody answered the door; a card was left",
    )
    _past(
        by=guider,
        kind=Kind.INITIAL_VISIT,
        case=cases[-1],
        days=-3,
        hour=11,
        status=Status.CANCELLED,
        reason="Mum rang to say the baby was unwell",
        place="childrens_centre",
    )
    made = 3
    # Today's and the coming days' work, planned through the service as a guider would.
    for offset, case in enumerate(cases[:4]):
        latest = case.cycles.order_by("-number").first()
        if latest and latest.status == Cycle.Status.PLANNED:
            kind = Kind.FILMING
        elif latest and latest.status in (Cycle.Status.FILMED, Cycle.Status.EDITED):
            kind = Kind.SHARED_REVIEW
        else:
            kind = Kind.CONTRACTING_VISIT
        day = 0 if offset == 0 else offset + 1
        if day == 0 and timezone.localtime().hour >= 15:
            day = 1  # seeded late in the day: the first visit is tomorrow instead
        hour = 16 if day == 0 else 10
        services.appointment_plan(
            by=guider,
            kind=kind,
            case_id=case.pk,
            cycle_id=latest.pk if kind in (Kind.FILMING, Kind.SHARED_REVIEW) else None,
            starts_at=_at(day, hour, 30 if day == 0 else 0),
            ends_at=_at(day, hour + 1),
            place="home",
            staff=[guider],
            family_attending="Mum and the child referred",
        )
        made += 1
    services.appointment_plan(
        by=supervisor,
        kind=Kind.SUPERVISION,
        starts_at=_at(7, 13),
        ends_at=_at(7, 14),
        place="online",
        staff=[guider, supervisor],
        notes="Monthly supervision: bring clips from two cases",
    )
    return made + 1
