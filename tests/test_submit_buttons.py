"""Every form's submit buttons ignore a second click (the GOV.UK form base's submit_button)."""

import pytest
from crispy_forms.utils import render_crispy_form

from cases.forms import ContactForm, TrajectHeadingAddForm
from referrals.forms import ChildForm, InformationForm
from referrals.models import Referral
from vig_service.accounts.forms import LoginForm
from vig_service.reports.forms import DateRangeForm


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make",
    [
        lambda: InformationForm(),
        lambda: ContactForm(),
        lambda: TrajectHeadingAddForm(),
        lambda: LoginForm(),
        lambda: DateRangeForm(),
        lambda: ChildForm(referral=Referral()),
    ],
)
def test_every_rendered_submit_button_prevents_a_double_click(make):
    """Each button the forms' layouts render ignores a second click."""
    html = render_crispy_form(make())
    buttons = html.count("<button")
    assert buttons >= 1
    assert html.count('data-prevent-double-click="true"') == buttons
