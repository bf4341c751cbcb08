"""Reads for the referral pages, scoped by Referral.objects.visible_to(user)."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from referrals.models import Referral, ReferralEvent


def referrals_for_referrer(*, user) -> QuerySet[Referral]:
    """The referrer's own referrals (and their team's when allowed), newest first."""
    return (
        Referral.objects.visible_to(user)
        .select_related("referrer")
        .order_by("-submitted_at", "-created_at")
    )


def referral_for_page(*, user, pk: int) -> Referral:
    """One referral the user may see, with everything its page shows; 404 otherwise."""
    queryset = (
        Referral.objects.visible_to(user)
        .select_related("referrer", "team")
        .prefetch_related("parents", "household_children")
    )
    return get_object_or_404(queryset, pk=pk)


def own_draft(*, user, pk: int) -> Referral:
    """A referral the user wrote, for its question pages; 404 for anyone else's."""
    queryset = Referral.objects.filter(referrer=user).prefetch_related(
        "parents", "household_children"
    )
    return get_object_or_404(queryset, pk=pk)


def timeline(*, referral: Referral, for_referrer: bool) -> list[ReferralEvent]:
    """The referral's events, oldest first; referrers see only what concerns them."""
    events = referral.events.select_related("actor").order_by("occurred_at", "pk")
    if for_referrer:
        events = events.filter(action__in=ReferralEvent.SHOWN_TO_REFERRER)
    return list(events)


def possible_duplicates(*, referral: Referral) -> QuerySet[Referral]:
    """Open referrals for what may be the same child: same NHS number, or name and birth date."""
    match = Q()
    if referral.child_nhs_number:
        match |= Q(child_nhs_number=referral.child_nhs_number)
    if referral.child_first_name and referral.child_last_name and referral.child_date_of_birth:
        match |= Q(
            child_first_name__iexact=referral.child_first_name,
            child_last_name__iexact=referral.child_last_name,
            child_date_of_birth=referral.child_date_of_birth,
        )
    if not match:
        return Referral.objects.none()
    return Referral.objects.open().filter(match).exclude(pk=referral.pk).order_by("submitted_at")
