"""PRFQ becomes a measure: its three subscales as items, taken at referral, closure and
follow-up; each submitted referral's PRFQ becomes its result at referral."""

from decimal import Decimal

from django.db import migrations

ITEMS = (
    ("pre-mentalizing", "Pre-mentalizing", "lower"),
    ("certainty-about-mental-states", "Certainty about mental states", "higher"),
    ("interest-and-curiosity", "Interest and curiosity", "higher"),
)
FIELDS = ("prfq_pre_mentalizing", "prfq_certainty", "prfq_interest")


def forwards(apps, schema_editor):
    Measure = apps.get_model("measures", "Measure")
    Version = apps.get_model("measures", "MeasureVersion")
    Item = apps.get_model("measures", "MeasureItem")
    Result = apps.get_model("measures", "MeasureResult")
    Score = apps.get_model("measures", "MeasureScore")
    Referral = apps.get_model("referrals", "Referral")
    measure = Measure.objects.create(
        name="Parental Reflective Functioning Questionnaire (PRFQ)",
        key="prfq",
        description="The PRFQ's three subscales, each scored from 1 to 7.",
        time_points=["referral", "closure", "follow_up"],
        follow_up_months=3,
        improvement_margin=Decimal("0.5"),
    )
    version = Version.objects.create(measure=measure, number=1)
    items = [
        Item.objects.create(
            version=version,
            position=position,
            key=key,
            wording=wording,
            low=Decimal(1),
            high=Decimal(7),
            better=better,
        )
        for position, (key, wording, better) in enumerate(ITEMS, start=1)
    ]
    linked = 0
    done = (
        Referral.objects.filter(prfq_completed=True, prfq_date__isnull=False)
        .exclude(reference="")
        .exclude(prfq_pre_mentalizing=None)
        .exclude(prfq_certainty=None)
        .exclude(prfq_interest=None)
    )
    for referral in done.iterator():
        result = Result.objects.create(
            referral=referral,
            measure=measure,
            version=version,
            time_point="referral",
            taken_on=referral.prfq_date,
            recorded_by_id=referral.referrer_id,
        )
        Score.objects.bulk_create(
            Score(result=result, item=item, value=getattr(referral, field))
            for item, field in zip(items, FIELDS, strict=True)
        )
        linked += 1
    if linked:
        print(f"\n  PRFQ: {linked} referrals' scores recorded as results at referral")


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_initial"), ("referrals", "0011_waiting_reminder_days")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
