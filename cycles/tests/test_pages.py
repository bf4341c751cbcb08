"""The Cycles tab and a cycle's pages, through the Django test client."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cycles import services
from cycles.models import ClipShowing, Cycle, SharedReview, Supervision
from cycles.tests.factories import (
    ActiveCaseFactory,
    AttendsReviewsConsentFactory,
    ClipFactory,
    ClipsShownConsentFactory,
    CycleFactory,
    EditedCycleFactory,
    FilmedCycleFactory,
    HelpingQuestionFactory,
    ReviewedCycleFactory,
)
from vig_service.accounts.tests.factories import (
    CoordinatorFactory,
    GuiderFactory,
    SupervisorFactory,
)


def _days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def _date(name: str, day) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _as_guider(client, cycle_or_case):
    case = getattr(cycle_or_case, "case", cycle_or_case)
    client.force_login(case.guider)
    return case


def _review_data(cycle, **changes) -> dict:
    data = {
        "version": cycle.version,
        **_date("held_on", _days_ago(1)),
        "attendees": "Mum and the guider",
        "parent_reflections": "",
        "guider_reflections": "",
        "next_steps": "",
    }
    for question in cycle.case.helping_questions.all():
        data[f"rating_{question.pk}"] = "6"
    data.update(changes)
    return data


def test_the_cycles_tab_shows_each_cycle_with_dates_clips_and_ratings(client, db):
    """Cycle 1 reviewed with its rating; cycle 2 filmed, so cycle 3 waits for its review."""
    first = ReviewedCycleFactory(review__ratings=8)
    FilmedCycleFactory(case=first.case)
    _as_guider(client, first)

    html = client.get(reverse("cycles:list", args=[first.case_id])).content.decode()

    assert 'aria-current="page" href="/cycles/cases/' in html
    assert "Cycle 1" in html
    assert "Cycle 2" in html
    assert "Reviewed" in html
    assert "Filmed" in html
    question = first.case.helping_questions.get()
    assert f"{question.wording}: <strong>8</strong>" in html
    assert first.review.held_on.strftime("%-d %b %Y") in html
    assert "2 of 6 cycles" in html
    assert "Hold the shared review for cycle 2 before you start cycle 3" in html
    assert "Start cycle" not in html


def test_a_guider_starts_the_first_cycle_from_the_tab(client, db):
    """The button names the cycle; pressing it opens the new cycle's page."""
    case = _as_guider(client, ActiveCaseFactory())
    url = reverse("cycles:list", args=[case.pk])
    assert "Start cycle 1" in client.get(url).content.decode()

    response = client.post(reverse("cycles:start", args=[case.pk]), {"number": "1"}, follow=True)

    cycle = case.cycles.get()
    assert response.redirect_chain[-1][0] == reverse("cycles:detail", args=[cycle.pk])
    html = response.content.decode()
    assert "Cycle 1 started" in html
    assert "Record the filming" in html
    client.post(reverse("cycles:start", args=[case.pk]), {"number": "1"})
    assert case.cycles.count() == 1


def test_the_tab_says_why_a_seventh_cycle_cannot_start(client, db):
    """At the limit the reason replaces the button; a hand-made POST is refused too."""
    case = ActiveCaseFactory()
    ReviewedCycleFactory.create_batch(6, case=case)
    _as_guider(client, case)
    message = (
        "This case has reached its limit of 6 cycles (or 6 months from the first filming). "
        "A manager can grant an extension."
    )
    html = client.get(reverse("cycles:list", args=[case.pk])).content.decode()
    assert message in html
    assert "Start cycle 7" not in html

    response = client.post(reverse("cycles:start", args=[case.pk]), {"number": "7"}, follow=True)
    assert message in response.content.decode()
    assert case.cycles.count() == 6


def test_a_case_still_contracting_cannot_start_a_cycle(client, db):
    """The tab explains what the case needs first."""
    case = _as_guider(client, ActiveCaseFactory(status=Case.Status.CONTRACTING))
    html = client.get(reverse("cycles:list", args=[case.pk])).content.decode()
    assert "the case needs a contract and filming consent" in html


