"""What each person's daily digest holds: one read per kind of item, by reference and link only.

Each collector returns {user id: [Line, ...]} in a fixed number of queries whatever the data
size; collect() merges them. Nothing here names a child or a parent (docs/architecture.md,
"Reminders").
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import StrEnum

from django.db.models import F, OuterRef, Q, Subquery, Value
from django.urls import reverse
from django.utils import timezone

from cases.configuration import CaseSettings
from cases.models import Case
from cases.querysets import AddMonths
from cycles.models import Cycle
from diary import rules
from diary.models import Appointment
from diary.reminders import DigestPreference
from referrals.configuration import ReferralSettings
from referrals.models import Referral
from referrals.querysets import named_staff
from training import rules as training_rules
from training.models import SupervisionSession, Trainee
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role

# A shared review is overdue once three weeks have passed since the filming.
REVIEW_DUE_DAYS = 21
# Footage is listed from four weeks before the date the consent forms promise to delete it.
FOOTAGE_WARNING_DAYS = 28
# A coordinator's list names this many referrals at most, then links to the whole list.
LISTED_AT_MOST = 20


class Section(StrEnum):
    """The parts of a digest, in the order the e-mail shows them."""

    FOOTAGE = "footage"
    TOMORROW = "tomorrow"
    REVIEWS = "reviews"
    SUPERVISION = "supervision"
    LIMITS = "limits"
    WAITING = "waiting"
    UNALLOCATED = "unallocated"


HEADINGS = {
    Section.FOOTAGE: "Footage due for deletion",
    Section.TOMORROW: "Your appointments tomorrow",
    Section.REVIEWS: "Shared reviews not held within 3 weeks of filming",
    Section.SUPERVISION: "Supervision due",
    Section.LIMITS: "Cases within 4 weeks of their limit",
    Section.WAITING: "Referrals waiting for a decision for more than {days} days",
    Section.UNALLOCATED: "Accepted referrals waiting for a guider",
}

# Sent even to someone who turned the digest off: deleting footage is what families were promised.
SAFETY = frozenset({Section.FOOTAGE})


@dataclass(frozen=True)
class Line:
    """One item: what it is, by reference, and the page where it is dealt with."""

    text: str
    path: str


@dataclass
class Digest:
    """One person's digest for a day."""

    user: User
    sections: list[tuple[str, list[Line]]] = field(default_factory=list)
    footage_only: bool = False

    @property
    def items(self) -> int:
        return sum(len(lines) for _, lines in self.sections)


PerUser = dict[int, list[Line]]


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _to(people: PerUser, user_ids, line: Line, named=()) -> None:
    for user_id in dict.fromkeys(user_ids):
        # A restricted child's item goes to the staff named alone (docs/architecture.md).
        if user_id and (not named or user_id in named):
            people[user_id].append(line)


def tomorrows_appointments(*, today: date) -> PerUser:
    """Planned appointments tomorrow (UK time), for each member of staff attending."""
    tomorrow = today + timedelta(days=1)
    start = rules.local_datetime(tomorrow, time(0, 0))
    end = rules.local_datetime(tomorrow + timedelta(days=1), time(0, 0))
    appointments = (
        Appointment.objects.filter(
            status=Appointment.Status.PLANNED, starts_at__gte=start, starts_at__lt=end
        )
        .select_related("case__referral", "cycle", "course")
        .annotate(named=named_staff("case__referral__child"))
        .prefetch_related("staff")
        .order_by("starts_at", "pk")
    )
    people: PerUser = defaultdict(list)
    for appointment in appointments:
        starts, ends = (
            timezone.localtime(t) for t in (appointment.starts_at, appointment.ends_at)
        )
        # The place's type only: its details may be an address.
        text = (
            f"{starts:%H:%M} to {ends:%H:%M}: {appointment.title} "
            f"({appointment.get_place_display()})"
        )
        _to(
            people,
            [u.pk for u in appointment.staff.all()],
            Line(text, appointment.get_absolute_url()),
            appointment.named,
        )
    return people


