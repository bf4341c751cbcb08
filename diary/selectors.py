"""Reads for the diary: who sees which appointments, a person's days, clashes, the feed."""

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.models import Case, GuiderRoom
from cycles.models import Cycle
from diary import rules
from diary.models import Appointment, CalendarFeed
from referrals.models import Referral
from referrals.querysets import not_restricted_from
from training.models import Course
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.core.aggregates import count_of
from vig_service.core.compiled import CompiledQuery, stand_in_viewer

# Guiders on a page of the team's week: a coordinator's screen, not the whole country.
GUIDERS_PER_PAGE = 50
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
    return unrestricted.filter(_attended_by([user]) | Q(case__in=worked_on))


def _attended_by(people) -> Exists:
    """Whether one of these people (a list or a queryset of users) attends the appointment."""
    # A semi-join, not a join on the staff table, so a list needs no DISTINCT.
    attending = Appointment.staff.through.objects.filter(
        appointment=OuterRef("pk"), user__in=people
    )
    return Exists(attending)


def _not_restricted(user):
    # The case's child by a subquery on the case's id rather than joined case and referral
    # rows, so that a diary's list joins no other table (days_of); the rule is the restrictions'
    # own SQL, which costs no queryset to build (referrals.querysets.NotRestrictedFrom).
    child = Subquery(Referral.objects.filter(case__id=OuterRef("case_id")).values("child_id"))
    return not_restricted_from(user, child)


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
    busy = sorted((a for a in appointments if a.status in TAKES_TIME), key=lambda a: a.starts_at)
    staff = {a.pk: set(a.staff_ids) for a in busy}
    # In order of start: only those not yet ended can overlap the next, so a team's week is
    # not every pair of its appointments.
    running: list[Appointment] = []
    for second in busy:
        running = [a for a in running if a.ends_at > second.starts_at]
        for first in running:
            if rules.overlaps(
                first.starts_at, first.ends_at, second.starts_at, second.ends_at
            ) and (staff[first.pk] & staff[second.pk]):
                first.clashes.append(second)
                second.clashes.append(first)
        running.append(second)


# What a diary's list shows of an appointment; the rest of its row is never read there.
LISTED = ("kind", "case", "cycle", "course", "starts_at", "ends_at", "place", "status")


def _listed(queryset):
    """Only the columns a list shows, and each fact from another table by its own subquery.

    A join to cases and referrals could be planned as a scan of every case (a planner misled
    by a small table's old statistics); a subquery per row is always an index look-up.
    """
    staff = Appointment.staff.through.objects.filter(appointment=OuterRef("pk"))
    return queryset.only(*LISTED).annotate(
        staff_ids=ArraySubquery(staff.values("user_id")),
        cycle_number=Subquery(Cycle.objects.filter(pk=OuterRef("cycle_id")).values("number")),
        case_reference=Subquery(
            Referral.objects.filter(case__id=OuterRef("case_id")).values("reference")
        ),
        course_kind=Subquery(Course.objects.filter(pk=OuterRef("course_id")).values("kind")),
    )


def _days_query(roles: frozenset[Role]) -> CompiledQuery:
    def build(*, viewer_id, people, first, last):
        attending = Appointment.staff.through.objects.filter(
            appointment=OuterRef("pk"), user__pk__any=people
        )
        return _listed(
            visible_to(stand_in_viewer(viewer_id, roles)).filter(
                Exists(attending), starts_at__gte=first, starts_at__lt=last
            )
        ).order_by("starts_at", "pk")

    return CompiledQuery(
        Appointment, build, scalars=["viewer_id"], lists=["people"], moments=["first", "last"]
    )


# One compiled diary query per set of roles, since visible_to's shape follows the viewer's
# roles and nothing else (core.compiled): building and compiling it cost two thirds of a
# diary's read (3.2 of 5.3 ms for a guider's fortnight at a million referrals).
_DAYS_OF: dict[frozenset[Role], CompiledQuery] = {}


def days_of(*, people, start: date, days: int, viewer) -> list[DiaryDay]:
    """The appointments of these people from `start`, day by day, in a fixed number of queries.

    `people` is a list of users or of their ids; each appointment has `staff_ids`.
    """
    first = rules.local_datetime(start, time(0, 0))
    last = rules.local_datetime(start + timedelta(days=days), time(0, 0))
    roles = viewer.roles
    query = _DAYS_OF.get(roles) or _DAYS_OF.setdefault(roles, _days_query(roles))
    appointments = query.loaded(
        viewer_id=viewer.pk,
        people=[getattr(person, "pk", person) for person in people],
        first=first,
        last=last,
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


@dataclass
class TeamWeek:
    """A coordinator's view of the week: its days, and each guider's name and appointments.

    `rows` holds (name, cells) by name; cells is None for a guider with nothing that week,
    else one list of appointments per day.
    """

    days: list[DiaryDay]
    rows: list[tuple[str, list | None]]
    page: Page


def _guiders_page(number: int) -> tuple[list[tuple[int, str]], int]:
    """One page of active guiders by name, and how many there are, in one query."""
    offset = (number - 1) * GUIDERS_PER_PAGE
    # The active guiders are the rows kept in cases' GuiderRoom: walking people by name, the
    # first page reads its 50 names, where a window count over every guider's roles read all
    # 5,003 (5.4 to 1.6 ms at a million referrals; the last page costs what every page did).
    rows = list(
        User.objects.filter(room__isnull=False)
        .order_by("full_name", "pk")
        .annotate(total=count_of(GuiderRoom.objects.all()))
        .values_list("pk", "full_name", "total")[offset : offset + GUIDERS_PER_PAGE]
    )
    return [(pk, name) for pk, name, _ in rows], (rows[0][2] if rows else 0)


def team_week(*, viewer, start: date, days: int, page: int = 1) -> TeamWeek:
    """A page of active guiders and their appointments for the days from `start`."""
    # A page at a time, in fixed queries: a national service has thousands of guiders.
    guiders, total = _guiders_page(page)
    if not guiders and page > 1:  # past the end (an old link): the first page instead
        page = 1
        guiders, total = _guiders_page(page)
    paginator = Paginator([], GUIDERS_PER_PAGE, allow_empty_first_page=True)
    paginator.count = total
    week = days_of(people=[pk for pk, _ in guiders], start=start, days=days, viewer=viewer)
    cells: dict[int, list[list]] = {}
    for n, day in enumerate(week):
        for appointment in day.appointments:
            for pk in appointment.staff_ids:
                cells.setdefault(pk, [[] for _ in week])[n].append(appointment)
    rows = [(name, cells.get(pk)) for pk, name in guiders]
    return TeamWeek(week, rows, Page(rows, page, paginator))


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


def _unrecorded(*, user_id, before):
    planned = Appointment.objects.filter(
        staff=user_id, status=Appointment.Status.PLANNED, ends_at__lt=before
    )
    # Grouped by the one status, so the count is the row's (none when there are none).
    return planned.values("status").annotate(n=Count("pk")).values_list("n")


# On every guider's and supervisor's home page: compiled once (core.compiled).
UNRECORDED = CompiledQuery(Appointment, _unrecorded, scalars=["user_id"], moments=["before"])


def unrecorded(*, user, before) -> int:
    """How many of the user's appointments ended before `before` and are still only planned."""
    return UNRECORDED.value(0, user_id=user.pk, before=before)
