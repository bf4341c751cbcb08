"""Demo referrals for `seed_demo`: about 40, from several referrers, over six months."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from referrals import rules, services
from referrals.choices import Concern, Gender, PlanStatus, Relationship, RouteIn
from referrals.models import HouseholdChild, ParentCarer, Referral, ReferralEvent

FIRST_NAMES = [
    "Poppy",
    "Jago",
    "Tamsin",
    "Kit",
    "Morwenna",
    "Noah",
    "Isla",
    "Arlo",
    "Elowen",
    "Freddie",
    "Amelia",
    "Harry",
    "Lowen",
    "Ruby",
    "Oscar",
    "Demelza",
    "Theo",
    "Ivy",
    "Alfie",
    "Wren",
]
LAST_NAMES = [
    "Tremayne",
    "Pascoe",
    "Nancarrow",
    "Trevithick",
    "Penrose",
    "Hocking",
    "Rowe",
    "Jenkin",
    "Angove",
    "Chegwidden",
    "Smith",
    "Jones",
    "Williams",
    "Brown",
    "Taylor",
]
PARENT_NAMES = ["Kerensa", "Sam", "Jenna", "Mark", "Lowenna", "Dan", "Becky", "Tom", "Zoe"]
STATUSES = [PlanStatus.LAC, PlanStatus.ADOPTED, PlanStatus.CP, PlanStatus.CIN, PlanStatus.EHA]
QUESTIONS = [
    ("To enjoy playtime together without it ending in tears.", "Less shouting; feels safe."),
    ("To notice and respond to her baby's cues.", "A calmer, more settled baby."),
    ("To understand his behaviour at bedtime.", "Better sleep and a warmer evening routine."),
    ("To feel closer after the separation.", "Feels wanted and secure at both homes."),
    ("To build trust in a new foster placement.", "Settles into the placement."),
]
EXPLANATION = "Watched the service's video about VIG with the family."


def seed_referrals(*, referrers, coordinator, guiders, count: int = 40, seed: int = 2026) -> int:
    """Create `count` referrals across statuses, tiers, routes and concerns; 0 if present."""
    if Referral.objects.filter(referrer__in=referrers).exists():
        return 0
    rng = random.Random(seed)
    now = timezone.now()
    # Submission times spread over six months, oldest first so references follow the dates.
    offsets = sorted((rng.uniform(0, 182) for _ in range(count)), reverse=True)
    with transaction.atomic():
        for index, days_ago in enumerate(offsets):
            _one(
                rng, index, referrers[index % len(referrers)], coordinator, guiders, now, days_ago
            )
    return count


def _one(rng, index, referrer, coordinator, guiders, now, days_ago):
    today = timezone.localdate()
    age_days = rng.randint(60, 11 * 365) if index % 9 else rng.randint(12 * 365, 13 * 365)
    # Born at least a month before the referral was sent, so its answers fit the child's age.
    age_days = max(age_days, int(days_ago) + 30)
    born = today - timedelta(days=age_days)
    sent_on = timezone.localdate(now - timedelta(days=days_ago))
    left_as_draft = index % 7 == 3  # a few drafts left unfinished, spread across the referrers
    # A draft's answers are judged today; a sent referral's on the day it was sent.
    answered_on = today if left_as_draft else sent_on
    plan = rng.choice(STATUSES) if index % 11 else PlanStatus.NONE
    hoped, impact = rng.choice(QUESTIONS)
    referral = services.referral_start(referrer=referrer)
    answers = {
        "child_first_name": rng.choice(FIRST_NAMES),
        "child_last_name": rng.choice(LAST_NAMES),
        "child_date_of_birth": born,
        "child_gender": rng.choice([Gender.GIRL, Gender.BOY]),
        "child_school_year": rules.school_year_for(born, answered_on),
        "child_send": rng.choice(["yes", "no", "unknown"]),
        "child_autism": rng.choice(["yes", "no", "no", "unknown"]),
        "child_first_language": rng.choice(["English", "English", "English", "Polish", "Cornish"]),
        "interpreter_needed": False,
        "postcode_district": rng.choice(["TR1", "TR15", "PL25", "PL31", "TR7"]),
        "has_other_children": index % 3 == 0,
        "plan_status": plan,
        "route_in": rng.choice(list(RouteIn)),
        "concerns": rng.sample(list(Concern.values), rng.randint(1, 4)),
        "vig_is_right": True,
        "vig_is_right_reason": "The assessment shows the relationship is the main need.",
        "discussed_with_professionals": True,
        "family_seen_explanation": True,
        "family_explanation_detail": EXPLANATION,
        "hoped_change": hoped,
        "hoped_change_agreed": True,
        "child_impact": impact,
        "parent_clear_on_impact": True,
        "older_children_consent": "yes" if age_days >= 12 * 365 or index % 3 == 0 else "",
        "prfq_completed": index % 4 == 0,
    }
    if answers["prfq_completed"]:
        prfq_date = sent_on - timedelta(days=7)
        answers.update(
            prfq_version=rules.prfq_version_for(born, prfq_date),
            prfq_pre_mentalizing=Decimal(rng.randint(10, 40)) / 10,
            prfq_certainty=Decimal(rng.randint(20, 60)) / 10,
            prfq_interest=Decimal(rng.randint(30, 70)) / 10,
            prfq_date=prfq_date,
        )
    services.referral_save_answers(referral_id=referral.pk, by=referrer, answers=answers)
    ParentCarer.objects.create(
        referral=referral,
        name=f"{rng.choice(PARENT_NAMES)} {answers['child_last_name']}",
        relationship=Relationship.FOSTER_CARER
        if plan == PlanStatus.LAC
        else Relationship.BIRTH_PARENT,
        phone=f"07700 900{rng.randint(100, 999)}",
        motivated=True,
        agreed_to_referral=True,
    )
    if answers["has_other_children"]:
        HouseholdChild.objects.create(
            referral=referral,
            first_name=rng.choice(FIRST_NAMES),
            date_of_birth=today - timedelta(days=rng.randint(2 * 365, 14 * 365)),
        )

    when = now - timedelta(days=days_ago)
    if left_as_draft:
        Referral.objects.filter(pk=referral.pk).update(created_at=when)
        referral.events.update(occurred_at=when)
        return
    services.referral_submit(
        referral_id=referral.pk, by=referrer, site_url="http://127.0.0.1:8000/"
    )
    site = "http://127.0.0.1:8000/"
    by_coordinator = {"referral_id": referral.pk, "by": coordinator, "site_url": site}
    outcome = index % 10
    if outcome in (0, 4, 8) or (outcome == 6 and days_ago > 30):
        # Accepted; the older ones have been allocated to a guider since.
        if Referral.objects.get(pk=referral.pk).eligible is False:
            services.referral_override_eligibility(
                referral_id=referral.pk,
                by=coordinator,
                reason="Discussed at allocation meeting: the family is a good fit.",
            )
        services.referral_accept(**by_coordinator)
        if days_ago > 60:
            # Two in three to the demo guider, so their My cases has something at each stage.
            guider = guiders[0] if index % 3 else guiders[1 + (index // 3) % (len(guiders) - 1)]
            services.referral_allocate(**by_coordinator, guider=guider)
    elif outcome == 2:
        services.referral_decline(
            **by_coordinator,
            reason="Another intervention is more suitable",
            detail="Incredible Years is starting locally next month.",
        )
    elif outcome == 5 and index % 4 == 1:
        services.referral_withdraw(**by_coordinator, reason="The family moved out of the area.")
    elif index % 5 == 1:
        services.referral_request_information(
            referral_id=referral.pk,
            by=coordinator,
            message="Could you tell us who else is working with the family at the moment?",
            site_url="http://127.0.0.1:8000/",
        )
        if index % 10 == 1:
            services.referral_provide_information(
                referral_id=referral.pk,
                by=referrer,
                answer="The school nurse and an early help worker.",
            )
    # Demo only: move the whole history back to when it would have happened, each later
    # step a few days after the one before (but never in the future).
    events = list(referral.events.order_by("pk"))
    stamps = [when - timedelta(days=1)] + [
        min(when + timedelta(days=4 * step), now) for step in range(len(events) - 1)
    ]
    for event, stamp in zip(events, stamps, strict=True):
        ReferralEvent.objects.filter(pk=event.pk).update(occurred_at=stamp)
    by_action = {event.action: stamp for event, stamp in zip(events, stamps, strict=True)}
    Referral.objects.filter(pk=referral.pk).update(
        created_at=when - timedelta(days=1),
        submitted_at=when,
        accepted_at=by_action.get(ReferralEvent.Action.ACCEPTED),
        decided_at=by_action.get(ReferralEvent.Action.ACCEPTED)
        or by_action.get(ReferralEvent.Action.DECLINED),
    )
