"""Possible duplicates: the open referrals that may be for the same child, on the referral
pages and marked on the queue's rows (docs/architecture.md, "Compiled queries")."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from referrals.models import Referral
from vig_service.core.compiled import CompiledQuery


def _duplicate_match(*, by_nhs: bool, by_name: bool, nhs="", first="", last="", born=None) -> Q:
    """The same child: by NHS number, or by names and birth date, as far as each is known."""
    match = Q()
    if by_nhs:
        match |= Q(child_nhs_number=nhs)
    if by_name:
        match |= Q(
            child_first_name__iexact=first, child_last_name__iexact=last, child_date_of_birth=born
        )
    return match


def _what_is_known(referral: Referral) -> tuple[bool, bool]:
    """Whether the child's NHS number is known, and whether their names and birth date are."""
    named = referral.child_first_name and referral.child_last_name
    return bool(referral.child_nhs_number), bool(named and referral.child_date_of_birth)


def _the_same_child(referral: Referral) -> dict:
    return {
        "nhs": referral.child_nhs_number,
        "first": referral.child_first_name,
        "last": referral.child_last_name,
        "born": referral.child_date_of_birth,
    }


def possible_duplicates(*, referral: Referral, user) -> QuerySet[Referral]:
    """Open referrals the user may see for what may be the same child (NHS number, or name
    and birth date).

    Scoped through visible_to so the warning cannot tell a referrer that the service holds a
    referral they could not open (README, "Security and audit"); coordinators see every match.
    """
    by_nhs, by_name = _what_is_known(referral)
    if not (by_nhs or by_name):
        return Referral.objects.none()
    match = _duplicate_match(by_nhs=by_nhs, by_name=by_name, **_the_same_child(referral))
    return _open_others(Referral.objects.visible_to(user), match, referral.pk)


def _open_others(referrals: QuerySet[Referral], match: Q, pk) -> QuerySet[Referral]:
    return referrals.open().filter(match).exclude(pk=pk).order_by("submitted_at")


def _coordinators_duplicates(by_nhs: bool, by_name: bool) -> CompiledQuery:
    def build(*, viewer_id, pk, **child):
        match = _duplicate_match(by_nhs=by_nhs, by_name=by_name, **child)
        return _open_others(Referral.objects.visible_to_coordinator(viewer_id), match, pk)

    return CompiledQuery(
        Referral,
        build,
        scalars=["viewer_id", "pk"],
        texts=[*(["nhs"] if by_nhs else []), *(["first", "last"] if by_name else [])],
        days=["born"] if by_name else [],
    )


# A coordinator's referral page, by what is known of the child: compiled once each, since
# building the scope and match cost more than PostgreSQL takes to run them (core.compiled).
_COORDINATORS_DUPLICATES = {
    (by_nhs, by_name): _coordinators_duplicates(by_nhs, by_name)
    for by_nhs in (False, True)
    for by_name in (False, True)
    if by_nhs or by_name
}


def coordinators_possible_duplicates(*, referral: Referral, user) -> list[Referral]:
    """`possible_duplicates` for a coordinator (every open referral is in their scope but
    a restricted child's), as a list."""
    known = _what_is_known(referral)
    if known not in _COORDINATORS_DUPLICATES:
        return []
    return _COORDINATORS_DUPLICATES[known].loaded(
        viewer_id=user.pk, pk=referral.pk, **_the_same_child(referral)
    )


def _duplicate_exists(user):
    """A subquery: another open referral for the same child (NHS number, or name and birth),
    among those no restriction keeps from `user`, so the tag never hints at a hidden one."""
    others = Referral.objects.open().not_restricted_from(user).exclude(pk=OuterRef("pk"))
    same_nhs = others.filter(child_nhs_number=OuterRef("child_nhs_number")).exclude(
        child_nhs_number=""
    )
    same_child = others.filter(
        child_first_name__iexact=OuterRef("child_first_name"),
        child_last_name__iexact=OuterRef("child_last_name"),
        child_date_of_birth=OuterRef("child_date_of_birth"),
    )
    return Exists(same_nhs) | Exists(same_child)


def _duplicate_marks(*, user_id, ids):
    earlier = Referral.objects.filter(child_id=OuterRef("child_id")).exclude(pk=OuterRef("pk"))
    # Read for every row and kept in Python: a filter on the marks would test each twice.
    return (
        Referral.objects.filter(pk__any=ids)
        .annotate(duplicate=_duplicate_exists(user_id), known=Exists(earlier))
        .values_list("pk", "duplicate", "known")
    )


# Compiled once (core.compiled): building the two subqueries cost more than running them.
DUPLICATE_MARKS = CompiledQuery(Referral, _duplicate_marks, scalars=["user_id"], lists=["ids"])


def mark_possible_duplicates(referrals, *, user) -> None:
    """Set `possible_duplicate` and `known_before` (the child has other referrals, so their
    previous involvement is worth reading) on each of a page's referrals, in one query.

    Checked per page rather than annotated on the queue, so a deep page does not test every
    referral before it.
    """
    rows = list(referrals)
    marks = {
        pk: (duplicate, known)
        for pk, duplicate, known in DUPLICATE_MARKS.rows(
            user_id=user.pk, ids=[row.pk for row in rows]
        )
    }
    for row in rows:
        row.possible_duplicate, row.known_before = marks.get(row.pk, (False, False))
