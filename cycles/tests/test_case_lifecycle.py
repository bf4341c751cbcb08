"""Case status transitions, closure, the read-only closed case, footage and extensions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cases import selectors, services
from cases.models import Case, CaseEvent, CaseExtension
from cases.rules import Limit
from cases.tests.factories import (
    ActiveCaseFactory,
    CaseFactory,
    ClosedCaseFactory,
    ConsentFactory,
    ContractingCaseFactory,
    HelpingQuestionFactory,
    ReadyCaseFactory,
    TrajectHeadingFactory,
)
from cycles.models import Rating
from cycles.tests.case_factories import ReviewedCycleFactory
from vig_service.accounts.roles import Role
from vig_service.accounts.tests.factories import (
    CoordinatorFactory,
    GuiderFactory,
    ManagerFactory,
    UserFactory,
)
from vig_service.core.transitions import transition

TODAY = timezone.localdate()
Status = Case.Status
ALLOWED = {
    ("allocated", "contracting"),
    ("allocated", "closed"),
    ("contracting", "active"),
    ("contracting", "closed"),
    ("active", "closed"),
}
CLOSED = "This case is closed, so it can no longer be changed."
MOVED = CaseEvent.Action.CONTRACTING_STARTED  # any action: the table is under test


def _case_in(status):
    """A case in `status` with everything every transition could need already recorded."""
    if status == Status.CLOSED:
        return ReadyCaseFactory(status=status, closed_on=TODAY, closure_reason="completed")
    return ReadyCaseFactory(status=status)


@pytest.mark.parametrize("source", list(Status))
@pytest.mark.parametrize("target", list(Status))
def test_every_transition_from_every_status(db, source, target):
    """Only the lifecycle's arrows succeed (each with an event); every other pair is refused."""
    case = _case_in(source)
    events = case.events.count()
    locked = Case.objects.select_for_update().get(pk=case.pk)
    # A closed case always has its date and reason (a database constraint).
    locked.closed_on, locked.closure_reason = TODAY, "completed"
    closure = ["closed_on", "closure_reason"]
    if (source, target) in ALLOWED:
        event = transition(locked, to=target, by=case.guider, action=MOVED, fields=closure)
        assert (event.from_status, event.to_status) == (source, target)
        case.refresh_from_db()
        assert case.status == target
        assert case.version == 2
    else:
        with pytest.raises(services.CaseError):
            transition(locked, to=target, by=case.guider, action=MOVED, fields=closure)
        case.refresh_from_db()
        assert case.status == source
        assert case.events.count() == events


def _attempt(target, case):
    """The user action that aims at `target`: a contact, Start, or Close."""
    by = case.guider
    if target == Status.CONTRACTING:
        services.contact_record(
            case_id=case.pk, by=by, happened_on=TODAY, kind="initial_visit", attendees="Mum"
        )
    elif target == Status.ACTIVE:
        services.case_start_intervention(case_id=case.pk, by=by)
    elif target == Status.CLOSED:
        services.case_close(
            case_id=case.pk,
            by=by,
            closed_on=TODAY,
            reason="completed",
            outcome_summary="Done",
            final_ratings={q.pk: 8 for q in case.helping_questions.all()},
        )


@pytest.mark.parametrize("source", list(Status))
@pytest.mark.parametrize("target", [Status.CONTRACTING, Status.ACTIVE, Status.CLOSED])
def test_every_status_action_from_every_status(db, source, target):
    """A contact, Start the intervention and Close the case move the case only as allowed."""
    case = _case_in(source)
    if (source, target) in ALLOWED:
        _attempt(target, case)
        case.refresh_from_db()
        assert case.status == target
        assert case.events.filter(from_status=source, to_status=target).count() == 1
        return
    if target == Status.CONTRACTING and source != Status.CLOSED:
        _attempt(target, case)  # a later contact is logged; the status stays
    else:
        with pytest.raises(services.CaseError):
            _attempt(target, case)
    case.refresh_from_db()
    assert case.status == source
    assert not case.events.filter(to_status=target).exclude(from_status="").exists()


def test_no_action_returns_a_case_to_allocated(db):
    """Allocated is where a case starts; nothing leads back to it."""
    for status in (Status.CONTRACTING, Status.ACTIVE, Status.CLOSED):
        assert not Case(status=status).can_become(Status.ALLOCATED)


