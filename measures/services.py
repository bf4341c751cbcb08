"""Writes for measures: an administrator saving one (a new version when its items change),
and a result recorded for a child; each in one transaction."""

import logging
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from measures import rules
from measures.errors import MeasureError
from measures.models import (
    Measure,
    MeasureItem,
    MeasureResult,
    MeasureScore,
    MeasureVersion,
    TimePoint,
)
from vig_service.core.errors import RuleBroken
from vig_service.core.transitions import lock

logger = logging.getLogger(__name__)

PRFQ = "prfq"
# The referral's own PRFQ answers, in the order of the PRFQ measure's items.
PRFQ_REFERRAL_FIELDS = ("prfq_pre_mentalizing", "prfq_certainty", "prfq_interest")


def _checked(rule, *args, **kwargs):
    try:
        return rule(*args, **kwargs)
    except RuleBroken as broken:
        raise MeasureError(broken.message, field=broken.field) from None


@transaction.atomic
def measure_save(
    *,
    measure_id: int | None,
    by,
    name: str,
    description: str,
    time_points: list[str],
    follow_up_months: int,
    improvement_margin: Decimal,
    items_text: str,
    active: bool = True,
) -> Measure:
    """Add or change a measure; changed items make a new version, and old results keep theirs."""
    try:
        items = rules.parse_items(items_text)
    except RuleBroken as broken:
        raise MeasureError(broken.message, field="items_text") from None
    if not time_points:
        raise MeasureError("Select at least one time point", field="time_points")
    name = " ".join(name.split())
    clash = Measure.objects.filter(name__iexact=name).exclude(pk=measure_id)
    if clash.exists():
        raise MeasureError("There is already a measure with this name", field="name")
    if measure_id is None:
        measure = Measure(key=rules.key_for(name)[:40])
        if Measure.objects.filter(key=measure.key).exists():
            measure.key = f"{measure.key[:30]}-{Measure.objects.count() + 1}"
    else:
        measure = lock(Measure.objects, pk=measure_id)
    measure.name = name
    measure.description = description
    measure.time_points = [point for point in TimePoint.values if point in time_points]
    measure.follow_up_months = follow_up_months
    measure.improvement_margin = improvement_margin
    measure.active = active
    measure.full_clean(exclude=["key"])
    measure.save()
    current = measure.current_version()
    if current is None or rules.items_text(current.items.all()) != rules.items_text(items):
        version = MeasureVersion.objects.create(
            measure=measure, number=(current.number + 1) if current else 1, created_by=by
        )
        MeasureItem.objects.bulk_create(
            MeasureItem(
                version=version,
                position=position,
                key=item.key,
                wording=item.wording,
                low=item.low,
                high=item.high,
                better=item.better,
            )
            for position, item in enumerate(items, start=1)
        )
    return measure


@transaction.atomic
def measure_result_record(
    *,
    referral_id: int,
    measure_id: int,
    time_point: str,
    taken_on: date,
    scores: dict[int, Decimal],
    by,
) -> MeasureResult:
    """Record a measure taken at a time point: every item scored, in the current version."""
    measure = lock(Measure.objects, pk=measure_id)
    if time_point not in measure.time_points:
        raise MeasureError(
            f"{measure} is not taken {TimePoint(time_point).label.lower()}", field="time_point"
        )
    if taken_on > timezone.localdate():
        raise MeasureError("The date taken must be today or in the past", field="taken_on")
    earlier = MeasureResult.objects.filter(
        referral_id=referral_id, measure=measure, time_point=time_point
    ).first()
    if earlier is not None:
        raise MeasureError(
            f"{measure} {TimePoint(time_point).label.lower()} was already recorded, "
            f"taken on {earlier.taken_on:%-d %B %Y}",
            field="time_point",
        )
    version = measure.current_version()
    items = list(version.items.all())
    values = {
        item.pk: _checked(
            rules.check_score,
            scores.get(item.pk),
            low=item.low,
            high=item.high,
            wording=item.wording,
        )
        for item in items
    }
    result = MeasureResult.objects.create(
        referral_id=referral_id,
        measure=measure,
        version=version,
        time_point=time_point,
        taken_on=taken_on,
        recorded_by=by,
    )
    MeasureScore.objects.bulk_create(
        MeasureScore(result=result, item=item, value=values[item.pk]) for item in items
    )
    return result


# PRFQ as the service starts with it (migration 0002 made it for existing deployments).
PRFQ_NAME = "Parental Reflective Functioning Questionnaire (PRFQ)"
PRFQ_ITEMS = "\n".join(
    (
        "Pre-mentalizing | 1 | 7 | lower",
        "Certainty about mental states | 1 | 7 | higher",
        "Interest and curiosity | 1 | 7 | higher",
    )
)


def prfq_measure() -> Measure:
    """The PRFQ measure, made as the service starts with it if it is missing (a flushed
    database, as after a browser test)."""
    measure = Measure.objects.filter(key=PRFQ).first()
    if measure is not None:
        return measure
    made = measure_save(
        measure_id=None,
        by=None,
        name=PRFQ_NAME,
        description="The PRFQ's three subscales, each scored from 1 to 7.",
        time_points=[TimePoint.REFERRAL, TimePoint.CLOSURE, TimePoint.FOLLOW_UP],
        follow_up_months=3,
        improvement_margin=Decimal("0.5"),
        items_text=PRFQ_ITEMS,
    )
    Measure.objects.filter(pk=made.pk).update(key=PRFQ)
    made.key = PRFQ
    return made


def prfq_record_from_referral(referral, *, by) -> MeasureResult | None:
    """The PRFQ the referrer gave, as the PRFQ measure's result at referral (when there is one).

    Called by the referral's submission, in its transaction.
    """
    if not referral.prfq_completed or referral.prfq_date is None:
        return None
    measure = prfq_measure()
    if not measure.active or TimePoint.REFERRAL not in measure.time_points:
        return None
    items = list(measure.current_version().items.all())
    if len(items) != len(PRFQ_REFERRAL_FIELDS):
        # The referral form asks for the three PRFQ subscales; a PRFQ measure with other
        # items cannot be filled from it, and the coordinator records it on the case instead.
        logger.warning(
            "The PRFQ measure has %s items, not 3: not filled from referrals", len(items)
        )
        return None
    return measure_result_record(
        referral_id=referral.pk,
        measure_id=measure.pk,
        time_point=TimePoint.REFERRAL,
        taken_on=referral.prfq_date,
        scores={
            item.pk: getattr(referral, field)
            for item, field in zip(items, PRFQ_REFERRAL_FIELDS, strict=True)
        },
        by=by,
    )
