"""Counts agree with their nouns on the training pages: "1 place", never "1 places"."""

import pytest
from django.urls import reverse

from training import rules
from training.configuration import TrainingSettings
from training.tests.factories import OpenCourseFactory, TraineeFactory
from vig_service.accounts.tests.factories import CoordinatorFactory


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (1, "1 place"),
        (2, "2 places"),
        (0, "0 places"),
        (1.0, "1 place"),
        (1.5, "1.5 places"),
        (1500000, "1500000 places"),
    ],
)
def test_a_count_takes_the_singular_only_for_one(number, words):
    """One is singular; none, fractions and more are plural."""
    assert rules.counted(number, "place") == words


def test_a_count_of_one_person_is_a_person_not_people():
    """An irregular plural is given, and used only past one."""
    assert rules.counted(1, "person", "people") == "1 person"
    assert rules.counted(3, "person", "people") == "3 people"


def test_a_one_place_course_says_1_place_on_its_enrolment_page(client, db):
    """The enrolment page of a course with one place says "1 of 1 place left"."""
    course = OpenCourseFactory(capacity=1)
    client.force_login(CoordinatorFactory())

    html = client.get(reverse("training:enrolment_add", args=[course.pk])).content.decode()

    assert "1 of 1 place left." in html
    assert "1 places" not in html


def test_a_stage_asking_for_one_of_each_says_so_in_the_singular(client, db):
    """A stage table of 1 cycle, 1 client and 1 hour reads that way on the trainee's page."""
    stage = TrainingSettings.load().stages.get(stage=1)
    stage.cycles, stage.clients, stage.supervision_hours = 1, 1, 1
    stage.save()
    trainee = TraineeFactory()
    client.force_login(trainee.supervisor)

    html = client.get(reverse("training:trainee_detail", args=[trainee.pk])).content.decode()

    assert "1 cycle with at least 1 client<" in html
    assert "1 hour<" in html
    assert "0 of 1 cycle, 0 of 1 client, 0 of 1 hour of supervision" in html
    for wrong in ("1 cycles", "1 clients", "1 hours"):
        assert wrong not in html