@pytest.mark.parametrize(
    ("contract", "consent", "message"),
    [
        (
            False,
            False,
            "Before you start the intervention, record the date the written contract was "
            "agreed and a consent to be filmed",
        ),
        (False, True, "Before you start the intervention, record the date the written contract"),
        (True, False, "Before you start the intervention, record a consent to be filmed"),
    ],
)
def test_starting_needs_a_contract_and_a_live_filming_consent(
    client, db, contract, consent, message
):
    """The message names exactly what is missing; the case stays in contracting."""
    case = ContractingCaseFactory(contract_agreed_on=TODAY if contract else None)
    if consent:
        ConsentFactory(case=case)
    client.force_login(case.guider)
    response = client.post(reverse("cases:start", args=[case.pk]), follow=True)
    assert message in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.CONTRACTING


def test_a_withdrawn_filming_consent_does_not_count(db):
    """Only a live consent lets the intervention start."""
    case = ReadyCaseFactory()
    consent = case.consents.get()
    services.consent_withdraw(consent_id=consent.pk, by=case.guider, withdrawn_on=TODAY)
    with pytest.raises(services.CaseError, match="record a consent to be filmed"):
        services.case_start_intervention(case_id=case.pk, by=case.guider)


def test_starting_the_intervention_from_the_overview(client, db):
    """The button is offered while contracting; pressing it makes the case active."""
    case = ReadyCaseFactory()
    client.force_login(case.guider)
    url = reverse("cases:overview", args=[case.pk])
    assert "Start the intervention</button>" in client.get(url).content.decode()
    response = client.post(
        reverse("cases:start", args=[case.pk]), {"version": case.version}, follow=True
    )
    assert "The intervention has started" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.ACTIVE
    assert case.events.filter(action=CaseEvent.Action.INTERVENTION_STARTED).exists()


def _close_form(case, **changes) -> dict:
    data = {
        "version": case.version,
        "closed_on_0": TODAY.day,
        "closed_on_1": TODAY.month,
        "closed_on_2": TODAY.year,
        "reason": "completed",
        "outcome_summary": "Mum enjoys play with Tom; bedtimes are calmer.",
    }
    for question in case.helping_questions.all():
        data[f"rating_{question.pk}"] = "8"
    return {**data, **changes}


def test_closing_records_date_reason_outcome_and_a_final_rating_per_question(client, db):
    """Each helping question gets a closure rating; the case is closed with its event."""
    case = ActiveCaseFactory()
    second = HelpingQuestionFactory(case=case)
    client.force_login(case.guider)
    response = client.post(
        reverse("cases:close", args=[case.pk]),
        _close_form(case, **{f"rating_{second.pk}": "6"}),
        follow=True,
    )
    assert "Case closed" in response.content.decode()
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.closure_reason) == ("closed", TODAY, "completed")
    assert case.outcome_summary.startswith("Mum enjoys play")
    closing = dict(
        Rating.objects.filter(question__case=case, kind="closure").values_list(
            "question_id", "value"
        )
    )
    assert closing == {case.helping_questions.first().pk: 8, second.pk: 6}
    event = case.events.get(action=CaseEvent.Action.CLOSED)
    assert (event.from_status, event.to_status) == ("active", "closed")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": ""}, "Select why the case is closing"),
        ({"outcome_summary": ""}, "Enter a summary of the outcome"),
        ({"closed_on_0": ""}, "Enter the date the case closed"),
        (
            {"closed_on_2": str(TODAY.year + 1)},
            "The date the case closed must be today or in the past",
        ),
        ({"closed_on_2": str(TODAY.year - 2)}, "must be on or after the date it opened"),
    ],
)
def test_closing_with_bad_answers_is_refused_and_the_case_stays_open(client, db, changes, message):
    """Each problem gets its own plain message."""
    case = ActiveCaseFactory()
    client.force_login(case.guider)
    html = client.post(reverse("cases:close", args=[case.pk]), _close_form(case, **changes))
    assert message in html.content.decode()
    case.refresh_from_db()
    assert case.status == Status.ACTIVE


