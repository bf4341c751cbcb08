"""The cycle services: numbering, the limit, consents, dates, ratings, closure and staleness."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone

from cases.models import Case, CaseEvent, CaseSettings
from cases.tests.factories import CaseFactory
from cycles import services
from cycles.models import Clip, ClipShowing, Cycle, Rating, SharedReview, Supervision
from cycles.tests.factories import (
    ActiveCaseFactory,
    AttendsReviewsConsentFactory,
    CaseExtensionFactory,
    ClipFactory,
    ClipsShownConsentFactory,
    ConsentFactory,
    CycleFactory,
    EditedCycleFactory,
    FilmedCycleFactory,
    HelpingQuestionFactory,
    ReviewedCycleFactory,
)
from vig_service.accounts.tests.factories import GuiderFactory, SupervisorFactory

Status = Cycle.Status
TODAY = timezone.localdate


def _days_ago(days: int):
    return TODAY() - timedelta(days=days)


def _film(cycle, **changes):
    values = {
        "cycle_id": cycle.pk,
        "by": cycle.case.guider,
        "filmed_on": _days_ago(3),
        "setting": "Bath time",
        "who_was_filmed": "Dad and Amy",
        "minutes": 12,
    }
    return services.cycle_record_filming(**{**values, **changes})


def _review(cycle, **changes):
    questions = cycle.case.helping_questions.all()
    values = {
        "cycle_id": cycle.pk,
        "by": cycle.case.guider,
        "held_on": _days_ago(1),
        "attendees": "Mum and the guider",
        "professional_consent_ids": [],
        "ratings": {question.pk: 7 for question in questions},
        "parent_reflections": "I can see she is waiting for me.",
        "guider_reflections": "Lovely moments of receiving initiatives.",
        "next_steps": "Film at bedtime.",
    }
    return services.shared_review_record(**{**values, **changes})


def _refused(call, *args, **kwargs) -> str:
    with pytest.raises(services.CycleError) as refused:
        call(*args, **kwargs)
    return refused.value.message


# Starting cycles and the limit


def test_cycles_are_numbered_from_1_and_each_start_is_on_the_timeline(db):
    """The first cycle is 1 and the next, after its review, is 2."""
    case = ActiveCaseFactory()
    first = services.cycle_start(case_id=case.pk, by=case.guider)
    assert (first.number, first.status) == (1, Status.PLANNED)
    first.status, first.filmed_on, first.edited_on = Status.REVIEWED, TODAY(), TODAY()
    first.save()
    second = services.cycle_start(case_id=case.pk, by=case.guider)
    assert second.number == 2
    event = CaseEvent.objects.filter(action="cycle_started").last()
    assert (event.actor, event.note) == (case.guider, "Cycle 2: started (2 of 6)")


def test_a_double_click_on_start_cycle_starts_one_cycle(db):
    """The number offered on the page is started once; the second click is told so."""
    case = ActiveCaseFactory()
    first = services.cycle_start(case_id=case.pk, by=case.guider, number=1)
    with pytest.raises(services.CycleAlreadyStarted) as again:
        services.cycle_start(case_id=case.pk, by=case.guider, number=1)
    assert again.value.cycle == first
    started = timezone.localtime(first.created_at)
    assert again.value.message == (
        f"Cycle 1 was already started by you at {started:%H:%M}, so no new cycle was started"
    )
    assert case.cycles.count() == 1


def test_two_guiders_pressing_start_at_once_start_one_cycle(transactional_db):
    """Two requests for cycle 1 at the same instant make one cycle; the later one is told so."""
    case = ActiveCaseFactory()
    barrier = threading.Barrier(2)
    started, errors = [], []

    def start():
        try:
            barrier.wait()
            started.append(services.cycle_start(case_id=case.pk, by=case.guider, number=1))
        except services.CycleAlreadyStarted as already:
            started.append(already.cycle)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {cycle.pk for cycle in started} == set(case.cycles.values_list("pk", flat=True))
    assert case.cycles.count() == 1
    assert case.events.filter(action="cycle_started").count() == 1


def test_a_seventh_cycle_without_an_extension_is_refused(db):
    """Six cycles is the configured limit; the message names it and who can extend it."""
    case = ActiveCaseFactory()
    ReviewedCycleFactory.create_batch(6, case=case)
    message = _refused(services.cycle_start, case_id=case.pk, by=case.guider)
    assert message == (
        "This case has reached its limit of 6 cycles (or 6 months from the first filming). "
        "A manager can grant an extension."
    )
    assert case.cycles.count() == 6


def test_a_seventh_cycle_is_allowed_after_an_extension(db):
    """A manager's extension to 8 cycles lets cycles 7 and 8 start, and not 9."""
    case = ActiveCaseFactory()
    ReviewedCycleFactory.create_batch(6, case=case)
    CaseExtensionFactory(case=case, cycle_limit=8)
    seventh = services.cycle_start(case_id=case.pk, by=case.guider)
    assert seventh.number == 7
    assert "with an extension" in case.events.last().note
    reviewed = {"status": Status.REVIEWED, "filmed_on": TODAY(), "edited_on": TODAY()}
    Cycle.objects.filter(pk=seventh.pk).update(**reviewed)
    services.cycle_start(case_id=case.pk, by=case.guider)
    Cycle.objects.filter(case=case, status=Status.PLANNED).update(**reviewed)
    message = _refused(services.cycle_start, case_id=case.pk, by=case.guider)
    assert message.startswith("This case has reached its extended limit of 8 cycles")


