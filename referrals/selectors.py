"""Reads for the referral pages, scoped by Referral.objects.visible_to(user)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from referrals.allocation import case_opening
from referrals.children import Flag, FlagKind
from referrals.filters import NO_TIER
from referrals.household import HouseholdChild, ParentCarer
from referrals.models import Referral, ReferralEvent, StatusCount
from referrals.querysets import COORDINATOR_ONLY
from vig_service.accounts.roles import Role
from vig_service.core.compiled import CompiledQuery, prefetched, rows_of, stand_in_viewer


def referrals_for_referrer(*, user) -> QuerySet[Referral]:
    """The referrer's own referrals (and their team's when allowed), newest first."""
    return (
        Referral.objects.visible_to(user)
        .select_related("referrer")
        .order_by("-submitted_at", "-created_at")
    )


# A coordinator's referral page, compiled (core.compiled): a coordinator's scope reads nothing
# of them but their id (visible_to), and building the page's four querysets cost more than
# running them. Anyone else's scope reads their team and a setting, so theirs is the ORM's.
_PAGE = CompiledQuery(
    Referral,
    lambda *, viewer_id, pk: (
        Referral.objects.visible_to_coordinator(viewer_id)
        .select_related("referrer", "team")
        .filter(pk=pk)
    ),
    scalars=["viewer_id", "pk"],
)
_PARENTS = rows_of(ParentCarer, "referral_id")
_HOUSEHOLD = rows_of(HouseholdChild, "referral_id")
_TIMELINE = rows_of(ReferralEvent, "referral_id", related=["actor"], order=["occurred_at", "pk"])


def referral_for_page(*, user, pk: int) -> Referral:
    """One referral the user may see, with everything its page shows; 404 otherwise."""
    if user.has_role(Role.COORDINATOR):
        found = _PAGE.loaded(viewer_id=user.pk, pk=pk)
        if not found:
            raise Http404("No referral matches the given query.")
        prefetched(
            found[0],
            parents=_PARENTS.loaded(referral_id=found[0].pk),
            household_children=_HOUSEHOLD.loaded(referral_id=found[0].pk),
        )
        return found[0]
    queryset = (
        Referral.objects.visible_to(user)
        .select_related("referrer", "team")
        .prefetch_related("parents", "household_children")
    )
    return get_object_or_404(queryset, pk=pk)


def own_draft(*, user, pk: int) -> Referral:
    """A referral the user wrote, for its question pages; 404 for anyone else's."""
    queryset = (
        Referral.objects.filter(referrer=user)
        .not_restricted_from(user)
        .prefetch_related("parents", "household_children")
    )
    return get_object_or_404(queryset, pk=pk)


def timeline(*, referral: Referral, for_referrer: bool) -> list[ReferralEvent]:
    """The referral's events, oldest first; referrers see only what concerns them."""
    if not for_referrer:
        return _TIMELINE.loaded(referral_id=referral.pk)
    events = referral.events.select_related("actor").order_by("occurred_at", "pk")
    return list(events.filter(action__in=ReferralEvent.SHOWN_TO_REFERRER))


QUEUE_ROW_FIELDS = (
    "reference",
    "child",
    "status",
    "eligible",
    "eligibility_overridden",
    "priority_tier",
    "child_date_of_birth",
    "concerns",
    "route_in",
    "submitted_at",
    "referrer__full_name",
    "team__name",
)