@pytest.mark.parametrize("typed", ["", "11", "7.5", "-1"])
def test_every_helping_question_needs_a_final_rating_from_0_to_10(client, db, typed):
    """A missing or impossible final rating keeps the case open."""
    case = ActiveCaseFactory()
    question = case.helping_questions.get()
    client.force_login(case.guider)
    response = client.post(
        reverse("cases:close", args=[case.pk]),
        _close_form(case, **{f"rating_{question.pk}": typed}),
    )
    expected = (
        f"Enter a final rating for “{question.wording}”"
        if not typed
        else "Rating must be a whole number from 0 to 10"
    )
    assert expected in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.ACTIVE
    assert not Rating.objects.filter(kind="closure").exists()


def test_the_service_refuses_to_close_without_a_rating_for_a_question(db):
    """A question added after the close form was opened still needs its rating."""
    case = ActiveCaseFactory()
    late = HelpingQuestionFactory(case=case, wording="Added late?")
    with pytest.raises(services.CaseError, match="Enter a final rating for “Added late\\?”"):
        services.case_close(
            case_id=case.pk,
            by=case.guider,
            closed_on=TODAY,
            reason="completed",
            outcome_summary="Done",
            final_ratings={case.helping_questions.first().pk: 5},
        )
    assert not late.ratings.filter(kind="closure").exists()


def _every_write(case):
    """Every change a user could try on a case, as calls to the services."""
    by = case.guider
    consent = ConsentFactory(case=case)
    heading = TrajectHeadingFactory(case=case)
    manager = UserFactory(roles=[Role.MANAGER, Role.COORDINATOR])
    return {
        "contact": lambda: services.contact_record(
            case_id=case.pk, by=by, happened_on=TODAY, kind="phone_call", attendees="Mum"
        ),
        "contract": lambda: services.case_record_contract(case_id=case.pk, by=by, agreed_on=TODAY),
        "consent": lambda: services.consent_record(
            case_id=case.pk, by=by, kind="filming", given_by="Dad", given_on=TODAY
        ),
        "withdraw": lambda: services.consent_withdraw(
            consent_id=consent.pk, by=by, withdrawn_on=TODAY
        ),
        "question": lambda: services.helping_question_set(
            case_id=case.pk, by=by, owner="parent", wording="Q?", set_on=TODAY, baseline=4
        ),
        "heading": lambda: services.traject_heading_add(case_id=case.pk, by=by, title="New"),
        "save heading": lambda: services.traject_heading_save(
            heading_id=heading.pk,
            by=by,
            title="Daily life",
            changes_made="x",
            changes_hoped_for="",
            loaded_revision=0,
        ),
        "start": lambda: services.case_start_intervention(case_id=case.pk, by=by),
        "close": lambda: services.case_close(
            case_id=case.pk,
            by=by,
            closed_on=TODAY,
            reason="other",
            outcome_summary="Again",
            final_ratings={},
        ),
        "extend": lambda: services.case_extend(
            case_id=case.pk,
            by=manager,
            reason="More time",
            cycle_limit=9,
            ends_on=TODAY + timedelta(days=30),
        ),
    }


def test_a_closed_case_refuses_every_change_except_footage(db):
    """Each write says the case is closed; nothing is added to it."""
    case = ClosedCaseFactory(closed_on=TODAY - timedelta(days=3))
    writes = _every_write(case)
    events = case.events.count()
    for name, write in writes.items():
        with pytest.raises(services.CaseError) as refused:
            write()
        assert refused.value.message == CLOSED, name
    assert case.events.count() == events
    assert not case.contacts.exists()
    assert not case.helping_questions.exists()
    assert not CaseExtension.objects.exists()

    services.case_record_footage(
        case_id=case.pk, by=case.guider, location="Team laptop", deleted_on=TODAY
    )
    case.refresh_from_db()
    assert (case.footage_location, case.footage_deleted_on) == ("Team laptop", TODAY)


def test_the_pages_of_a_closed_case_offer_no_changes(client, db):
    """No add or change buttons; a form page sends the user back with the reason."""
    case = ClosedCaseFactory()
    client.force_login(case.guider)
    for tab in ("contacts", "consents", "questions", "traject"):
        html = client.get(reverse(f"cases:{tab}", args=[case.pk])).content.decode()
        assert "Add a" not in html, tab
    overview = client.get(reverse("cases:overview", args=[case.pk])).content.decode()
    assert "Close the case</a>" not in overview
    assert reverse("cases:footage", args=[case.pk]) in overview
    response = client.get(reverse("cases:contact_add", args=[case.pk]), follow=True)
    assert CLOSED in response.content.decode()
    response = client.post(reverse("cases:question_add", args=[case.pk]), {}, follow=True)
    assert CLOSED in response.content.decode()
    assert not case.helping_questions.exists()


