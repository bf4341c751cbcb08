"""Named filters for cases, including who may see which."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    DateField,
    F,
    Func,
    OuterRef,
    Q,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.configuration import CaseSettings
from cases.cycle_facts import cycle_facts
from cases.rules import LIMIT_WARNING_DAYS, last_start_ending_by
from referrals.querysets import hidden_children, not_restricted_from
from vig_service.accounts.roles import Role


class _AnyOf(Func):
    """column = ANY(array): true when the column's value is in the array."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = BooleanField()


class AddMonths(Func):
    """A date `months` later in the database (PostgreSQL clamps to the month's last day)."""

    # Two expressions, the date and the number of months, joined into date + make_interval.
    arg_joiner = " + make_interval(months => "
    template = "CAST(%(expressions)s) AS date)"
    output_field = DateField()


def guider_capacity(default: int) -> Coalesce:
    """A guider's capacity for open cases: their own number, else the service's `default`.

    An annotation on a queryset of users; the allocation page and the caseload report use it.
    """
    return Coalesce("guider_capacity__capacity", Value(default))


@dataclass(frozen=True)
class NearLimitDates:
    """What puts an open case near its limit on a day: a limit ending by `warn_from`, a
    first filming on or before `filmed_by` (whose months end by then), or `cycle_limit`
    cycles started. Values, so a query built from them can be compiled (core.compiled)."""

    warn_from: date
    filmed_by: date
    cycle_limit: int

    @classmethod
    def on(cls, *, today: date | None = None, settings: CaseSettings | None = None):
        """The dates for `today` (the service's today by default) and the service's limits."""
        settings = settings or CaseSettings.load()
        warn_from = (today or timezone.localdate()) + timedelta(days=LIMIT_WARNING_DAYS)
        filmed_by = last_start_ending_by(warn_from, settings.month_limit)
        return cls(warn_from, filmed_by, settings.cycle_limit)