def test_a_guider_takes_a_cycle_from_filming_to_supervision(client, db):
    """Filming, two clips, clips chosen, shared review, clips shown and supervision."""
    cycle = CycleFactory()
    case = _as_guider(client, cycle)
    attends = AttendsReviewsConsentFactory(case=case, named_person="Sam Trewin")
    shown = ClipsShownConsentFactory(case=case, named_person="Jo Kessell")
    supervisor = SupervisorFactory(full_name="Morwenna Hosking")
    detail = reverse("cycles:detail", args=[cycle.pk])

    def post(name, data):
        cycle.refresh_from_db()
        response = client.post(
            reverse(f"cycles:{name}", args=[cycle.pk]), {**data, "version": cycle.version}
        )
        assert response.status_code == 302, response.content.decode()
        assert response.url == detail

    post(
        "filming",
        {
            **_date("filmed_on", _days_ago(5)),
            "setting": "Tea time",
            "who_was_filmed": "Mum and Amy",
            "children_filmed": ["focus"],
            "minutes": "11",
        },
    )
    for timestamp in ("01:10", "4:30"):
        post(
            "clip_add",
            {
                "timestamp": timestamp,
                "description": "Amy hands Mum a cup.",
                "principles": ["Being attentive", "Receiving initiatives"],
            },
        )
    post("edited", _date("edited_on", _days_ago(4)))
    post("review", _review_data(cycle, professionals=[str(attends.pk)]))
    post("showing", {"consent": str(shown.pk), **_date("shown_on", _days_ago(2)), "notes": ""})
    post(
        "supervision",
        {
            "supervisor": str(supervisor.pk),
            **_date("supervised_on", _days_ago(1)),
            "notes": "Good choice of clips.",
        },
    )

    html = client.get(detail).content.decode()
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.REVIEWED
    for text in ("Tea time", "01:10", "04:30", "Sam Trewin", "Jo Kessell", "Morwenna Hosking"):
        assert text in html
    actions = set(case.events.values_list("action", flat=True))
    assert {
        "filming_recorded",
        "clip_added",
        "clips_chosen",
        "review_held",
        "clips_shown",
        "supervision_recorded",
    } <= actions


def test_the_clip_form_offers_the_configured_principles(client, db):
    """Each principle of attuned interaction is a checkbox."""
    cycle = FilmedCycleFactory()
    _as_guider(client, cycle)
    html = client.get(reverse("cycles:clip_add", args=[cycle.pk])).content.decode()
    for principle in ("Being attentive", "Deepening the discussion"):
        assert f'value="{principle}"' in html
    response = client.post(
        reverse("cycles:clip_add", args=[cycle.pk]),
        {"version": cycle.version, "timestamp": "3.45", "description": "<b>x</b>"},
    )
    html = response.content.decode()
    assert "Enter the time in the film as minutes and seconds, like 03:45" in html
    assert "Remove the &lt; and &gt; characters (HTML is not allowed)" in html
    assert "Select at least one principle of attuned interaction the clip shows" in html


def test_the_review_form_rates_each_helping_question_and_lists_only_live_attendees(client, db):
    """One rating per question, labelled with its wording; withdrawn consents are not offered."""
    cycle = EditedCycleFactory()
    case = _as_guider(client, cycle)
    HelpingQuestionFactory(case=case, wording="Will Amy talk to me about school?")
    live = AttendsReviewsConsentFactory(case=case, named_person="Sam Trewin")
    AttendsReviewsConsentFactory(case=case, named_person="Ex Worker", withdrawn_on=_days_ago(1))
    ClipsShownConsentFactory(case=case, named_person="Jo Kessell")

    html = client.get(reverse("cycles:review", args=[cycle.pk])).content.decode()

    for question in case.helping_questions.all():
        assert f'for="id_rating_{question.pk}"' in html
        assert question.wording in html
    assert "Sam Trewin" in html
    assert f'value="{live.pk}"' in html
    assert "Ex Worker" not in html
    assert "Jo Kessell" not in html


def test_a_hand_crafted_review_with_a_withdrawn_consent_is_refused(client, db):
    """A consent id not offered on the page is refused and nothing is saved."""
    cycle = EditedCycleFactory()
    case = _as_guider(client, cycle)
    withdrawn = AttendsReviewsConsentFactory(case=case, withdrawn_on=_days_ago(1))
    response = client.post(
        reverse("cycles:review", args=[cycle.pk]),
        _review_data(cycle, professionals=[str(withdrawn.pk)]),
    )
    assert "Select the professionals who attended from the list" in response.content.decode()
    assert not SharedReview.objects.exists()


