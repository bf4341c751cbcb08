"""Helping questions: set with a baseline, rated 0–10, shown as a chart and a table."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import CaseEvent, HelpingQuestion
from cases.tests.factories import (
    ActiveCaseFactory,
    ContractingCaseFactory,
    HelpingQuestionFactory,
)
from cycles.models import Rating
from cycles.tests.case_factories import ReviewedCycleFactory

TODAY = timezone.localdate()


def _question(**changes) -> dict:
    return {
        "owner": "parent",
        "wording": "How can I help Tom settle at bedtime?",
        "set_on_0": TODAY.day,
        "set_on_1": TODAY.month,
        "set_on_2": TODAY.year,
        "baseline": "3",
        **changes,
    }


def test_setting_a_helping_question_records_its_baseline_rating(client, db):
    """The question, its owner and date are saved, with a baseline Rating and an event."""
    case = ContractingCaseFactory()
    client.force_login(case.guider)
    response = client.post(reverse("cases:question_add", args=[case.pk]), _question(), follow=True)
    assert "Helping question added" in response.content.decode()
    question = case.helping_questions.get()
    assert (question.owner, question.set_on) == ("parent", TODAY)
    rating = question.ratings.get()
    assert (rating.kind, rating.value, rating.rated_on) == (Rating.Kind.BASELINE, 3, TODAY)
    assert case.events.filter(action=CaseEvent.Action.QUESTION_SET).exists()


@pytest.mark.parametrize("typed", ["7.5", "11", "-1", "seven", "1e1", "10.0"])
def test_a_rating_that_is_not_a_whole_number_from_0_to_10_is_refused(client, db, typed):
    """7.5, 11, −1 and words get one clear message; nothing is saved."""
    case = ContractingCaseFactory()
    client.force_login(case.guider)
    response = client.post(
        reverse("cases:question_add", args=[case.pk]), _question(baseline=typed)
    )
    assert "Rating must be a whole number from 0 to 10" in response.content.decode()
    assert not case.helping_questions.exists()


@pytest.mark.parametrize("typed", ["0", "10", " 7 "])
def test_ratings_from_0_to_10_are_accepted(client, db, typed):
    """The ends of the scale are ratings too."""
    case = ContractingCaseFactory()
    client.force_login(case.guider)
    client.post(reverse("cases:question_add", args=[case.pk]), _question(baseline=typed))
    assert case.helping_questions.get().ratings.get().value == int(typed)


def test_a_missing_baseline_or_wording_is_asked_for(client, db):
    """Each missing answer gets its own message."""
    case = ContractingCaseFactory()
    client.force_login(case.guider)
    html = client.post(
        reverse("cases:question_add", args=[case.pk]), _question(baseline="", wording="")
    ).content.decode()
    assert "Enter the baseline rating, from 0 to 10" in html
    assert "Enter the helping question" in html


@pytest.mark.parametrize("value", [11, -1, 7.5, True, "7"])
def test_the_service_refuses_ratings_outside_0_to_10(db, value):
    """Whatever calls it, the service stores only whole numbers 0–10."""
    case = ContractingCaseFactory()
    with pytest.raises(services.CaseError, match="Rating must be a whole number from 0 to 10"):
        services.helping_question_set(
            case_id=case.pk,
            by=case.guider,
            owner="parent",
            wording="Bedtime?",
            set_on=TODAY,
            baseline=value,
        )
    assert not case.helping_questions.exists()


def test_the_page_shows_each_questions_ratings_as_a_chart_and_a_table(client, db):
    """Baseline 2, review 5, review 7, closure 9: both the SVG and the table carry them."""
    case = ActiveCaseFactory(question=None)
    question = HelpingQuestionFactory(
        case=case, wording="How can I enjoy play with Mia?", baseline__value=2
    )
    for number, value in ((1, 5), (2, 7)):
        cycle = ReviewedCycleFactory(
            case=case,
            number=number,
            review__held_on=TODAY - timedelta(days=20 - number),
        )
        Rating.objects.create(
            question=question,
            kind=Rating.Kind.REVIEW,
            review=cycle.review,
            value=value,
            rated_on=cycle.review.held_on,
        )
    Rating.objects.create(question=question, kind=Rating.Kind.CLOSURE, value=9, rated_on=TODAY)

    client.force_login(case.guider)
    html = client.get(reverse("cases:questions", args=[case.pk])).content.decode()

    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    assert "<title" in svg
    label = "“How can I enjoy play with Mia?”: Baseline 2, Cycle 1 5, Cycle 2 7, Closure 9."
    assert label in svg
    assert [int(v) for v in re.findall(r'font-weight="bold"[^>]*>(\d+)<', svg)] == [2, 5, 7, 9]
    assert svg.count("<circle") == 4
    assert "<polyline" in svg

    table = re.search(r"<table.*?</table>", html.split("</svg>")[1], re.S).group(0)
    cells = re.findall(r'govuk-table__cell--numeric">(\d+)<', table)
    assert cells == ["2", "5", "7", "9"]
    for text in ("Baseline", "Shared review, cycle 1", "Shared review, cycle 2", "Closure"):
        assert text in table


def test_a_higher_rating_is_drawn_higher_on_the_chart(client, db):
    """The chart's y position follows the rating: 10 at the top, 0 at the bottom."""
    case = ActiveCaseFactory(question=None)
    question = HelpingQuestionFactory(case=case, baseline__value=0)
    Rating.objects.create(question=question, kind=Rating.Kind.CLOSURE, value=10, rated_on=TODAY)
    client.force_login(case.guider)
    html = client.get(reverse("cases:questions", args=[case.pk])).content.decode()
    ys = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', html)]
    assert ys[0] > ys[1]


def test_question_wording_is_escaped_inside_the_chart(client, db):
    """Markup in a question (however it got there) is shown as text in the SVG title."""
    question = HelpingQuestion.objects.create(
        case=ActiveCaseFactory(question=None),
        owner="parent",
        wording="<script>x</script>",
        set_on=TODAY,
    )
    Rating.objects.create(question=question, kind=Rating.Kind.BASELINE, value=4, rated_on=TODAY)
    client.force_login(question.case.guider)
    html = client.get(reverse("cases:questions", args=[question.case.pk])).content.decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    assert "&lt;script&gt;x&lt;/script&gt;" in svg
    assert "<script>x" not in html
