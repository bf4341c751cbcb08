"""The Django admin: every model with an event trail is view-only, even for a superuser, and an
admin page of a child's record is in the access audit."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from referrals.admin import ReferralAdmin
from referrals.tests.factories import SubmittedReferralFactory
from tests.security import checks
from training import services as training_services
from training.tests.factories import EnrolmentFactory, SupervisionSessionFactory, TraineeFactory
from vig_service.accounts.models import UserEvent
from vig_service.accounts.tests.factories import AdministratorFactory
from vig_service.audit.models import AccessEvent
from vig_service.core.models import ConfigurationEvent, Event, ServiceConfiguration


def _subjects(event_model) -> set:
    """The models an event (or change-history) row is about."""
    if issubclass(event_model, Event):
        # Every event names its actor: that is who acted, not what the event is about.
        fields = [f for f in event_model._meta.concrete_fields if f.name != "actor"]
    else:  # pghistory's snapshots copy a row's keys too: only pgh_obj names the record
        fields = [f for f in event_model._meta.concrete_fields if f.name == "pgh_obj"]
    return {f.related_model for f in fields if f.is_relation}


def evented_models() -> set:
    """Event models, the models they are about, and the records kept on those models'
    timelines (a trainee's sign-offs and supervision sessions, a course's enrolments)."""
    user = apps.get_model("accounts", "User")
    evented = set()
    for model in apps.get_models():
        if issubclass(model, Event):
            evented |= {model, *_subjects(model)}
        elif any(f.name == "pgh_obj" for f in model._meta.concrete_fields):
            evented |= _subjects(model)
    timelines = evented - {user}  # almost everything names a person; that is not a timeline
    for model in apps.get_models():
        if any(
            f.is_relation and f.many_to_one and f.related_model in timelines
            for f in model._meta.concrete_fields
        ):
            evented.add(model)
    return evented


def has_event_trail(model) -> bool:
    """Whether changing the model's rows without its service would leave its trail wrong."""
    return model in evented_models()


EVENTED = sorted(
    (model for model in admin.site._registry if has_event_trail(model)),
    key=lambda model: model._meta.label,
)


def test_the_trail_finder_finds_the_evented_models_in_the_admin():
    """The list below is not empty by accident: training and accounts models are on it."""
    labels = {model._meta.label for model in EVENTED}
    assert {
        "training.Trainee",
        "training.StageSignOff",
        "training.SupervisionSession",
        "accounts.User",
    } <= labels
    assert "accounts.Team" not in labels


@pytest.fixture
def records(db):
    """One row of every evented model in the admin (the training ones from its services)."""
    referral = SubmittedReferralFactory()
    trainee = TraineeFactory()
    EnrolmentFactory()
    SupervisionSessionFactory(trainee=trainee)
    training_services.stage_sign_off(
        trainee_id=trainee.pk, by=trainee.supervisor, reason="Ready early"
    )
    configuration = ServiceConfiguration.load()
    ConfigurationEvent.objects.create(configuration=configuration, action="changed")
    UserEvent.objects.create(user=referral.referrer, action=UserEvent.Action.INVITED)
    return AdministratorFactory()


@pytest.mark.parametrize("model", EVENTED, ids=lambda model: model._meta.label)
def test_an_evented_model_cannot_be_added_changed_or_deleted_in_the_admin(records, model):
    """A superuser may look, but every add, change and delete is refused and nothing changes."""
    superuser = records
    assert superuser.is_superuser
    client = checks.client_for(superuser)
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"no {model._meta.label} row to try"
    info = (model._meta.app_label, model._meta.model_name)
    before = model._default_manager.filter(pk=obj.pk).values().get()

    added = client.post(reverse("admin:{}_{}_add".format(*info)), {})
    changed = client.post(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]), {})
    deleted = client.post(
        reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]), {"post": "yes"}
    )

    assert added.status_code == 403
    assert changed.status_code == 403
    assert deleted.status_code == 403
    assert model._default_manager.filter(pk=obj.pk).values().get() == before
    ma = admin.site._registry[model]
    request = type("Request", (), {"user": superuser})()
    assert not ma.has_add_permission(request)
    assert not ma.has_change_permission(request, obj)
    assert not ma.has_delete_permission(request, obj)


def test_an_admin_page_of_a_childs_referral_is_in_the_access_audit(world, monkeypatch):
    """Were the admin to show a referral, opening it writes the same access row as its page."""
    monkeypatch.setattr(ReferralAdmin, "has_view_permission", lambda self, request, obj=None: True)
    administrator = world.users["administrator"]
    referral = world.a.submitted
    client = checks.client_for(administrator)

    response = client.get(reverse("admin:referrals_referral_change", args=[referral.pk]))

    assert response.status_code == 200
    row = AccessEvent.objects.get(user=administrator)
    assert (row.record_kind, row.record_id, row.referral_id) == (
        "referral",
        referral.pk,
        referral.pk,
    )
    assert row.action == "view"