@pytest.mark.parametrize("value", ["11", "-1", "7.5", "ten"])
def test_a_review_rating_outside_0_to_10_is_refused_on_the_page(client, db, value):
    """The rating field says what it accepts and keeps what was typed."""
    cycle = EditedCycleFactory()
    _as_guider(client, cycle)
    question = cycle.case.helping_questions.get()
    response = client.post(
        reverse("cycles:review", args=[cycle.pk]),
        _review_data(cycle, **{f"rating_{question.pk}": value}),
    )
    html = response.content.decode()
    assert "Rating must be a whole number from 0 to 10" in html
    assert f'value="{value}"' in html
    assert not SharedReview.objects.exists()


def test_a_review_dated_before_its_filming_is_refused_on_the_page(client, db):
    """The message names the filming date."""
    cycle = EditedCycleFactory(filmed_on=_days_ago(14), edited_on=_days_ago(12))
    _as_guider(client, cycle)
    response = client.post(
        reverse("cycles:review", args=[cycle.pk]),
        _review_data(cycle, **_date("held_on", _days_ago(20))),
    )
    filmed = cycle.filmed_on
    assert (
        f"The shared review cannot be before the filming on {filmed.day} {filmed:%B %Y}"
        in response.content.decode()
    )


def test_the_showing_form_lists_only_live_consents_for_clips_to_be_shown(client, db):
    """A withdrawn consent is not offered, and posting it by hand is refused."""
    cycle = ReviewedCycleFactory()
    case = _as_guider(client, cycle)
    ClipsShownConsentFactory(case=case, named_person="Jo Kessell")
    withdrawn = ClipsShownConsentFactory(
        case=case, named_person="Old Contact", withdrawn_on=_days_ago(2)
    )
    AttendsReviewsConsentFactory(case=case, named_person="Sam Trewin")
    url = reverse("cycles:showing", args=[cycle.pk])

    html = client.get(url).content.decode()
    assert "Jo Kessell" in html
    assert "Old Contact" not in html
    assert "Sam Trewin" not in html

    response = client.post(
        url,
        {
            "version": cycle.version,
            "consent": str(withdrawn.pk),
            **_date("shown_on", _days_ago(1)),
        },
    )
    assert "Select who the clips were shown to from the list" in response.content.decode()
    assert not ClipShowing.objects.exists()


def test_a_page_loaded_before_a_colleagues_change_is_refused(client, db):
    """The second save names who changed the cycle; a second send after reviewing goes through."""
    cycle = FilmedCycleFactory()
    _as_guider(client, cycle)
    Cycle.objects.filter(pk=cycle.pk).update(
        version=cycle.version + 1, updated_by=GuiderFactory(full_name="Jory Hicks")
    )
    data = {
        "version": cycle.version,
        "supervisor": str(SupervisorFactory().pk),
        **_date("supervised_on", _days_ago(1)),
        "notes": "",
    }
    url = reverse("cycles:supervision", args=[cycle.pk])
    html = client.post(url, data).content.decode()
    assert "This cycle was changed by Jory Hicks at" in html
    assert not Supervision.objects.exists()

    client.post(url, {**data, "version": cycle.version + 1})
    assert Supervision.objects.count() == 1


def test_a_closed_case_offers_no_changes_and_refuses_them(client, db):
    """No buttons on a closed case's cycle; its form pages send the guider back with why."""
    cycle = FilmedCycleFactory()
    _as_guider(client, cycle)
    Case.objects.filter(pk=cycle.case_id).update(
        status=Case.Status.CLOSED, closed_on=timezone.localdate(), closure_reason="completed"
    )
    detail = reverse("cycles:detail", args=[cycle.pk])
    html = client.get(detail).content.decode()
    assert "Add a clip" not in html
    assert "Record supervision" not in html

    response = client.get(reverse("cycles:clip_add", args=[cycle.pk]), follow=True)
    assert response.redirect_chain[-1][0] == detail
    assert "This case is closed, so it can no longer be changed." in response.content.decode()
    html = client.get(reverse("cycles:list", args=[cycle.case_id])).content.decode()
    assert "This case is closed, so it can no longer be changed." in html


def test_a_coordinator_may_start_a_cycle_on_any_case(client, db):
    """Coordinators see every case and may change it."""
    case = ActiveCaseFactory()
    client.force_login(CoordinatorFactory())
    response = client.post(reverse("cycles:start", args=[case.pk]), {"number": "1"})
    assert response.status_code == 302
    assert case.cycles.count() == 1