def reviews_overdue(*, today: date) -> PerUser:
    """Cycles filmed more than 3 weeks ago whose shared review is not recorded, open cases only."""
    cycles = (
        Cycle.objects.filter(
            status__in=[Cycle.Status.FILMED, Cycle.Status.EDITED],
            filmed_on__lt=today - timedelta(days=REVIEW_DUE_DAYS),
        )
        .exclude(case__status=Case.Status.CLOSED)
        .annotate(named=named_staff("case__referral__child"))
        .select_related("case__referral")
        .order_by("filmed_on", "pk")
    )
    people: PerUser = defaultdict(list)
    for cycle in cycles:
        text = f"{cycle.case}, cycle {cycle.number}: filmed on {_long(cycle.filmed_on)}"
        line = Line(text, reverse("cycles:detail", args=[cycle.pk]))
        _to(people, [cycle.case.guider_id, cycle.case.co_worker_id], line, cycle.named)
    return people


def footage_due(*, today: date) -> PerUser:
    """Closed cases whose footage is not yet deleted, due within 4 weeks or overdue.

    The due date is the cases' rule (closure plus the configured months, as My cases flags it).
    """
    months = CaseSettings.load().footage_deletion_months
    cases = (
        Case.objects.filter(status=Case.Status.CLOSED, footage_deleted_on__isnull=True)
        .with_first_filming()
        .filter(Q(first_filmed_on__isnull=False) | ~Q(footage_location=""))
        .annotate(due_on=AddMonths(F("closed_on"), Value(months)))
        .filter(due_on__lte=today + timedelta(days=FOOTAGE_WARNING_DAYS))
        .annotate(named=named_staff("referral__child"))
        .select_related("referral")
        .order_by("due_on", "pk")
    )
    people: PerUser = defaultdict(list)
    for case in cases:
        when = "was due" if case.due_on < today else "is due"
        text = f"{case}: deleting the footage {when} by {_long(case.due_on)}"
        line = Line(text, reverse("cases:footage", args=[case.pk]))
        _to(people, [case.guider_id, case.co_worker_id], line, case.named)
    return people