class CaseQuerySet(models.QuerySet):
    """Case queries; every page's cases pass through visible_to(user)."""

    def open(self):
        """Cases not yet closed."""
        return self.exclude(status="closed")

    def with_first_filming(self):
        """Cases with `first_filmed_on`: the earliest date one of their cycles was filmed.

        The one definition of the first filming: the limit's months count from it and the
        waiting-times report measures allocation to it. A corrected date can make a later cycle
        the earliest filmed, so the cycle's number is not used.
        """
        return self.annotate(first_filmed_on=cycle_facts().first_filming(OuterRef("pk")))

    def first_filmed_between(self, start: date, end: date):
        """Cases first filmed from `start` to `end` (both included), with `first_filmed_on`."""
        # Only cases with a filming in the range can have their first one there: the date
        # index finds those, so the earliest filming is looked up for few cases.
        return (
            self.filter(pk__in=cycle_facts().cases_filmed_between(start, end))
            .with_first_filming()
            .filter(first_filmed_on__gte=start, first_filmed_on__lte=end)
        )

    def with_limit(self, settings: CaseSettings | None = None):
        """Cases annotated with `limit_ends_on`, `limit_cycles` and `cycles_started`.

        The limit is the latest extension's, else the service's cycles and its months from
        the first filming (as with_first_filming() defines it). Read from the case's limit
        facts row, which triggers keep current (docs/architecture.md, "The limit facts").
        """
        settings = settings or CaseSettings.load()
        return self.annotate(
            limit_ends_on=Coalesce(
                F("limit_facts__extension_ends_on"),
                AddMonths(F("limit_facts__first_filmed_on"), Value(settings.month_limit)),
            ),
            limit_cycles=Coalesce(
                F("limit_facts__extension_cycle_limit"), Value(settings.cycle_limit)
            ),
            cycles_started=Coalesce(F("limit_facts__cycles_started"), Value(0)),
        )

    def near_limit(self, *, today: date | None = None, settings: CaseSettings | None = None):
        """Open cases at their limit or within 4 weeks of its end date, with with_limit().

        At the limit: every cycle allowed has started, or the end date has passed. The
        caseload report counts these cases and the manager's pages list them. Each way of
        reaching it has its own index on the limit facts, so only those cases are read.
        """
        settings = settings or CaseSettings.load()
        # An ARRAY, not IN: the planner cannot tell how few they are, and with IN it hashes
        # every open case (50 ms at a million referrals); the array is looked up by key.
        limits = NearLimitDates.on(today=today, settings=settings)
        near = ArraySubquery(self.near_limit_ids(limits))
        return self.open().filter(Q(_AnyOf("pk", near))).with_limit(settings)

    def near_limit_ids(self, limits: NearLimitDates) -> models.QuerySet:
        """The ids of the open cases near their limit, read from the limit facts' indexes."""
        facts = self.model._meta.get_field("limit_facts").related_model
        near = facts.objects.filter(open=True).filter(
            Q(extension_ends_on__lte=limits.warn_from)
            | Q(extension_ends_on__isnull=True, first_filmed_on__lte=limits.filmed_by)
            # A Value, not the number: Django drops a comparison with a number out of the
            # column's range, which a compiled query's stand-in is (core.compiled).
            | Q(
                extension_cycle_limit__isnull=True,
                cycles_started__gte=Value(limits.cycle_limit),
            )
            | Q(cycles_started__gte=F("extension_cycle_limit"))
        )
        return near.order_by().values("case_id")

    def limit_counts(self) -> dict[str, int]:
        """How many of these cases are open and at or near their limit (`near`, as near_limit()
        finds them) and how many have an extension request waiting (`waiting`), in one query.

        A case has one waiting request at most (a constraint), so `waiting` counts requests.
        """
        near, waiting = self.limit_counts_query(NearLimitDates.on()).get()
        return {"near": near, "waiting": waiting}

    def limit_counts_query(self, limits: NearLimitDates) -> models.QuerySet:
        """limit_counts() as a query of one row (near, waiting), for compiling."""
        near = self.near_limit_ids(limits)
        request_model = self.model._meta.get_field("extension_requests").related_model
        waiting = request_model.objects.filter(status="waiting").order_by().values("case_id")
        # Both sets' ids (ARRAY) find the cases by key; each count tests its set hashed (IN):
        # an array is searched from the start for every case (6 ms for 1,219 cases).
        either = Q(_AnyOf("pk", ArraySubquery(near))) | Q(_AnyOf("pk", ArraySubquery(waiting)))
        return (
            self.filter(either)
            .order_by()
            # Grouped by a constant, which is no grouping: one row, as an aggregate gives.
            .values(every=Value(True))
            .annotate(
                near=Count("pk", filter=Q(pk__in=near) & ~Q(status="closed")),
                waiting=Count("pk", filter=Q(pk__in=waiting)),
            )
            .values_list("near", "waiting")
        )

    def with_waiting_extension_request(self):
        """Cases whose guider or coordinator has asked for an extension not yet decided."""
        request_model = self.model._meta.get_field("extension_requests").related_model
        waiting = request_model.objects.filter(status="waiting").values("case_id")
        return self.filter(pk__in=waiting)

    def visible_to(self, user, *, limits: NearLimitDates | None = None):
        """The cases a user may open; anything else is a 404 for them.

        Coordinators see every case. Guiders see the cases they guide or co-work.
        Supervisors (and guiders who supervise trainees) see the cases their supervisees
        guide or co-work. Managers see, read-only, the open cases at or near their limit and
        those with an extension request waiting, which are theirs to decide. A restricted
        child's case is for the named staff alone.
        """
        if not user.is_authenticated:
            return self.none()
        return self._scope(user, limits).not_restricted_from(user)

    def not_restricted_from(self, user):
        """The cases whose child is not restricted away from `user` (their scope aside)."""
        return self.filter(not_restricted_from(user, "referral__child"))

    def restricted_from(self, user):
        """The cases a restriction keeps from `user`, whatever their scope: the complement of
        not_restricted_from (referrals/tests/test_restrictions.py holds the two rules equal)."""
        return self.filter(referral__child__in=hidden_children(user).values("child"))

    def _scope(self, user, limits):
        if user.has_role(Role.COORDINATOR):
            return self.all()
        scope = models.Q(pk__in=[])
        if user.has_role(Role.GUIDER):
            scope |= models.Q(guider=user) | models.Q(co_worker=user)
        if user.has_role(Role.GUIDER, Role.SUPERVISOR):
            # The supervisees' ids read once (ARRAY), not joins to the guider: a join in an
            # OR makes the database read every case (51 ms for My cases at 100,000).
            supervisees = ArraySubquery(user.supervisees.order_by().values("pk"))
            scope |= Q(_AnyOf("guider_id", supervisees)) | Q(_AnyOf("co_worker_id", supervisees))
        if user.has_role(Role.MANAGER):
            near = self.near_limit_ids(limits or NearLimitDates.on())
            waiting = self.model.objects.with_waiting_extension_request().values("pk")
            # IN here: a hashed set, so near_limit() on top tests each case once, not its array.
            scope |= Q(pk__in=near) | Q(pk__in=waiting)
        return self.filter(scope)

    def worked_on_by(self, user):
        """The cases a user may change: their own as guider or co-worker, or any for coordinators.

        Supervisors read their supervisees' cases but do not change them; managers read the
        cases near their limit and decide extensions, nothing more.
        """
        if not user.is_authenticated:
            return self.none()
        if user.has_role(Role.COORDINATOR):
            return self.not_restricted_from(user)
        if user.has_role(Role.GUIDER):
            own = self.filter(models.Q(guider=user) | models.Q(co_worker=user))
            return own.not_restricted_from(user)
        return self.none()