def test_the_configured_limit_is_used(db):
    """A service that allows 3 cycles refuses the fourth with its own number."""
    settings = CaseSettings.load()
    settings.cycle_limit, settings.month_limit = 3, 4
    settings.save()
    case = ActiveCaseFactory()
    ReviewedCycleFactory.create_batch(3, case=case)
    message = _refused(services.cycle_start, case_id=case.pk, by=case.guider)
    assert "limit of 3 cycles (or 4 months from the first filming)" in message


def test_six_months_after_the_first_filming_no_cycle_starts(db):
    """Two cycles done, but the first was filmed more than six months ago: refused."""
    case = ActiveCaseFactory()
    ReviewedCycleFactory(case=case, filmed_on=_days_ago(200), edited_on=_days_ago(199))
    ReviewedCycleFactory(case=case)
    message = _refused(services.cycle_start, case_id=case.pk, by=case.guider)
    assert "reached its limit of 6 cycles (or 6 months from the first filming)" in message


def test_a_later_end_date_from_an_extension_allows_a_cycle_after_six_months(db):
    """The extension's end date replaces the six months."""
    case = ActiveCaseFactory()
    ReviewedCycleFactory(case=case, filmed_on=_days_ago(200), edited_on=_days_ago(199))
    CaseExtensionFactory(case=case, cycle_limit=6, ends_on=TODAY() + timedelta(days=30))
    assert services.cycle_start(case_id=case.pk, by=case.guider).number == 2


def test_a_new_cycle_waits_for_the_previous_review(db):
    """Cycle 2 cannot start while cycle 1 is only filmed."""
    cycle = FilmedCycleFactory()
    message = _refused(services.cycle_start, case_id=cycle.case_id, by=cycle.case.guider)
    assert message == "Hold the shared review for cycle 1 before you start cycle 2"


@pytest.mark.parametrize("status", [Case.Status.ALLOCATED, Case.Status.CONTRACTING])
def test_no_cycle_before_the_intervention_starts(db, status):
    """A case still contracting has no contract or consent yet, so no filming."""
    case = CaseFactory(status=status)
    assert _refused(services.cycle_start, case_id=case.pk, by=case.guider) == (
        "Start the intervention before filming: the case needs a contract and filming consent"
    )
    assert not case.cycles.exists()


