"""Every timeline's database refuses an action its model does not name, so no raw string hides."""

import pytest
from django.db import IntegrityError, transaction

from cases.models import CaseEvent
from cases.tests.factories import CaseFactory
from referrals.models import ReferralEvent
from referrals.tests.factories import SubmittedReferralFactory
from training.models import TrainingEvent
from training.tests.factories import CourseFactory
from vig_service.accounts.models import UserEvent
from vig_service.accounts.tests.factories import UserFactory
from vig_service.core.models import ConfigurationEvent, ServiceConfiguration

TIMELINES = {
    "referral": (ReferralEvent, lambda: {"referral": SubmittedReferralFactory()}),
    "case": (CaseEvent, lambda: {"case": CaseFactory()}),
    "course": (TrainingEvent, lambda: {"course": CourseFactory()}),
    "account": (UserEvent, lambda: {"user": UserFactory()}),
    "configuration": (ConfigurationEvent, lambda: {"configuration": ServiceConfiguration.load()}),
}


@pytest.mark.parametrize("timeline", TIMELINES)
def test_the_database_refuses_an_action_the_model_does_not_name(db, timeline):
    """A misspelt action is refused when written, instead of showing as raw text on a page."""
    model, subject = TIMELINES[timeline]
    owner = subject()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(action="cycle_startd", **owner)


@pytest.mark.parametrize("timeline", TIMELINES)
def test_every_named_action_is_accepted(db, timeline):
    """The check names the model's own choices, so each of them can be written."""
    model, subject = TIMELINES[timeline]
    owner = subject()
    for action in model.Action.values:
        model.objects.create(action=action, **owner)
    assert model.objects.filter(**owner).count() >= len(model.Action.values)