def supervision_due(*, today: date) -> PerUser:
    """Trainees in supervised practice with no supervision in six weeks, for their supervisor."""
    last = (
        SupervisionSession.objects.filter(trainee_id=OuterRef("pk"))
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    trainees = (
        Trainee.objects.filter(status=Trainee.Status.IN_TRAINING)
        .annotate(last_held_on=Subquery(last))
        .order_by("full_name", "pk")
    )
    people: PerUser = defaultdict(list)
    for trainee in trainees:
        if not training_rules.supervision_due(last_held_on=trainee.last_held_on, today=today):
            continue
        since = (
            f"last supervision on {_long(trainee.last_held_on)}"
            if trainee.last_held_on
            else "no supervision recorded"
        )
        # A trainee is a colleague, not family: their name is how their supervisor knows them.
        text = f"{trainee.full_name} (stage {trainee.stage}): {since}"
        line = Line(text, reverse("training:trainee_detail", args=[trainee.pk]))
        _to(people, [trainee.supervisor_id], line)
    return people


def near_limit(*, today: date) -> PerUser:
    """Open cases at their limit or within 4 weeks of it (the cases' rule), for the guider."""
    cases = (
        Case.objects.near_limit(today=today)
        .annotate(named=named_staff("referral__child"))
        .select_related("referral")
        .order_by("pk")
    )
    people: PerUser = defaultdict(list)
    for case in cases:
        if case.cycles_started >= case.limit_cycles:
            text = f"{case}: all {case.limit_cycles} cycles allowed have started"
        elif case.limit_ends_on < today:
            text = f"{case}: the limit was reached on {_long(case.limit_ends_on)}"
        else:
            text = f"{case}: the limit is reached on {_long(case.limit_ends_on)}"
        line = Line(text, reverse("cases:overview", args=[case.pk]))
        _to(people, [case.guider_id], line, case.named)
    return people


def _coordinator_list(referrals, *, describe, more_path: str) -> list[Line]:
    """The first referrals of a list, and a link to the rest."""
    total = referrals.count()
    lines = [
        Line(describe(r), reverse("referrals:detail", args=[r.pk]))
        for r in referrals[:LISTED_AT_MOST]
    ]
    if total > LISTED_AT_MOST:
        lines.append(Line(f"and {total - LISTED_AT_MOST} more", more_path))
    return lines


def _for_coordinators(lines: list[Line]) -> PerUser:
    if not lines:
        return {}
    coordinators = User.objects.filter(is_active=True, groups__name=Role.COORDINATOR)
    return {user_id: list(lines) for user_id in coordinators.values_list("pk", flat=True)}


def referrals_waiting(*, today: date, days: int) -> PerUser:
    """Referrals submitted and still waiting for a decision after `days` days, for coordinators."""
    # Submitted before the start of the day `days` ago: waiting more than `days` days.
    before = rules.local_datetime(today - timedelta(days=days), time(0, 0))
    # One list for every coordinator: a restricted child's referrals are left out of it.
    waiting = (
        Referral.objects.unrestricted()
        .filter(status=Referral.Status.SUBMITTED, submitted_at__lt=before)
        .order_by("submitted_at", "pk")
    )

    def describe(referral):
        submitted = timezone.localtime(referral.submitted_at).date()
        return f"{referral.reference}: submitted on {_long(submitted)}"

    return _for_coordinators(
        _coordinator_list(waiting, describe=describe, more_path=reverse("referrals:queue"))
    )


def accepted_unallocated(*, today: date) -> PerUser:
    """Accepted referrals waiting for a guider, for coordinators."""
    accepted = (
        Referral.objects.unrestricted()
        .filter(status=Referral.Status.ACCEPTED)
        .order_by("accepted_at", "pk")
    )

    def describe(referral):
        if referral.accepted_at is None:
            return f"{referral.reference}: accepted"
        accepted = timezone.localtime(referral.accepted_at).date()
        return f"{referral.reference}: accepted on {_long(accepted)}"

    return _for_coordinators(
        _coordinator_list(accepted, describe=describe, more_path=reverse("referrals:waiting_list"))
    )


def wants_digest(*, user: User) -> bool:
    """Whether the person gets the daily digest: yes unless they turned it off."""
    return not DigestPreference.objects.filter(user=user, daily_digest=False).exists()


def collect(*, today: date, waiting_days: int) -> dict[int, dict[Section, list[Line]]]:
    """Every person's items for the day, by section, in a fixed number of queries."""
    found = {
        Section.FOOTAGE: footage_due(today=today),
        Section.TOMORROW: tomorrows_appointments(today=today),
        Section.REVIEWS: reviews_overdue(today=today),
        Section.SUPERVISION: supervision_due(today=today),
        Section.LIMITS: near_limit(today=today),
        Section.WAITING: referrals_waiting(today=today, days=waiting_days),
        Section.UNALLOCATED: accepted_unallocated(today=today),
    }
    people: dict[int, dict[Section, list[Line]]] = defaultdict(dict)
    for section in Section:
        for user_id, lines in found[section].items():
            people[user_id][section] = lines
    return dict(people)


def digests(*, today: date, skip=()) -> list[Digest]:
    """The digests to send today: active people with something in theirs, skipping `skip`.

    Someone who turned the digest off gets the footage deletions only (SAFETY).
    """
    days = ReferralSettings.load().waiting_reminder_days
    found = collect(today=today, waiting_days=days)
    skip = set(skip)
    ids = [user_id for user_id in found if user_id not in skip]
    users = User.objects.filter(pk__in=ids, is_active=True).exclude(email="").order_by("pk")
    off = set(
        DigestPreference.objects.filter(user__in=ids, daily_digest=False).values_list(
            "user_id", flat=True
        )
    )
    result = []
    for user in users:
        sections = found[user.pk]
        shown = [s for s in Section if s in sections and (user.pk not in off or s in SAFETY)]
        if not shown:
            continue
        result.append(
            Digest(
                user=user,
                sections=[(HEADINGS[s].format(days=days), sections[s]) for s in shown],
                footage_only=user.pk in off,
            )
        )
    return result
