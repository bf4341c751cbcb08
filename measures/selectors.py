"""Reads for measures: which are in use, a child's results, and the paired before and after
scores the outcomes report counts."""

from collections import defaultdict

from django.db.models import Prefetch

from measures.models import AFTER, BEFORE, Measure, MeasureResult, MeasureScore


def active_measures():
    """The measures in use, each with its current version's items."""
    measures = list(Measure.objects.filter(active=True).prefetch_related("versions__items"))
    for measure in measures:
        versions = sorted(measure.versions.all(), key=lambda v: -v.number)
        measure.version = versions[0] if versions else None
        measure.items = list(versions[0].items.all()) if versions else []
    return measures


def results_for(referral_id: int) -> list[MeasureResult]:
    """A child's results, each with its scores and the items they answer."""
    return list(
        MeasureResult.objects.filter(referral_id=referral_id)
        .select_related("measure", "version", "recorded_by")
        .prefetch_related(Prefetch("scores", queryset=MeasureScore.objects.select_related("item")))
        .order_by("measure__name", "taken_on", "pk")
    )


def paired_scores(referrals) -> dict:
    """For each (measure, item key): the list of (referral id, before, after) pairs.

    Before is the earliest result at referral or first cycle, after the latest at closure or
    follow-up; a child counts once per item, in two queries whatever the number of children.
    """
    rows = (
        MeasureScore.objects.filter(result__referral__in=referrals)
        .values_list(
            "result__referral_id",
            "result__measure_id",
            "result__time_point",
            "result__taken_on",
            "item__key",
            "value",
        )
        .order_by("result__taken_on", "result__pk")
    )
    before, after = {}, {}
    for referral_id, measure_id, point, _, key, value in rows:
        slot = (measure_id, key, referral_id)
        if point in BEFORE:
            before.setdefault(slot, value)
        elif point in AFTER:
            after[slot] = value
    pairs = defaultdict(list)
    for slot, first in before.items():
        if slot in after:
            measure_id, key, referral_id = slot
            pairs[(measure_id, key)].append((referral_id, first, after[slot]))
    return pairs