def test_where_the_footage_is_kept_can_be_recorded_at_any_time(client, db):
    """On an open case the deletion date is not asked for; the location is an event."""
    case = ActiveCaseFactory()
    client.force_login(case.guider)
    url = reverse("cases:footage", args=[case.pk])
    assert "footage_deleted_on" not in client.get(url).content.decode()
    client.post(url, {"footage_location": "Encrypted team laptop"})
    case.refresh_from_db()
    assert case.footage_location == "Encrypted team laptop"
    assert case.events.filter(action=CaseEvent.Action.FOOTAGE_RECORDED).exists()


def test_footage_deletion_is_recorded_only_once_closed_and_not_before_closure(client, db):
    """Before closure it is refused; a date before the closure date is refused."""
    open_case = ActiveCaseFactory()
    with pytest.raises(services.CaseError, match="once the case is closed"):
        services.case_record_footage(
            case_id=open_case.pk, by=open_case.guider, location="", deleted_on=TODAY
        )

    closed_on = TODAY - timedelta(days=5)
    case = ClosedCaseFactory(closed_on=closed_on)
    ReviewedCycleFactory(case=case)
    client.force_login(case.guider)
    url = reverse("cases:footage", args=[case.pk])
    before = closed_on - timedelta(days=1)
    html = client.post(
        url,
        {
            "footage_location": "Team laptop",
            "footage_deleted_on_0": before.day,
            "footage_deleted_on_1": before.month,
            "footage_deleted_on_2": before.year,
        },
    ).content.decode()
    assert (
        "The date the footage was deleted must be on or after the date the case closed "
        f"({closed_on:%-d %B %Y})"
    ) in html
    case.refresh_from_db()
    assert case.footage_deleted_on is None

    client.post(
        url,
        {
            "footage_location": "Team laptop",
            "footage_deleted_on_0": TODAY.day,
            "footage_deleted_on_1": TODAY.month,
            "footage_deleted_on_2": TODAY.year,
        },
    )
    case.refresh_from_db()
    assert case.footage_deleted_on == TODAY
    assert case.events.filter(action=CaseEvent.Action.FOOTAGE_DELETED).exists()
    assert (
        "Nothing to do" in client.get(reverse("cases:overview", args=[case.pk])).content.decode()
    )


def _manager():
    """A manager who also coordinates, so the case is within their scope."""
    return UserFactory(full_name="Mo Manager", roles=[Role.MANAGER, Role.COORDINATOR])


def _extension_form(**changes) -> dict:
    ends = TODAY + timedelta(days=200)
    return {
        "reason": "Family moved house during the intervention",
        "cycle_limit": "8",
        "ends_on_0": ends.day,
        "ends_on_1": ends.month,
        "ends_on_2": ends.year,
        **changes,
    }


def test_a_manager_extends_a_cases_limit_with_a_reason(client, db):
    """The extension is recorded, shown on the overview, and raises the limit."""
    case = ActiveCaseFactory()
    ReviewedCycleFactory(case=case)
    client.force_login(_manager())
    response = client.post(reverse("cases:extend", args=[case.pk]), _extension_form(), follow=True)
    html = response.content.decode()
    assert "Extension granted" in html
    assert "Extended to 8 cycles" in html
    extension = case.extensions.get()
    assert (extension.cycle_limit, extension.granted_by.full_name) == (8, "Mo Manager")
    event = case.events.get(action=CaseEvent.Action.EXTENDED)
    assert "Family moved house" in event.note
    assert "1 of 8" in html


