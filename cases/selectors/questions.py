"""Reads for helping questions: each with its ratings over time."""

from cases.cycle_facts import cycle_facts
from cases.models import Case, HelpingQuestion


def questions_with_ratings(*, case: Case) -> list[HelpingQuestion]:
    """The case's helping questions, each with `points`: its ratings over time, in order."""
    questions = list(case.helping_questions.order_by("set_on", "pk"))
    cycle_facts().attach_rating_points(questions)
    return questions