def test_a_supervisor_reads_a_supervisees_cycle_and_records_only_supervision(client, db):
    """The guider's supervisor may record supervision but not change the cycle itself."""
    supervisor = SupervisorFactory()
    cycle = FilmedCycleFactory()
    cycle.case.guider.supervisor = supervisor
    cycle.case.guider.save()
    client.force_login(supervisor)

    html = client.get(reverse("cycles:detail", args=[cycle.pk])).content.decode()
    assert "Record supervision" in html
    assert "Add a clip" not in html
    assert client.get(reverse("cycles:clip_add", args=[cycle.pk])).status_code == 403
    assert client.get(reverse("cycles:supervision", args=[cycle.pk])).status_code == 200


GET_PAGES = ["detail", "filming", "clip_add", "edited", "review", "showing", "supervision"]


@pytest.mark.parametrize("name", ["list", "start", *GET_PAGES, "clip_remove"])
def test_another_guiders_case_is_404_on_every_cycle_url(client, db, name):
    """A guider who is not on the case cannot tell its cycles exist."""
    cycle = EditedCycleFactory()
    client.force_login(GuiderFactory())
    if name in ("list", "start"):
        url = reverse(f"cycles:{name}", args=[cycle.case_id])
    elif name == "clip_remove":
        url = reverse("cycles:clip_remove", args=[cycle.pk, cycle.clips.get().pk])
    else:
        url = reverse(f"cycles:{name}", args=[cycle.pk])
    response = client.post(url, {}) if name in ("start", "clip_remove") else client.get(url)
    assert response.status_code == 404
    if name not in ("start", "clip_remove"):
        assert client.post(url, {"version": cycle.version}).status_code == 404


def test_a_clip_of_another_cycle_is_404(client, db):
    """A clip id from elsewhere cannot be removed through this cycle."""
    cycle = EditedCycleFactory()
    other = ClipFactory()
    _as_guider(client, cycle)
    url = reverse("cycles:clip_remove", args=[cycle.pk, other.pk])
    assert client.post(url, {"version": cycle.version}).status_code == 404


def test_the_cycles_tab_costs_the_same_queries_for_2_and_6_cycles(client, db):
    """The tab's queries do not grow with the number of cycles, clips or ratings."""
    case = ActiveCaseFactory()
    HelpingQuestionFactory(case=case)
    ReviewedCycleFactory.create_batch(2, case=case)
    _as_guider(client, case)
    url = reverse("cycles:list", args=[case.pk])

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    count()  # creates the settings rows on first use
    few = count()
    ReviewedCycleFactory.create_batch(4, case=case)
    assert count() == few


def test_a_cycles_page_costs_the_same_queries_for_1_and_5_clips(client, db):
    """The cycle's page does not query per clip, showing or supervision."""
    cycle = ReviewedCycleFactory()
    _as_guider(client, cycle)
    url = reverse("cycles:detail", args=[cycle.pk])

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    count()
    few = count()
    ClipFactory.create_batch(4, cycle=cycle)
    HelpingQuestionFactory(case=cycle.case)
    assert count() == few


def test_a_stale_start_cycle_6_says_who_started_it_instead_of_claiming_success(client, db):
    """Sending an old "Start cycle 6" page after a colleague started it names them and when."""
    case = ActiveCaseFactory()
    ReviewedCycleFactory.create_batch(5, case=case)
    colleague = CoordinatorFactory(full_name="Kerensa Pascoe")
    client.force_login(case.guider)
    page = client.get(reverse("cycles:list", args=[case.pk])).content.decode()
    assert 'name="number" value="6"' in page
    services.cycle_start(case_id=case.pk, by=colleague, number=6)

    response = client.post(reverse("cycles:start", args=[case.pk]), {"number": "6"}, follow=True)
    html = response.content.decode()
    sixth = case.cycles.get(number=6)
    at = timezone.localtime(sixth.created_at)
    assert (
        f"Cycle 6 was already started by Kerensa Pascoe at {at:%H:%M}, so no new cycle was started"
        in html
    )
    assert "Cycle 6 started" not in html
    assert response.redirect_chain[-1][0] == reverse("cycles:detail", args=[sixth.pk])
    assert case.cycles.count() == 6