# Filming


def test_filming_is_recorded_with_its_event(db):
    """Planned becomes filmed, with the date, setting, who and length, and a timeline line."""
    cycle = CycleFactory()
    filmed = _film(cycle)
    assert filmed.status == Status.FILMED
    assert (filmed.setting, filmed.who_was_filmed, filmed.minutes) == (
        "Bath time",
        "Dad and Amy",
        12,
    )
    assert filmed.version == 2
    assert filmed.updated_by == cycle.case.guider
    event = cycle.case.events.get(action="filming_recorded")
    assert event.note.startswith("Cycle 1: filmed on ")


def test_filming_without_a_live_filming_consent_is_refused(db):
    """No consent, or only a withdrawn one, means no filming is recorded."""
    cycle = CycleFactory(case=CaseFactory(status=Case.Status.ACTIVE))
    message = _refused(_film, cycle)
    assert message.startswith("There is no live consent to film this family")
    ConsentFactory(case=cycle.case, withdrawn_on=_days_ago(1))
    assert _refused(_film, cycle) == message
    cycle.refresh_from_db()
    assert cycle.status == Status.PLANNED


def test_filming_in_the_future_is_refused(db):
    """Filming is recorded after it happens."""
    cycle = CycleFactory()
    message = _refused(_film, cycle, filmed_on=TODAY() + timedelta(days=1))
    assert message == "The date filmed must be today or in the past"


# Clips and editing


def test_clips_are_added_with_principles_from_the_configuration(db):
    """A clip keeps its time, description and principles; an unknown principle is refused."""
    cycle = FilmedCycleFactory()
    clip = services.clip_add(
        cycle_id=cycle.pk,
        by=cycle.case.guider,
        timestamp="2:05",
        description="Amy looks up and Mum names it.",
        principles=["Being attentive", "Guiding"],
    )
    assert (clip.timestamp, clip.principles) == ("02:05", ["Being attentive", "Guiding"])
    assert cycle.case.events.filter(action="clip_added").exists()
    message = _refused(
        services.clip_add,
        cycle_id=cycle.pk,
        by=cycle.case.guider,
        timestamp="03:00",
        description="x",
        principles=["Shouting"],
    )
    assert message == "Choose principles from the list (not: Shouting)"
    assert "at least one principle" in _refused(
        services.clip_add,
        cycle_id=cycle.pk,
        by=cycle.case.guider,
        timestamp="03:00",
        description="x",
        principles=[],
    )


def test_a_clip_after_the_end_of_the_film_is_refused(db):
    """A 10-minute film has no clip at 12:00."""
    cycle = FilmedCycleFactory(minutes=10)
    message = _refused(
        services.clip_add,
        cycle_id=cycle.pk,
        by=cycle.case.guider,
        timestamp="12:00",
        description="x",
        principles=["Guiding"],
    )
    assert message == "The time must be within the 10 minutes filmed"


def test_the_clips_cannot_be_marked_chosen_without_a_clip(db):
    """Editing means choosing at least one clip."""
    cycle = FilmedCycleFactory()
    message = _refused(
        services.cycle_mark_edited, cycle_id=cycle.pk, by=cycle.case.guider, edited_on=TODAY()
    )
    assert message == "Add at least one clip before you mark the clips as chosen"
    ClipFactory(cycle=cycle)
    edited = services.cycle_mark_edited(cycle_id=cycle.pk, by=cycle.case.guider, edited_on=TODAY())
    assert edited.status == Status.EDITED
    assert cycle.case.events.get(action="clips_chosen").note.startswith("Cycle 1: 1 clip chosen")


