"""Reads for matching: the earlier records that may be the same child as a referral's.

Candidates are found by the indexed columns (the NHS number, the date of birth and the dates
it is likely mistyped as) and then scored in the same query by pg_trgm and fuzzystrmatch, so
finding them costs one query whatever the number of referrals (docs/architecture.md, "One
child across referrals").
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import CharField, F, Func, Q, Value
from django.db.models.functions import Concat

from referrals import match_rules
from referrals.children import ChildEvent, ChildMatch, ChildMerge
from referrals.models import Referral

# Rows scored at the most: more than enough for the few children a coordinator compares.
SCORED = 60
SHOWN = 5
# What the suggestions and the match page show of each candidate's referral: a few fields of
# up to SCORED rows, not every answer of each (the match page's test counts its queries).
COMPARED = (
    "reference",
    "status",
    "referrer_id",
    "child_id",
    "child_first_name",
    "child_last_name",
    "child_date_of_birth",
    "child_nhs_number",
    "submitted_at",
    "case__status",
    "case__closed_on",
)


class DoubleMetaphone(Func):
    """fuzzystrmatch's dmetaphone(): how a name sounds, so Pascoe and Pasco agree."""

    function = "dmetaphone"
    output_field = CharField()


def _full_name(first, last):
    return Concat(first, Value(" "), last, output_field=CharField())


@dataclass
class Candidate:
    """Another child who may be this referral's, with the referrals that suggest it."""

    child_id: int
    evidence: match_rules.Evidence
    referrals: list[Referral] = field(default_factory=list)

    @property
    def referral(self) -> Referral:
        """The best-matching referral: what the coordinator compares."""
        return self.referrals[0]


def _decided_with(child_id: int) -> Q:
    """The children a coordinator has already answered for against this one."""
    pairs = ChildMatch.objects.filter(Q(child_a_id=child_id) | Q(child_b_id=child_id))
    return Q(child_id__in=pairs.values("child_a_id")) | Q(child_id__in=pairs.values("child_b_id"))


def candidate_matches(referral: Referral, *, user, limit: int = SHOWN) -> list[Candidate]:
    """The other children whose referrals may be this child's, best first, as far as the user
    may see them: a referrer learns of none they could not open (visible_to)."""
    born = referral.child_date_of_birth
    if referral.child_id is None or born is None:
        return []
    variants = match_rules.birth_date_variants(born)
    found = Q(child_date_of_birth__in=list(variants))
    if referral.child_nhs_number:
        found |= Q(child_nhs_number=referral.child_nhs_number)
    name = f"{referral.child_first_name} {referral.child_last_name}"
    # Only rows that could be shown are scored and built (match_rules.LEAST_SIMILARITY).
    worth_scoring = Q(similarity__gte=match_rules.LEAST_SIMILARITY)
    if referral.child_nhs_number:
        worth_scoring |= Q(child_nhs_number=referral.child_nhs_number)
    rows = (
        Referral.objects.visible_to(user)
        .exclude(status=Referral.Status.DRAFT)
        .filter(found, child__isnull=False)
        .exclude(child_id=referral.child_id)
        .exclude(_decided_with(referral.child_id))
        .annotate(
            similarity=TrigramSimilarity(_full_name("child_first_name", "child_last_name"), name),
            sound=DoubleMetaphone("child_last_name"),
            own_sound=DoubleMetaphone(Value(referral.child_last_name)),
        )
        .filter(worth_scoring)
        .select_related("case")
        .only(*COMPARED)
        .order_by(F("similarity").desc(), "-submitted_at", "-pk")[:SCORED]
    )
    by_child: dict[int, Candidate] = {}
    for row in rows:
        evidence = match_rules.match_evidence(
            nhs_number=referral.child_nhs_number,
            other_nhs_number=row.child_nhs_number,
            similarity=row.similarity,
            sounds_alike=bool(row.sound) and row.sound == row.own_sound,
            born=variants.get(row.child_date_of_birth, match_rules.Born.OTHER),
            names_swapped=match_rules.names_swapped(
                referral.child_first_name,
                referral.child_last_name,
                row.child_first_name,
                row.child_last_name,
            ),
        )
        if not evidence.shown:
            continue
        candidate = by_child.setdefault(row.child_id, Candidate(row.child_id, evidence))
        if evidence.score > candidate.evidence.score:
            candidate.evidence = evidence
            candidate.referrals.insert(0, row)
        else:
            candidate.referrals.append(row)
    ranked = sorted(by_child.values(), key=lambda c: -c.evidence.score)
    return ranked[:limit]


def candidate_for(referral: Referral, *, user, child_id: int) -> Candidate | None:
    """One suggested child, or None when it is not (or no longer) a suggestion for this user."""
    return next(
        (
            candidate
            for candidate in candidate_matches(referral, user=user, limit=SCORED)
            if candidate.child_id == child_id
        ),
        None,
    )


def merges():
    """Every merge, newest first, with who did it and the references that moved."""
    merges = ChildMerge.objects.select_related("merged_by", "undone_by")
    return merges.order_by("-merged_at", "-pk")


def add_references(merges, *, user) -> None:
    """Set `references` on each merge: the referrals it moved that no restriction keeps from
    `user`, in one query for the page."""
    merges = list(merges)
    ids = {pk for merge in merges for pk in merge.referral_ids}
    moved = Referral.objects.filter(pk__in=ids).not_restricted_from(user)
    found = dict(moved.values_list("pk", "reference"))
    for merge in merges:
        merge.references = [found[pk] for pk in merge.referral_ids if pk in found]


@dataclass
class Elsewhere:
    """A parent, carer or household child of this referral, known in other children's."""

    who: str
    referrals: list[Referral]


def people_elsewhere(referral: Referral, *, user) -> list[Elsewhere]:
    """This referral's parents, carers and household children in the referrals of other
    children that the user may open (a sibling referred, a parent known from another child),
    in two queries."""
    parents = [p for p in referral.parents.all() if p.carer_id]
    siblings = [s for s in referral.household_children.all() if s.child_id]
    if not (parents or siblings):
        return []
    others = (
        Referral.objects.visible_to(user)
        .exclude(status=Referral.Status.DRAFT)
        .exclude(pk=referral.pk)
        .exclude(child_id=referral.child_id)
    )
    found = others.filter(
        Q(parents__carer_id__in=[p.carer_id for p in parents])
        | Q(child_id__in=[s.child_id for s in siblings])
    ).distinct()
    rows = list(found.prefetch_related("parents").order_by("submitted_at", "pk"))
    result = []
    for parent in parents:
        theirs = [r for r in rows if any(p.carer_id == parent.carer_id for p in r.parents.all())]
        if theirs:
            result.append(
                Elsewhere(f"{parent.name} ({parent.get_relationship_display()})", theirs)
            )
    for sibling in siblings:
        theirs = [r for r in rows if r.child_id == sibling.child_id]
        if theirs:
            result.append(Elsewhere(f"{sibling.first_name} (in the household)", theirs))
    return result


def child_history(child_id: int | None) -> list[ChildEvent]:
    """The child's own history, newest first: matches answered, merges, restrictions."""
    if child_id is None:
        return []
    events = ChildEvent.objects.filter(child_id=child_id).select_related("actor")
    return list(events.order_by("-occurred_at", "-pk"))
