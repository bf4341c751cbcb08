"""Reads for the diary: who sees which appointments, a person's days, clashes, the feed."""

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.models import Case
from diary import rules
from diary.models import Appointment, CalendarFeed
from referrals.querysets import not_restricted_from
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role

# Appointments that still take someone's time (a cancelled one does not clash).
TAKES_TIME = (Appointment.Status.PLANNED, Appointment.Status.HELD)


def visible_to(user):
    """Coordinators see every appointment; others those they attend or whose case they work on.

    Anything else is a 404 (docs/architecture.md, "Access").
    """
    if not user.is_authenticated:
        return Appointment.objects.none()
    # A restricted child's appointments are for the named staff alone, attending or not.
    unrestricted = Appointment.objects.filter(_not_restricted(user))
    if user.has_role(Role.COORDINATOR):
        return unrestricted
    worked_on = Case.objects.worked_on_by(user).values("pk")
    return unrestricted.filter(Q(staff=user) | Q(case__in=worked_on)).distinct()


def _not_restricted(user):
    return not_restricted_from(user, "case__referral__child")


def _loaded(queryset):
    return queryset.select_related(
        "case__referral", "cycle", "course", "trainee"
    ).prefetch_related(Prefetch("staff", queryset=User.objects.order_by("full_name")))


def appointment_for_page(*, user, pk: int) -> Appointment:
    """One appointment the user may see, with what it is for; 404 otherwise."""
    return get_object_or_404(_loaded(visible_to(user)), pk=pk)


@dataclass
class DiaryDay:
    """One day of a diary, its appointments in order."""

    day: date
    appointments: list = field(default_factory=list)


def _mark(appointments: list[Appointment]) -> None:
    """Mark appointments outside working hours, and those clashing for one person."""
    for appointment in appointments:
        appointment.out_of_hours = rules.outside_working_hours(
            appointment.starts_at, appointment.ends_at
        )
        appointment.clashes = []
    busy = [a for a in appointments if a.status in TAKES_TIME]
    for i, first in enumerate(busy):
        for second in busy[i + 1 :]:
            if not rules.overlaps(
                first.starts_at, first.ends_at, second.starts_at, second.ends_at
            ):
                continue
            shared = {u.pk for u in first.staff.all()} & {u.pk for u in second.staff.all()}
            if shared:
                first.clashes.append(second)
                second.clashes.append(first)


def days_of(*, people, start: date, days: int, viewer) -> list[DiaryDay]:
    """The appointments of these people from `start`, day by day, in a fixed number of queries."""
    first = rules.local_datetime(start, time(0, 0))
    last = rules.local_datetime(start + timedelta(days=days), time(0, 0))
    appointments = list(
        _loaded(
            visible_to(viewer)
            .filter(staff__in=people, starts_at__gte=first, starts_at__lt=last)
            .distinct()
        ).order_by("starts_at", "pk")
    )
    _mark(appointments)
    by_day = {start + timedelta(days=n): DiaryDay(start + timedelta(days=n)) for n in range(days)}
    for appointment in appointments:
        by_day[timezone.localtime(appointment.starts_at).date()].appointments.append(appointment)
    return list(by_day.values())


def clashes_for(*, staff, starts_at, ends_at, viewer, exclude_pk=None) -> list[Appointment]:
    """Other appointments of these people that overlap the time, to warn before saving.

    Each has `shown`: false for a restricted child's the viewer may not see (named no further).
    """
    queryset = (
        Appointment.objects.filter(
            staff__in=staff, status__in=TAKES_TIME, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .exclude(pk=exclude_pk)
        .annotate(shown=_not_restricted(viewer))
        .distinct()
    )
    return list(_loaded(queryset))


def team(*, viewer) -> list[User]:
    """The guiders whose weeks a coordinator sees, by name."""
    guiders = User.objects.filter(is_active=True, groups__name=Role.GUIDER).distinct()
    return list(guiders.order_by("full_name", "pk"))


def staff_choices() -> list[User]:
    """Who can attend an appointment: active guiders and supervisors, by name."""
    staff = User.objects.filter(
        is_active=True, groups__name__in=[Role.GUIDER, Role.SUPERVISOR, Role.COORDINATOR]
    ).distinct()
    return list(staff.order_by("full_name", "pk"))


def feed_for(*, user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def feed_appointments(*, token: str):
    """The feed's person and their appointments from four weeks ago on; None for a bad token."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        return None, []
    since = timezone.now() - timedelta(weeks=4)
    appointments = (
        Appointment.objects.filter(staff=feed.user, starts_at__gte=since)
        .filter(_not_restricted(feed.user))
        .select_related("case__referral", "cycle", "course")
        .order_by("starts_at", "pk")
    )
    return feed, list(appointments)


def unrecorded(*, user, before) -> int:
    """How many of the user's appointments ended before `before` and are still only planned."""
    return Appointment.objects.filter(
        staff=user, status=Appointment.Status.PLANNED, ends_at__lt=before
    ).count()