def test_the_last_clip_of_an_edited_cycle_stays(db):
    """Removing a clip is fine while there is another; the last one is kept."""
    cycle = EditedCycleFactory()
    extra = ClipFactory(cycle=cycle, timestamp="05:00")
    services.clip_remove(cycle_id=cycle.pk, by=cycle.case.guider, clip_id=extra.pk)
    last = cycle.clips.get()
    message = _refused(
        services.clip_remove, cycle_id=cycle.pk, by=cycle.case.guider, clip_id=last.pk
    )
    assert message.startswith("Cycle 1 needs at least one clip")
    assert cycle.case.events.filter(action="clip_removed").count() == 1


# The shared review


def test_the_shared_review_records_a_rating_for_every_helping_question(db):
    """Edited becomes reviewed; each question gets a review rating dated on the review."""
    cycle = EditedCycleFactory()
    second = HelpingQuestionFactory(case=cycle.case)
    first = cycle.case.helping_questions.exclude(pk=second.pk).get()
    review = _review(cycle, ratings={first.pk: 3, second.pk: 8})
    cycle.refresh_from_db()
    assert cycle.status == Status.REVIEWED
    ratings = {r.question_id: r for r in review.ratings.all()}
    assert {pk: r.value for pk, r in ratings.items()} == {first.pk: 3, second.pk: 8}
    assert {(r.kind, r.rated_on) for r in ratings.values()} == {("review", review.held_on)}
    note = cycle.case.events.get(action="review_held").note
    assert "Attended: Mum and the guider" in note
    assert f"3/10 for “{first.wording}”" in note


def test_a_review_dated_before_its_filming_is_refused(db):
    """The message names the filming date; nothing is saved."""
    cycle = EditedCycleFactory(filmed_on=_days_ago(14), edited_on=_days_ago(12))
    message = _refused(_review, cycle, held_on=_days_ago(15))
    filmed = cycle.filmed_on
    assert message == (
        f"The shared review cannot be before the filming on {filmed.day} {filmed:%B %Y}"
    )
    assert not SharedReview.objects.exists()


def test_a_review_before_the_clips_were_chosen_is_refused(db):
    """The clips are chosen first, then shown at the review."""
    cycle = EditedCycleFactory(filmed_on=_days_ago(14), edited_on=_days_ago(12))
    assert _refused(_review, cycle, held_on=_days_ago(13)).startswith(
        "The shared review cannot be before the clips were chosen on"
    )


@pytest.mark.parametrize("value", [11, -1, 7.5, "ten"])
def test_ratings_outside_0_to_10_or_not_whole_are_refused(db, value):
    """11, −1 and 7.5 are refused even if a form let them through."""
    cycle = EditedCycleFactory()
    question = cycle.case.helping_questions.get()
    message = _refused(_review, cycle, ratings={question.pk: value})
    assert message == "Rating must be a whole number from 0 to 10"
    assert not Rating.objects.exists()
    cycle.refresh_from_db()
    assert cycle.status == Status.EDITED


def test_a_missing_rating_is_refused_naming_the_question(db):
    """Every helping question is rated at each shared review."""
    cycle = EditedCycleFactory()
    HelpingQuestionFactory(case=cycle.case, wording="Will Amy talk to me about school?")
    first = cycle.case.helping_questions.first()
    message = _refused(_review, cycle, ratings={first.pk: 5})
    assert message == "Enter a rating for “Will Amy talk to me about school?”"


def test_a_rating_for_another_familys_question_is_refused(db):
    """A hand-crafted id from another case is not accepted."""
    cycle = EditedCycleFactory()
    own = cycle.case.helping_questions.get()
    other = HelpingQuestionFactory()
    message = _refused(_review, cycle, ratings={own.pk: 5, other.pk: 5})
    assert message == "Rate only this family's helping questions"


def test_a_professional_with_a_live_consent_attends(db):
    """The review records the professional's consent."""
    cycle = EditedCycleFactory()
    consent = AttendsReviewsConsentFactory(case=cycle.case, named_person="Sam Trewin")
    review = _review(cycle, professional_consent_ids=[consent.pk])
    assert list(review.professional_consents.all()) == [consent]
    assert "professionals: Sam Trewin" in cycle.case.events.get(action="review_held").note