@pytest.mark.parametrize("factory", [GuiderFactory, CoordinatorFactory])
def test_only_managers_may_extend_a_case(client, db, factory):
    """The guider and coordinators get 403; nothing is recorded."""
    case = ActiveCaseFactory()
    user = case.guider if factory is GuiderFactory else factory()
    client.force_login(user)
    url = reverse("cases:extend", args=[case.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _extension_form()).status_code == 403
    assert not case.extensions.exists()
    with pytest.raises(services.CaseError, match="Only a manager"):
        services.case_extend(
            case_id=case.pk,
            by=user,
            reason="x",
            cycle_limit=9,
            ends_on=TODAY + timedelta(days=9),
        )


def test_a_manager_without_the_coordinator_role_cannot_open_a_case_far_from_its_limit(client, db):
    """Managers read only the cases near their limit (or with a request waiting): a 404."""
    case = ActiveCaseFactory()
    client.force_login(ManagerFactory())
    assert client.get(reverse("cases:extend", args=[case.pk])).status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cycle_limit": "6"}, "The new cycle limit must be more than the current limit of 6"),
        ({"cycle_limit": "7.5"}, "Enter the new cycle limit as a whole number, like 8"),
        ({"reason": ""}, "Enter the reason"),
        ({"ends_on_2": str(TODAY.year - 1)}, "The new end date must be today or in the future"),
    ],
)
def test_an_extension_must_go_beyond_the_current_limit(client, db, changes, message):
    """More cycles than now, a reason, and an end date that is not in the past."""
    case = ActiveCaseFactory()
    client.force_login(_manager())
    html = client.post(reverse("cases:extend", args=[case.pk]), _extension_form(**changes))
    assert message in html.content.decode()
    assert not case.extensions.exists()


def test_an_extension_sets_the_end_date_the_manager_chose(db):
    """The new end date replaces the six months from the first filming."""
    case = ActiveCaseFactory()
    ReviewedCycleFactory(case=case, filmed_on=TODAY - timedelta(days=170))
    ends_on = TODAY + timedelta(days=45)
    services.case_extend(
        case_id=case.pk, by=_manager(), reason="House move", cycle_limit=8, ends_on=ends_on
    )
    assert selectors.limit_for(case=case) == Limit(8, ends_on, extended=True)


def test_the_timeline_lists_events_newest_first_with_who_and_when(client, db):
    """Each line has its label, the person and the time."""
    case = CaseFactory()
    services.contact_record(
        case_id=case.pk, by=case.guider, happened_on=TODAY, kind="initial_visit", attendees="Mum"
    )
    client.force_login(case.guider)
    html = client.get(reverse("cases:timeline", args=[case.pk])).content.decode()
    assert (
        html.index("Contracting started")
        < html.index("Contact recorded")
        < html.index("Case opened")
    )
    # The page escapes the name as HTML: a guider called O'Sullivan is shown as one.
    assert f"by {escape(case.guider.full_name)}" in html


def test_closing_from_a_page_loaded_before_the_status_changed_is_refused(client, db):
    """Someone started the intervention meanwhile: the close form says who, nothing is lost."""
    case = ReadyCaseFactory()
    client.force_login(case.guider)
    form = _close_form(case)
    coordinator = CoordinatorFactory(full_name="Ada One")
    services.case_start_intervention(case_id=case.pk, by=coordinator)

    html = client.post(reverse("cases:close", args=[case.pk]), form).content.decode()
    assert "This case was changed by Ada One at" in html
    assert "govuk-error-summary" in html
    assert "Mum enjoys play with Tom" in html
    case.refresh_from_db()
    assert case.status == Status.ACTIVE


def test_coordinator_reassigns_a_case_with_a_reason(client, db):
    """The reassign page moves the case; the timeline says from whom, to whom and why."""
    case = CaseFactory()
    new_guider = GuiderFactory(full_name="Gwen Guider")
    client.force_login(CoordinatorFactory())
    url = reverse("cases:reassign", args=[case.pk])
    assert "Gwen Guider" in client.get(url).content.decode()
    empty = client.post(url, {"version": case.version, "guider": new_guider.pk, "reason": ""})
    assert "Enter the reason for reassigning the case" in empty.content.decode()
    client.post(url, {"version": case.version, "guider": new_guider.pk, "reason": "Leave."})
    case = Case.objects.get(pk=case.pk)
    assert case.guider == new_guider
    assert "Gwen Guider" in case.events.last().note


def test_only_coordinators_reassign(client, db):
    """The guider gets 403 from the reassign page."""
    case = CaseFactory()
    client.force_login(case.guider)
    assert client.get(reverse("cases:reassign", args=[case.pk])).status_code == 403
