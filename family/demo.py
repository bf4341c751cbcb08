"""Demo family links and results: the guider's closed case has its PRFQ at closure and a
parent's feedback; one active case has a family page link, printed by seed_demo."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cases.models import Case
from family import services
from family.models import FamilyLink, FeedbackAnswer, LinkPurpose
from measures.models import MeasureResult, TimePoint
from measures.services import measure_result_record, prfq_measure


def seed_family(*, guider, site_url: str = "http://localhost:8000/") -> str:
    """Seed once; returns the demo family page's address (with the child's date of birth)."""
    cases = Case.objects.filter(guider=guider).select_related("referral")
    if FamilyLink.objects.filter(case__in=cases).exists():
        return ""
    with transaction.atomic():
        closed = cases.filter(status=Case.Status.CLOSED).first()
        if closed is not None:
            _closure_prfq(closed, guider)
            link, _ = services.family_link_create(
                case_id=closed.pk,
                by=guider,
                purpose=LinkPurpose.FEEDBACK,
                for_whom="Mum",
                site_url=site_url,
            )
            FeedbackAnswer.objects.create(
                link=link,
                helpfulness="very",
                what_changed="We notice the good moments more, and play together every day.",
                recommend="yes",
                sent_at=timezone.now(),
            )
            FamilyLink.objects.filter(pk=link.pk).update(answered_at=timezone.now())
        active = cases.filter(status=Case.Status.ACTIVE).order_by("pk").first()
        if active is None:
            return ""
        _, token = services.family_link_create(
            case_id=active.pk,
            by=guider,
            purpose=LinkPurpose.PAGE,
            for_whom="Mum",
            site_url=site_url,
        )
    born = active.referral.child_date_of_birth
    return f"{services.link_url(token, site_url=site_url)} (date of birth {born:%-d %m %Y})"


def _closure_prfq(case, guider):
    """PRFQ at closure, a little better than at referral, when it was taken at referral."""
    prfq = prfq_measure()
    before = MeasureResult.objects.filter(
        referral=case.referral, measure=prfq, time_point=TimePoint.REFERRAL
    ).first()
    if prfq is None or before is None:
        return
    scores = {}
    for score in before.scores.select_related("item"):
        step = Decimal("-0.75") if score.item.better == "lower" else Decimal("0.75")
        scores[score.item.pk] = min(max(score.value + step, score.item.low), score.item.high)
    measure_result_record(
        referral_id=case.referral_id,
        measure_id=prfq.pk,
        time_point=TimePoint.CLOSURE,
        taken_on=case.closed_on,
        scores=scores,
        by=guider,
    )