@pytest.mark.parametrize(
    "consent_kwargs",
    [
        {"withdrawn_on": 5},
        {"kind": "clips_shown"},
    ],
    ids=["withdrawn", "another-kind"],
)
def test_an_attendee_without_a_live_consent_to_attend_is_refused(db, consent_kwargs):
    """A withdrawn consent, or consent for something else, does not let them attend."""
    cycle = EditedCycleFactory()
    if "withdrawn_on" in consent_kwargs:
        consent_kwargs = {"withdrawn_on": _days_ago(consent_kwargs["withdrawn_on"])}
    consent = AttendsReviewsConsentFactory(
        case=cycle.case, named_person="Sam Trewin", **consent_kwargs
    )
    message = _refused(_review, cycle, professional_consent_ids=[consent.pk])
    assert message == "Sam Trewin has no live consent to attend shared reviews"
    assert not SharedReview.objects.exists()


def test_an_attendee_consent_from_another_case_is_refused_without_naming_them(db):
    """Another family's consent id reveals nothing."""
    cycle = EditedCycleFactory()
    other = AttendsReviewsConsentFactory(named_person="Secret Person")
    message = _refused(_review, cycle, professional_consent_ids=[other.pk])
    assert message == "Select the professionals who attended from the list"


def test_an_attendee_whose_consent_came_after_the_review_is_refused(db):
    """Consent given after the review did not cover it."""
    cycle = EditedCycleFactory()
    consent = AttendsReviewsConsentFactory(case=cycle.case, named_person="Sam", given_on=TODAY())
    message = _refused(_review, cycle, held_on=_days_ago(1), professional_consent_ids=[consent.pk])
    assert message.startswith("Sam gave consent to attend shared reviews on")


# Clips shown to others


def test_clips_shown_under_a_live_consent_are_recorded(db):
    """The showing names the person from the consent."""
    cycle = ReviewedCycleFactory()
    consent = ClipsShownConsentFactory(case=cycle.case, named_person="Jo Kessell")
    showing = services.clips_shown_record(
        cycle_id=cycle.pk, by=cycle.case.guider, consent_id=consent.pk, shown_on=TODAY(), notes=""
    )
    assert showing.consent == consent
    assert "clips shown to Jo Kessell" in cycle.case.events.get(action="clips_shown").note


@pytest.mark.parametrize("problem", ["withdrawn", "another-kind"])
def test_clips_shown_without_a_live_consent_are_refused(db, problem):
    """A withdrawn consent, or a consent only to attend reviews, is not consent to show clips."""
    cycle = ReviewedCycleFactory()
    if problem == "withdrawn":
        consent = ClipsShownConsentFactory(
            case=cycle.case, named_person="Jo Kessell", withdrawn_on=_days_ago(1)
        )
    else:
        consent = AttendsReviewsConsentFactory(case=cycle.case, named_person="Jo Kessell")
    message = _refused(
        services.clips_shown_record,
        cycle_id=cycle.pk,
        by=cycle.case.guider,
        consent_id=consent.pk,
        shown_on=TODAY(),
    )
    assert message == "There is no live consent to show clips to Jo Kessell"
    assert not ClipShowing.objects.exists()


def test_clips_shown_under_another_familys_consent_are_refused(db):
    """Another case's consent id is not in this family's list."""
    cycle = ReviewedCycleFactory()
    other = ClipsShownConsentFactory()
    message = _refused(
        services.clips_shown_record,
        cycle_id=cycle.pk,
        by=cycle.case.guider,
        consent_id=other.pk,
        shown_on=TODAY(),
    )
    assert message == "Select who the clips were shown to from the list"


# Supervision


