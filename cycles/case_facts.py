"""The cycle facts cycles provides to cases, registered in `CyclesConfig.ready()`.

Cases cannot import cycles (docs/architecture.md, "Apps and layers"); these functions are
what its pages, rules and services ask of a case's cycles and ratings.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cases.cycle_facts import CycleFacts, CycleTeaching
from cases.models import Case
from cycles.models import Cycle, Rating, SharedReview


def _count(queryset: QuerySet) -> Coalesce:
    """A count per case as a subquery, so several counts never multiply each other's joins."""
    counted = queryset.order_by().values("case").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def first_filming(case: OuterRef) -> Subquery:
    """The one definition of a case's first filming: the earliest date one of its cycles was
    filmed (a corrected date can make a later cycle the earliest, so not cycle 1's)."""
    filmed = Cycle.objects.filter(case=case, filmed_on__isnull=False).order_by("filmed_on")
    return Subquery(filmed.values("filmed_on")[:1])


def cycles_started(case: OuterRef) -> Coalesce:
    """How many cycles the case has started."""
    return _count(Cycle.objects.filter(case=case))


def cases_filmed_between(start: date, end: date) -> QuerySet:
    """The ids of cases with a filming from `start` to `end` (the date index finds them)."""
    return Cycle.objects.filter(filmed_on__gte=start, filmed_on__lte=end).values("case_id")


def annotate_progress(cases: QuerySet) -> QuerySet:
    """Cases with their last review and each cycle's number and state, in the cases' query."""
    reviews = SharedReview.objects.filter(cycle__case=OuterRef("pk")).order_by("-held_on")
    cycles = Cycle.objects.filter(case=OuterRef("pk")).order_by("number")
    # Arrays in each case's row, not a prefetch: one query fewer on every page of cases.
    return cases.annotate(
        last_review_on=Subquery(reviews.values("held_on")[:1]),
        cycle_numbers=ArraySubquery(cycles.values("number")),
        cycle_statuses=ArraySubquery(cycles.values("status")),
    )


def first_filmed_on(case_id: int) -> date | None:
    """The date of the case's first filming, or None before it."""
    return (
        Case.objects.with_first_filming().values_list("first_filmed_on", flat=True).get(pk=case_id)
    )


def rate_baseline(question, value: int, on: date) -> None:
    """Record a new helping question's baseline rating."""
    Rating.objects.create(question=question, kind=Rating.Kind.BASELINE, value=value, rated_on=on)


def rate_closure(ratings, on: date) -> None:
    """Record the closure rating of each (question, value) of a closing case."""
    Rating.objects.bulk_create(
        Rating(question=question, kind=Rating.Kind.CLOSURE, value=value, rated_on=on)
        for question, value in ratings
    )


@dataclass(frozen=True)
class RatingPoint:
    """One rating of a helping question, labelled for the chart and the table."""

    label: str
    kind: str
    rated_on: date
    value: int


KIND_ORDER = {Rating.Kind.BASELINE: 0, Rating.Kind.REVIEW: 1, Rating.Kind.CLOSURE: 2}


def attach_rating_points(questions) -> None:
    """Set `points` on each helping question: its ratings over time, in order, in one query."""
    ratings = Rating.objects.filter(question__in=questions).select_related("review__cycle")
    by_question: dict[int, list[Rating]] = {}
    for rating in ratings:
        by_question.setdefault(rating.question_id, []).append(rating)
    for question in questions:
        ordered = sorted(
            by_question.get(question.pk, []),
            key=lambda r: (KIND_ORDER.get(r.kind, 1), r.rated_on, r.review_id or 0, r.pk),
        )
        question.points = [_point(rating) for rating in ordered]


def _point(rating: Rating) -> RatingPoint:
    if rating.kind == Rating.Kind.REVIEW and rating.review_id:
        number = rating.review.cycle.number
        return RatingPoint(
            f"Cycle {number}", f"Shared review, cycle {number}", rating.rated_on, rating.value
        )
    label = rating.get_kind_display()
    return RatingPoint(label, label, rating.rated_on, rating.value)


def clips_by_cycle(case_id: int) -> list[CycleTeaching]:
    """Each cycle of the case: its clips' principles and the ratings at its review."""
    cycles = list(
        Cycle.objects.filter(case_id=case_id)
        .prefetch_related("clips")
        .select_related("review")
        .order_by("number")
    )
    ratings: dict[int, dict[int, int]] = {}
    for cycle_id, question_id, value in Rating.objects.filter(
        review__cycle__case_id=case_id, kind=Rating.Kind.REVIEW
    ).values_list("review__cycle_id", "question_id", "value"):
        ratings.setdefault(cycle_id, {})[question_id] = value
    teaching = []
    for cycle in cycles:
        counts = Counter(principle for clip in cycle.clips.all() for principle in clip.principles)
        teaching.append(
            CycleTeaching(
                number=cycle.number,
                clips=len(cycle.clips.all()),
                principles=tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))),
                reviewed=hasattr(cycle, "review"),
                ratings=ratings.get(cycle.pk, {}),
            )
        )
    return teaching


FACTS = CycleFacts(
    first_filming=first_filming,
    cycles_started=cycles_started,
    cases_filmed_between=cases_filmed_between,
    annotate_progress=annotate_progress,
    first_filmed_on=first_filmed_on,
    rate_baseline=rate_baseline,
    rate_closure=rate_closure,
    attach_rating_points=attach_rating_points,
    clips_by_cycle=clips_by_cycle,
)
