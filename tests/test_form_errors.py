"""Errors sit beside the question they are about, as well as in the error summary."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles.tests.factories import EditedCycleFactory
from vig_service.accounts.tests.test_passwords import (
    _change_page,
    _first_password_page,
    _reset_page,
)


def _date_parts(name: str, day) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_a_review_before_the_clips_were_chosen_is_refused_beside_its_date(client, db):
    """The refusal is by the date of the shared review, and its summary link goes there."""
    cycle = EditedCycleFactory()  # filmed 14 days ago, clips chosen 12 days ago
    question = cycle.case.helping_questions.get()
    client.force_login(cycle.case.guider)
    held_on = timezone.localdate() - timedelta(days=13)

    response = client.post(
        reverse("cycles:review", args=[cycle.pk]),
        {
            "version": cycle.version,
            **_date_parts("held_on", held_on),
            "attendees": "Mum and the guider",
            f"rating_{question.pk}": "5",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "The shared review cannot be before the clips were chosen on" in html
    assert 'id="id_held_on_1_error"' in html  # the inline message under the date
    assert '<a href="#id_held_on_0">The shared review cannot be before' in html


@pytest.mark.parametrize("page", [_first_password_page, _reset_page, _change_page])
def test_a_short_password_is_refused_beside_the_new_password_not_its_confirmation(
    client, db, page
):
    """The length rule's error is under "New password" and its summary link goes there."""
    url, data = page(client)

    response = client.post(url, {**data, "new_password1": "short-1", "new_password2": "short-1"})

    html = response.content.decode()
    assert 'id="id_new_password1_1_error"' in html
    assert 'id="id_new_password2_1_error"' not in html
    assert '<a href="#id_new_password1">' in html