def test_supervision_is_recorded_by_a_supervisor_only(db):
    """A supervisor's session is recorded; a guider without the role is refused."""
    cycle = FilmedCycleFactory()
    supervisor = SupervisorFactory(full_name="Morwenna Hosking")
    supervision = services.supervision_record(
        cycle_id=cycle.pk,
        by=cycle.case.guider,
        supervised_on=TODAY(),
        supervisor=supervisor,
        notes="Good choice of clips.",
    )
    assert supervision.supervisor == supervisor
    assert (
        "supervision with Morwenna Hosking"
        in cycle.case.events.get(action="supervision_recorded").note
    )
    not_a_supervisor = GuiderFactory(full_name="Kit Nance")
    message = _refused(
        services.supervision_record,
        cycle_id=cycle.pk,
        by=cycle.case.guider,
        supervised_on=TODAY(),
        supervisor=not_a_supervisor,
    )
    assert message == "Choose a supervisor: Kit Nance is not a supervisor"
    assert Supervision.objects.count() == 1


# A closed case, and stale pages


WRITES = {
    "start": lambda cycle, consent, guider: services.cycle_start(case_id=cycle.case_id, by=guider),
    "filming": lambda cycle, consent, guider: _film(cycle),
    "clip_add": lambda cycle, consent, guider: services.clip_add(
        cycle_id=cycle.pk, by=guider, timestamp="01:00", description="x", principles=["Guiding"]
    ),
    "clip_remove": lambda cycle, consent, guider: services.clip_remove(
        cycle_id=cycle.pk, by=guider, clip_id=cycle.clips.first().pk
    ),
    "edited": lambda cycle, consent, guider: services.cycle_mark_edited(
        cycle_id=cycle.pk, by=guider, edited_on=TODAY()
    ),
    "review": lambda cycle, consent, guider: _review(cycle),
    "showing": lambda cycle, consent, guider: services.clips_shown_record(
        cycle_id=cycle.pk, by=guider, consent_id=consent.pk, shown_on=TODAY()
    ),
    "supervision": lambda cycle, consent, guider: services.supervision_record(
        cycle_id=cycle.pk, by=guider, supervised_on=TODAY(), supervisor=SupervisorFactory()
    ),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_every_write_on_a_closed_case_is_refused(db, write):
    """A closed case is read-only: each change is refused and nothing is recorded."""
    cycle = EditedCycleFactory()
    consent = ClipsShownConsentFactory(case=cycle.case)
    Case.objects.filter(pk=cycle.case_id).update(
        status=Case.Status.CLOSED, closed_on=TODAY(), closure_reason="completed"
    )
    events = CaseEvent.objects.count()
    message = _refused(WRITES[write], cycle, consent, cycle.case.guider)
    assert message == "This case is closed, so it can no longer be changed."
    assert CaseEvent.objects.count() == events
    assert Clip.objects.count() == 1


def test_a_stale_page_is_refused_naming_who_changed_the_cycle(db):
    """Two guiders on the same cycle: the second, holding version 1, is told and saves nothing."""
    cycle = CycleFactory()
    colleague = GuiderFactory(full_name="Jory Hicks")
    _film(cycle, by=colleague, expected_version=1)
    cycle.refresh_from_db()
    with pytest.raises(services.StaleCycle) as refused:
        services.supervision_record(
            cycle_id=cycle.pk,
            by=cycle.case.guider,
            supervised_on=TODAY(),
            supervisor=SupervisorFactory(),
            expected_version=1,
        )
    when = timezone.localtime(cycle.updated_at).strftime("%H:%M")
    assert refused.value.message == (
        f"This cycle was changed by Jory Hicks at {when}. Review it before you continue."
    )
    assert not Supervision.objects.exists()


# Every status transition from every status

ALL = list(Status)
ALLOWED = {("planned", "filmed"), ("filmed", "edited"), ("edited", "reviewed")}


@pytest.mark.parametrize("source", ALL)
@pytest.mark.parametrize("target", ALL)
def test_transition_table(source, target):
    """Every status pair: only filming, choosing clips and the review move a cycle on."""
    assert Cycle(status=source).can_become(target) == ((source.value, target.value) in ALLOWED)


MOVES = {
    Status.FILMED: lambda cycle: _film(cycle),
    Status.EDITED: lambda cycle: services.cycle_mark_edited(
        cycle_id=cycle.pk, by=cycle.case.guider, edited_on=TODAY()
    ),
    Status.REVIEWED: lambda cycle: _review(cycle),
}


@pytest.mark.parametrize("source", ALL)
@pytest.mark.parametrize("target", list(MOVES))
def test_each_service_moves_a_cycle_only_along_the_table(db, source, target):
    """From every status, each action succeeds only where the table allows, else it says why."""
    cycle = CycleFactory(
        status=source,
        filmed_on=_days_ago(10) if source != Status.PLANNED else None,
        minutes=10 if source != Status.PLANNED else None,
        edited_on=_days_ago(9) if source in (Status.EDITED, Status.REVIEWED) else None,
    )
    ClipFactory(cycle=cycle)
    if (source.value, target.value) in ALLOWED:
        MOVES[target](cycle)
        cycle.refresh_from_db()
        assert cycle.status == target
    else:
        message = _refused(MOVES[target], cycle)
        assert f"cycle {cycle.number}" in message.lower()
        cycle.refresh_from_db()
        assert cycle.status == source


def test_a_whole_cycle_writes_only_timeline_actions_with_their_labels(db):
    """Start, film, clip, choose, review, show and supervise: each line a named action."""
    case = ActiveCaseFactory()
    HelpingQuestionFactory(case=case)
    shown_to = ClipsShownConsentFactory(case=case)
    by = case.guider
    before = set(case.events.values_list("pk", flat=True))
    cycle = services.cycle_start(case_id=case.pk, by=by)
    _film(cycle)
    clip = services.clip_add(
        cycle_id=cycle.pk,
        by=by,
        timestamp="01:00",
        description="Amy smiles",
        principles=[CaseSettings.load().principles[0]],
    )
    services.clip_add(
        cycle_id=cycle.pk,
        by=by,
        timestamp="02:00",
        description="Mum waits",
        principles=[CaseSettings.load().principles[0]],
    )
    services.clip_remove(cycle_id=cycle.pk, by=by, clip_id=clip.pk)
    services.cycle_correct_filming_date(cycle_id=cycle.pk, by=by, filmed_on=_days_ago(4))
    services.cycle_mark_edited(cycle_id=cycle.pk, by=by, edited_on=_days_ago(2))
    _review(cycle)
    services.clips_shown_record(cycle_id=cycle.pk, by=by, consent_id=shown_to.pk, shown_on=TODAY())
    services.supervision_record(
        cycle_id=cycle.pk, by=by, supervised_on=TODAY(), supervisor=SupervisorFactory()
    )
    events = case.events.exclude(pk__in=before)
    assert [event.action_label for event in events] == [
        "Cycle started",
        "Filming recorded",
        "Clip added",
        "Clip added",
        "Clip removed",
        "Filming date corrected",
        "Clips chosen",
        "Review held",
        "Clips shown",
        "Supervision recorded",
    ]
    assert set(events.values_list("action", flat=True)) <= set(CaseEvent.Action.values)
    # A cycle's lines do not claim to change the case's status.
    assert not events.exclude(from_status="", to_status="").exists()


@pytest.mark.parametrize(
    ("status", "missing"),
    [("filmed", "filmed_on"), ("edited", "filmed_on"), ("edited", "edited_on")],
)
def test_database_refuses_a_cycle_past_a_stage_without_its_date(db, status, missing):
    """Filmed needs the date filmed; edited and reviewed also need the date clips were chosen."""
    cycle = EditedCycleFactory()
    with pytest.raises(IntegrityError):
        Cycle.objects.filter(pk=cycle.pk).update(status=status, **{missing: None})
