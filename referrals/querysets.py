"""Named filters for referrals, including who may see which."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import BooleanField, Exists, Expression, F, Max, OuterRef, Q, Subquery

from referrals.children import Restriction
from referrals.configuration import ReferralSettings
from vig_service.accounts.roles import Role
from vig_service.core.compiled import stand_in_viewer

# The roles of a stand-in coordinator, for the scopes compiled queries are built on.
COORDINATOR_ONLY = frozenset({Role.COORDINATOR})


def in_force():
    """The restrictions not lifted (one per child at most)."""
    return Restriction.objects.filter(lifted_at__isnull=True)


def hidden_children(user):
    """The children whose records an active restriction keeps from `user` (not named on it)."""
    # The one rule every visible_to applies (docs/architecture.md, "Restricted records").
    return in_force().exclude(staff=user)


def named_staff(child: str = "child") -> ArraySubquery:
    """The ids of the staff named on the restriction of the row's child (the path `child`);
    empty when it has none. For reads made for many people at once (the reminder digest)."""
    named = Restriction.staff.through.objects.filter(
        restriction__child=OuterRef(child), restriction__lifted_at__isnull=True
    )
    return ArraySubquery(named.values("user_id"))


class NotRestrictedFrom(Expression):
    """Whether the row's child (the path `child`) is not one of hidden_children(user).

    The same rule as hidden_children, written as the SQL the ORM writes for it: building that
    queryset (an exclusion over a many-to-many) took 2–3 ms of Python for every visible_to,
    several times a page, against microseconds for this. A test holds the two equal
    (referrals/tests/test_restrictions.py).
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, user, child="child"):
        super().__init__()
        self.user_id = getattr(user, "pk", user)
        # A path to the child's id, or an expression giving it (a subquery, for a row that
        # reaches its child through other tables).
        self.child = F(child) if isinstance(child, str) else child

    def get_source_expressions(self):
        return [self.child]

    def set_source_expressions(self, expressions):
        (self.child,) = expressions

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.child)
        quote = connection.ops.quote_name
        restriction, named = Restriction._meta, Restriction.staff.through._meta

        def col(meta, name):
            return quote(meta.get_field(name).column)

        # Every name comes from the models; the one value, the user's id, is bound.
        sql = (
            f"NOT EXISTS (SELECT 1 FROM {quote(restriction.db_table)} vig_restriction"
            f" WHERE vig_restriction.{col(restriction, 'lifted_at')} IS NULL"
            f" AND vig_restriction.{col(restriction, 'child')} = {column}"
            f" AND NOT EXISTS (SELECT 1 FROM {quote(named.db_table)} vig_named"
            f" WHERE vig_named.{col(named, 'restriction')}"
            f" = vig_restriction.{col(restriction, 'id')}"
            f" AND vig_named.{col(named, 'user')} = %s))"
        )
        return sql, (*params, self.user_id)


def not_restricted_from(user, child="child") -> NotRestrictedFrom:
    """Rows whose child (a path or an expression) is not one of hidden_children(user)."""
    # A correlated subquery in the list's own query, so no page gains a query; a row with no
    # child (a draft) is never hidden.
    return NotRestrictedFrom(user, child)


class ReferralQuerySet(models.QuerySet):
    """Referral queries; every page's referrals pass through visible_to(user)."""

    def submitted(self):
        """Everything past the draft stage."""
        return self.exclude(status="draft")

    def open(self):
        """Referrals still in play: not drafts, not declined or withdrawn."""
        return self.filter(
            status__in=["submitted", "more_info_requested", "accepted", "allocated"]
        )

    def with_information_requested_at(self):
        """Referrals with `information_requested_at`: when a coordinator last asked a question."""
        events = self.model._meta.get_field("events").related_model.objects
        asked = events.filter(referral=OuterRef("pk"), action="more_info_requested")
        return self.annotate(
            information_requested_at=Subquery(
                asked.order_by("-occurred_at", "-pk").values("occurred_at")[:1]
            )
        )

    def waiting_for_referrer(self, *, asked_before=None):
        """Referrals waiting for the referrer's answer (with `information_requested_at`), or
        those asked before `asked_before` if given (without it).

        Asking is the only way into the status, and a referral waiting cannot be asked again
        (Referral.TRANSITIONS), so "asked before" is "not asked since": the few questions
        since are read through their partial index, not every waiting referral's latest
        (docs/architecture.md, "The limit facts").
        """
        waiting = self.filter(status="more_info_requested")
        if asked_before is None:
            return waiting.with_information_requested_at()
        events = self.model._meta.get_field("events").related_model.objects
        asked_since = events.filter(
            referral=OuterRef("pk"), action="more_info_requested", occurred_at__gte=asked_before
        )
        return waiting.exclude(Exists(asked_since))

    def status_changed_since(self, moment, *, not_by=None):
        """Referrals whose status someone (other than `not_by`) changed since `moment`.

        Annotated with `status_changed_at`, the latest such change.
        """
        # The events that move a referral on; the referrer's own submission is not news to them.
        changes = Q(
            events__action__in=[
                "more_info_requested",
                "accepted",
                "declined",
                "withdrawn",
                "allocated",
            ],
            events__occurred_at__gte=moment,
        )
        if not_by is not None:
            changes &= ~Q(events__actor=not_by)
        return self.annotate(status_changed_at=Max("events__occurred_at", filter=changes)).filter(
            status_changed_at__isnull=False
        )

    def visible_to(self, user):
        """The referrals a user may open; anything else is a 404 for them.

        Drafts belong to their author alone. Coordinators see every submitted referral.
        Referrers see their own, and their team's when the service allows it. A restricted
        child's referrals are for the named staff alone.
        """
        if not user.is_authenticated:
            return self.none()
        return self._scope(user).filter(not_restricted_from(user))

    def visible_to_coordinator(self, viewer_id: int):
        """`visible_to` for a coordinator known only by id: their scope reads nothing else of
        them, so compiled queries are built on it once (core.compiled)."""
        return self.visible_to(stand_in_viewer(viewer_id, COORDINATOR_ONLY))

    def _scope(self, user):
        own = models.Q(referrer=user)
        if user.has_role(Role.COORDINATOR):
            return self.filter(own | ~models.Q(status="draft"))
        if user.has_role(Role.REFERRER):
            if user.team_id and ReferralSettings.load().referrers_see_team_referrals:
                team = models.Q(team_id=user.team_id) & ~models.Q(status="draft")
                return self.filter(own | team)
            return self.filter(own)
        return self.none()

    def not_restricted_from(self, user):
        """The referrals whose child is not restricted away from `user` (their scope aside)."""
        return self.filter(not_restricted_from(user))

    def unrestricted(self):
        """The referrals whose child has no restriction in force (for reads with no user)."""
        return self.exclude(child__in=in_force().values("child"))

    def restricted_from(self, user):
        """The referrals a restriction keeps from `user`, whatever their scope."""
        return self.filter(child__in=hidden_children(user).values("child"))
