"""E-mails a trainee expects: a stage signed off by their supervisor, and accreditation."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from training import services
from training.configuration import TrainingSettings
from training.tests.factories import GuiderTraineeFactory, TraineeFactory
from vig_service.accounts.tests.factories import AdministratorFactory, CoordinatorFactory
from vig_service.core.tests.mail import SITE, link_path, sent_on_commit, sent_on_rollback

REASON = "Practice elsewhere agreed"


def _sign_off(trainee, **changes):
    return services.stage_sign_off(
        **{
            "trainee_id": trainee.pk,
            "by": trainee.supervisor,
            "reason": REASON,
            "site_url": SITE,
            **changes,
        }
    )


def _turn_off(*fields: str) -> None:
    settings = TrainingSettings.load()
    for field in fields:
        setattr(settings, field, False)
    settings.save()


def test_a_signed_off_stage_emails_the_trainee_a_link_to_their_tracker(client, configuration):
    """The trainee (a guider here) is told which stage, with a link they can open."""
    trainee = GuiderTraineeFactory()
    _sign_off(trainee)
    (message,) = mail.outbox
    assert message.to == [trainee.user.email]
    assert message.subject == "Stage 1 of your supervised practice has been signed off"
    assert "signed off stage 1" in message.body
    # The early sign-off's reason is for the record, not for the inbox.
    assert REASON not in message.body
    assert link_path(message) == reverse("training:trainee_detail", args=[trainee.pk])
    client.force_login(trainee.user)
    assert client.get(link_path(message)).status_code == 200


def test_the_last_stage_emails_the_trainee_that_they_are_accredited(configuration):
    """Signing off stage 3 sends one e-mail saying both."""
    trainee = GuiderTraineeFactory(stage=3)
    _sign_off(trainee)
    (message,) = mail.outbox
    assert message.subject == "You are accredited"
    assert "signed off stage 3" in message.body
    assert "you are now accredited" in message.body


def test_with_the_accreditation_email_off_the_last_stage_is_told_as_a_sign_off(configuration):
    """Each setting governs its own e-mail."""
    _turn_off("email_trainee_on_accreditation")
    _sign_off(GuiderTraineeFactory(stage=3))
    (message,) = mail.outbox
    assert message.subject == "Stage 3 of your supervised practice has been signed off"

    mail.outbox.clear()
    _turn_off("email_trainee_on_sign_off")
    _sign_off(GuiderTraineeFactory(stage=3))
    _sign_off(GuiderTraineeFactory(stage=1))
    assert mail.outbox == []


def test_with_the_sign_off_email_off_only_accreditation_is_told(configuration):
    """Sign-off e-mails off: stage 1 sends nothing, stage 3 still says accredited."""
    _turn_off("email_trainee_on_sign_off")
    _sign_off(GuiderTraineeFactory(stage=1))
    assert mail.outbox == []
    _sign_off(GuiderTraineeFactory(stage=3))
    (message,) = mail.outbox
    assert message.subject == "You are accredited"


def test_an_external_or_deactivated_trainee_gets_no_email(configuration):
    """A trainee who is not a user here, or whose account is off, has no link to follow."""
    _sign_off(TraineeFactory())
    trainee = GuiderTraineeFactory()
    trainee.user.is_active = False
    trainee.user.save()
    _sign_off(trainee)
    assert mail.outbox == []


def test_a_refused_sign_off_emails_nobody(configuration):
    """A coordinator cannot sign off, nor can anyone sign off early without a reason."""
    trainee = GuiderTraineeFactory()
    with pytest.raises(services.TrainingError):
        _sign_off(trainee, by=CoordinatorFactory())
    with pytest.raises(services.TrainingError):
        _sign_off(trainee, reason="")
    assert mail.outbox == []


def test_the_email_goes_only_once_the_sign_off_commits(configuration):
    """Inside the transaction nothing has gone; a rolled-back sign-off sends nothing."""
    assert len(sent_on_commit(lambda: _sign_off(GuiderTraineeFactory()))) == 1
    assert sent_on_rollback(lambda: _sign_off(GuiderTraineeFactory())) == []


def test_the_sign_off_page_emails_the_trainee(client, configuration):
    """The supervisor's Sign off page passes the service's address for the link."""
    trainee = GuiderTraineeFactory()
    client.force_login(trainee.supervisor)
    client.post(reverse("training:sign_off", args=[trainee.pk]), {"reason": REASON})
    (message,) = mail.outbox
    assert message.to == [trainee.user.email]
    assert link_path(message) == reverse("training:trainee_detail", args=[trainee.pk])


def test_the_training_tab_turns_each_email_off_with_a_checkbox(client, db):
    """Both boxes are ticked by default; saving them unticked turns the e-mails off."""
    client.force_login(AdministratorFactory())
    url = reverse("training:configuration")
    response = client.get(url)
    page = response.content.decode()
    assert "Email a trainee when their supervisor signs off one of their stages" in page
    assert "Email a trainee when they are accredited" in page
    for name in ("email_trainee_on_sign_off", "email_trainee_on_accreditation"):
        assert re.search(rf'type="checkbox" name="{name}"[^>]*checked', page)
    form = response.context["form"]
    data = {name: form[name].value() for name in form.fields if not name.startswith("email_")}
    assert client.post(url, data).status_code == 302
    settings = TrainingSettings.load()
    assert (settings.email_trainee_on_sign_off, settings.email_trainee_on_accreditation) == (
        False,
        False,
    )