def queue(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """The coordinator's queue (rows QueueFilterSet kept): highest tier first, then oldest."""
    return (
        referrals.select_related("referrer", "team")
        # Only what a queue row shows: a referral is wide, and so is its referrer's account.
        .only(*QUEUE_ROW_FIELDS)
        .order_by(F("priority_tier").asc(nulls_last=True), "submitted_at", "pk")
    )


def _tier_counts(referrals: QuerySet[Referral]) -> QuerySet:
    # Rows, not keys: the queue's index holds the tier but not the key.
    return referrals.order_by().values_list("priority_tier").annotate(n=Count("*"))


def _tier_rows(counts: dict) -> list[dict]:
    tiers = sorted(t for t in counts if t is not None)
    rows = [{"tier": str(t), "label": f"Tier {t}", "count": counts[t]} for t in tiers]
    if None in counts:
        rows.append({"tier": NO_TIER, "label": "No tier", "count": counts[None]})
    return rows


def queue_tier_counts(referrals: QuerySet[Referral], *, user, status: str | None) -> list[dict]:
    """How many of these referrals (the queue filtered but for its tier) are in each tier.

    `status` is the queue's one status when nothing else narrows it (the queue as it opens):
    then a coordinator's counts are the kept ones less what is restricted from them, as on
    their home page, rather than a count of every such referral.
    """
    if status in KEPT_TIER_COUNTS and user.has_role(Role.COORDINATOR):
        counts = KEPT_TIER_COUNTS[status].rows(viewer_id=user.pk)
        return _tier_rows({tier or None: n for tier, n in counts if n})
    return _tier_rows(dict(_tier_counts(referrals)))


def waiting_list(*, user) -> QuerySet[Referral]:
    """Accepted referrals waiting for a guider: highest tier first, then longest waiting."""
    return (
        Referral.objects.visible_to(user)
        .filter(status=Referral.Status.ACCEPTED)
        .select_related("referrer", "team")
        .order_by(F("priority_tier").asc(nulls_last=True), "accepted_at", "pk")
    )


def _counted(referrals: QuerySet[Referral]) -> QuerySet:
    # Grouped by their one status, so the count is the row's (none when there are none).
    return referrals.values("status").annotate(n=Count("*")).values("n")


def _kept_less_hidden(viewer_id: int, status: str) -> QuerySet:
    """The kept count of each tier (StatusCount) less the referrals restricted from the
    viewer: a coordinator's scope over submitted and accepted referrals is every one but
    those (visible_to), so only the few restricted children's referrals are read."""
    viewer = stand_in_viewer(viewer_id, COORDINATOR_ONLY)
    hidden = (
        Referral.objects.filter(status=status)
        .restricted_from(viewer)
        .annotate(tier=Coalesce("priority_tier", StatusCount.NO_TIER))
        .filter(tier=OuterRef("tier"))
        .order_by()
        .values("status")
        .annotate(n=Count("*"))
        .values("n")
    )
    return StatusCount.objects.filter(status=status).values_list(
        "tier", F("n") - Coalesce(Subquery(hidden), 0)
    )


# The coordinator's home page counts, each compiled once (core.compiled) for a stand-in
# coordinator: a coordinator's scope reads nothing of them but their id (visible_to), and
# building the three querysets cost more than PostgreSQL took to run them.
NEW_TIER_COUNTS = CompiledQuery(
    StatusCount,
    lambda *, viewer_id: _kept_less_hidden(viewer_id, Referral.Status.SUBMITTED),
    scalars=["viewer_id"],
)
# The queue's tiers as it opens, for either of its statuses.
KEPT_TIER_COUNTS = {
    Referral.Status.SUBMITTED: NEW_TIER_COUNTS,
    Referral.Status.MORE_INFO_REQUESTED: CompiledQuery(
        StatusCount,
        lambda *, viewer_id: _kept_less_hidden(viewer_id, Referral.Status.MORE_INFO_REQUESTED),
        scalars=["viewer_id"],
    ),
}
WAITING_FOR_REFERRER = CompiledQuery(
    Referral,
    lambda *, viewer_id, asked_before: _counted(
        Referral.objects.visible_to_coordinator(viewer_id).waiting_for_referrer(
            asked_before=asked_before
        )
    ),
    scalars=["viewer_id"],
    moments=["asked_before"],
)
WAITING_LIST = CompiledQuery(
    StatusCount,
    lambda *, viewer_id: _kept_less_hidden(viewer_id, Referral.Status.ACCEPTED),
    scalars=["viewer_id"],
)


def _coordinator(user) -> int:
    """The user's id; only a coordinator's counts may come from the compiled queries."""
    if not user.has_role(Role.COORDINATOR):
        raise PermissionDenied
    return user.pk


def new_referral_tier_counts(*, user) -> list[dict]:
    """Submitted referrals waiting for a decision, counted by priority tier, highest first
    (for a coordinator)."""
    counts = NEW_TIER_COUNTS.rows(viewer_id=_coordinator(user))
    return _tier_rows({tier or None: n for tier, n in counts if n})


def waiting_for_referrer_count(*, user, asked_before) -> int:
    """How many referrals have waited for the referrer's answer since before `asked_before`
    (for a coordinator)."""
    return WAITING_FOR_REFERRER.value(0, viewer_id=_coordinator(user), asked_before=asked_before)


def waiting_list_count(*, user) -> int:
    """How many accepted referrals wait for a guider (for a coordinator)."""
    return sum(n for _tier, n in WAITING_LIST.rows(viewer_id=_coordinator(user)))


def awaiting_answer(*, user, limit: int) -> list[Referral]:
    """Up to `limit` of the user's own referrals waiting for their answer, longest first."""
    waiting = (
        Referral.objects.filter(referrer=user).not_restricted_from(user).waiting_for_referrer()
    )
    return list(waiting.order_by("information_requested_at", "pk")[:limit])


def recently_changed(*, user, since, limit: int) -> list[Referral]:
    """Up to `limit` of the user's own referrals whose status others changed since `since`."""
    own = Referral.objects.filter(referrer=user).not_restricted_from(user)
    changed = own.status_changed_since(since, not_by=user)
    return list(changed.order_by("-status_changed_at", "-pk")[:limit])


def previous_involvement(referral: Referral) -> list[Referral]:
    """The child's other referrals, oldest first: how each ended and, for a case, its
    closure, the cycles held and how its helping questions changed (for coordinators and the
    case's readers; never shown to referrers)."""
    if referral.child_id is None:
        return []
    # The case is reached by its relation's name: referrals sits below cases (no import).
    rows = list(
        Referral.objects.filter(child_id=referral.child_id)
        .exclude(pk=referral.pk)
        .select_related("case")
        .annotate(
            cycles_held=Count("case__cycles", filter=Q(case__cycles__status="reviewed")),
        )
        .order_by("submitted_at", "pk")
    )
    case_opening().attach_question_change(rows)
    return rows


def active_flags(*, child_id: int | None, case_id: int | None = None) -> list:
    """The flags to show now: the child's and household's, and this case's own."""
    if child_id is None:
        return []
    today = timezone.localdate()
    flags = Flag.objects.filter(child_id=child_id).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=today)
    )
    flags = flags.filter(Q(case__isnull=True) | Q(case_id=case_id))
    return list(flags.select_related("raised_by").order_by("raised_on", "pk"))


def _page_flags(*, children, today):
    return (
        Flag.objects.filter(child__pk__any=children, case__isnull=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
        .values_list("child_id", "kind")
        .order_by("raised_on", "pk")
    )


# On every queue page: compiled once (core.compiled), building it cost 0.9 of its 1.1 ms.
_PAGE_FLAGS = CompiledQuery(Flag, _page_flags, lists=["children"], days=["today"])


def mark_flagged(referrals) -> None:
    """Set `flag_kinds` on each of a page's referrals (the queue), in one query for the page."""
    kinds: dict[int, list[str]] = {}
    children = sorted({referral.child_id for referral in referrals if referral.child_id})
    for child_id, kind in _PAGE_FLAGS.rows(children=children, today=timezone.localdate()):
        kinds.setdefault(child_id, []).append(FlagKind(kind).label)
    for referral in referrals:
        referral.flag_kinds = kinds.get(referral.child_id, [])
