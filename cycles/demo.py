"""Demo interventions for `seed_demo`: the demo guider's cases at every stage, through services."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, Contact
from cases.rules import FOCUS_CHILD
from cycles import services
from referrals.rules import child_consent_needed
from vig_service.accounts.roles import Role

SETTINGS = ["Play with building bricks", "Mealtime", "Bedtime story", "Homework", "Bath time"]
PRINCIPLES = [
    ["Being attentive"],
    ["Encouraging initiatives", "Receiving initiatives"],
    ["Developing attuned interactions"],
    ["Guiding", "Deepening the discussion"],
]
QUESTIONS = [
    ("parent", "How can I stay calm when she gets upset?"),
    ("parent", "How do I know what he needs when he cries?"),
    ("professional", "Can mum notice and respond to her daughter's cues?"),
]


def seed_interventions(*, guider, manager, supervisor) -> int:
    """Bring the guider's allocated cases to different stages; 0 if already done."""
    cases = list(Case.objects.filter(guider=guider).order_by("opened_on", "pk"))
    if not cases or Contact.objects.filter(case__in=cases).exists():
        return 0
    # Oldest first: closed, over its limit with an extension, then active cases with fewer
    # cycles, one still contracting, and the newest left just allocated.
    plans = ["closed", "extended", "active:3", "active:2", "active:1", "contracting"]
    with transaction.atomic():
        for case, plan in zip(cases, plans, strict=False):
            _bring_to(case, plan, guider=guider, manager=manager, supervisor=supervisor)
    return min(len(cases), len(plans))


def _bring_to(case, plan, *, guider, manager, supervisor):
    today = timezone.localdate()
    day = case.opened_on + timedelta(days=5)

    def next_day(gap):
        nonlocal day
        day = min(day + timedelta(days=gap), today)
        return day

    case_services.contact_record(
        case_id=case.pk,
        by=guider,
        happened_on=day,
        kind="initial_visit",
        attendees="Parent and guider",
        notes="Explained VIG and watched the service's video.",
    )
    if plan == "contracting":
        return
    case_services.contact_record(
        case_id=case.pk,
        by=guider,
        happened_on=next_day(7),
        kind="explanation",
        attendees="Both parents",
        notes="Talked through filming and consent.",
    )
    case_services.case_record_contract(case_id=case.pk, by=guider, agreed_on=day)
    case_services.consent_record(
        case_id=case.pk, by=guider, kind="filming", given_by="Parent", given_on=day
    )
    referral = case.referral
    if child_consent_needed(
        focus_child_date_of_birth=referral.child_date_of_birth,
        household_dates_of_birth=[],
        on=today,
    ):
        # A child of 12 or over who is filmed gives their own consent.
        case_services.consent_record(
            case_id=case.pk,
            by=guider,
            kind="filming",
            given_by=referral.child_first_name,
            given_on=day,
            child=FOCUS_CHILD,
        )
    case_services.consent_record(
        case_id=case.pk,
        by=guider,
        kind="attends_reviews",
        given_by="Parent",
        given_on=day,
        named_person="Outreach worker",
    )
    owner, wording = QUESTIONS[case.pk % len(QUESTIONS)]
    question = case_services.helping_question_set(
        case_id=case.pk, by=guider, owner=owner, wording=wording, set_on=day, baseline=3
    )
    case_services.case_start_intervention(case_id=case.pk, by=guider)

    cycles = {"closed": 5, "extended": 7}.get(plan) or int(plan.split(":")[1])
    if plan == "extended":
        # The sixth cycle ends the limit; a manager extends it for one more.
        _run_cycles(case, question, 6, guider, supervisor, next_day)
        case_services.case_extend(
            case_id=case.pk,
            by=manager,
            reason="The family asked for one more cycle after a house move; progress is strong.",
            cycle_limit=8,
            ends_on=today + timedelta(days=60),
        )
        _run_cycles(case, question, 1, guider, supervisor, next_day, start_rating=8)
        return
    _run_cycles(case, question, cycles, guider, supervisor, next_day)
    if plan == "closed":
        case_services.case_close(
            case_id=case.pk,
            by=guider,
            closed_on=next_day(10),
            reason="completed",
            outcome_summary="Mum describes feeling calmer and closer; the helping question "
            "moved from 3 to 8.",
            final_ratings={question.pk: 8},
        )
        case_services.case_record_footage(
            case_id=case.pk, by=guider, location="Encrypted service laptop, VIG team office"
        )


def _run_cycles(case, question, count, guider, supervisor, next_day, start_rating=None):
    rating = start_rating or 4
    for _ in range(count):
        cycle = services.cycle_start(case_id=case.pk, by=guider)
        filmed = next_day(10)
        services.cycle_record_filming(
            cycle_id=cycle.pk,
            by=guider,
            filmed_on=filmed,
            setting=SETTINGS[cycle.number % len(SETTINGS)],
            who_was_filmed="Parent and child",
            minutes=10,
            children_filmed=[FOCUS_CHILD],
        )
        for n, principles in enumerate(PRINCIPLES[: 3 + cycle.number % 2]):
            services.clip_add(
                cycle_id=cycle.pk,
                by=guider,
                timestamp=f"0{n + 1}:{15 * n:02d}",
                description="Parent follows the child's lead and names what they see.",
                principles=principles,
            )
        services.cycle_mark_edited(cycle_id=cycle.pk, by=guider, edited_on=next_day(3))
        services.shared_review_record(
            cycle_id=cycle.pk,
            by=guider,
            held_on=next_day(4),
            attendees="Parent and guider",
            professional_consent_ids=[],
            ratings={question.pk: min(rating, 10)},
            parent_reflections="I could see how much she looks at me.",
            guider_reflections="More moments of attuned turn-taking than last time.",
            next_steps="Notice and name her initiatives at mealtimes.",
        )
        if supervisor is not None and supervisor.has_role(Role.SUPERVISOR):
            services.supervision_record(
                cycle_id=cycle.pk,
                by=guider,
                supervised_on=next_day(1),
                supervisor=supervisor,
                notes="Discussed choosing clips that show the parent's strengths.",
            )
        rating += 1
