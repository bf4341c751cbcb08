"""The settings section kit: one row, stale edits refused, only real changes saved and recorded."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from vig_service.accounts.tests.factories import AdministratorFactory
from vig_service.core.forms import ServiceConfigurationForm
from vig_service.core.models import ConfigurationEvent, ServiceConfiguration
from vig_service.core.services import StaleEditError, settings_section_update
from vig_service.core.views import settings_tab

LONG_AGO = datetime(2020, 1, 1, tzinfo=timezone.get_current_timezone()).isoformat()


def _update(section, **kwargs):
    kwargs.setdefault("loaded_at", section.updated_at.isoformat())
    kwargs.setdefault("by", AdministratorFactory())
    return settings_section_update(section, **kwargs)


def test_load_creates_the_one_row_the_first_time_only(db):
    """Loading twice gives the same row, and there is never a second."""
    first = ServiceConfiguration.load()
    second = ServiceConfiguration.load()
    assert first.pk == second.pk == 1
    assert ServiceConfiguration.objects.count() == 1


def test_a_stale_edit_is_refused_and_nothing_is_saved(db):
    """A form loaded before the last save raises StaleEditError naming who saved."""
    section = ServiceConfiguration.load()
    _update(section, changes={"service_name": "First"}, by=AdministratorFactory(full_name="Ada"))
    saved_at = ServiceConfiguration.load().updated_at

    with pytest.raises(StaleEditError, match="The configuration was changed by Ada") as stale:
        _update(section, loaded_at=LONG_AGO, changes={"service_name": "Second"})

    assert stale.value.changed_at == saved_at
    after = ServiceConfiguration.load()
    assert (after.service_name, after.updated_at) == ("First", saved_at)
    assert ConfigurationEvent.objects.count() == 1


def test_an_unchanged_submit_saves_nothing_and_records_nothing(db):
    """Sending the values already held leaves the row, its save time and the history alone."""
    section = ServiceConfiguration.load()
    before = section.updated_at
    _update(section, changes={"service_name": section.service_name}, rows=lambda row: [])
    assert ServiceConfiguration.load().updated_at == before
    assert not ConfigurationEvent.objects.exists()


def test_a_change_records_who_changed_which_field(db):
    """Only the fields whose value changed are saved and named in the history."""
    admin = AdministratorFactory()
    section = ServiceConfiguration.load()
    _update(
        section,
        changes={"service_name": "Kernow VIG", "contact_phone": section.contact_phone},
        by=admin,
    )
    event = ConfigurationEvent.objects.get()
    assert (event.actor, event.note) == (admin, "Changed: service name")
    assert ServiceConfiguration.load().service_name == "Kernow VIG"


def test_a_change_to_the_rows_beside_a_section_is_recorded_and_moves_its_save_time(db):
    """When only the rows beside it change, the section is still saved, so older forms fail."""
    section = ServiceConfiguration.load()
    before = section.updated_at
    _update(section, changes={}, rows=lambda row: ["Stage 1"])
    assert ServiceConfiguration.load().updated_at > before
    assert ConfigurationEvent.objects.get().note == "Changed: Stage 1"
    with pytest.raises(StaleEditError):
        _update(section, loaded_at=before.isoformat(), changes={"service_name": "Late"})


def test_an_invalid_value_is_refused_by_the_model_and_not_saved(db):
    """The changed row is validated before it is saved."""
    section = ServiceConfiguration.load()
    with pytest.raises(ValidationError):
        _update(section, changes={"contact_email": "not an address"})
    assert ServiceConfiguration.load().contact_email == ""
    assert not ConfigurationEvent.objects.exists()


def test_a_stale_form_shows_why_and_takes_the_new_save_time(db):
    """After a refusal the form says who saved, and its hidden loaded_at is the new save's."""
    section = ServiceConfiguration.load()
    loaded_at = section.updated_at.isoformat()
    _update(section, changes={"service_name": "First"})
    admin = AdministratorFactory()
    data = {"loaded_at": loaded_at, "service_name": "Second", "signup_domains": ""}
    request = RequestFactory().post("/configuration/", data)
    request.user = admin
    form = ServiceConfigurationForm(request.POST, section=ServiceConfiguration.load())

    response = settings_tab(request, form, template="core/configuration.html", saved="Saved")

    assert response.status_code == 200
    assert "The configuration was changed by" in form.non_field_errors()[0]
    assert form["loaded_at"].value() == ServiceConfiguration.load().updated_at.isoformat()
    assert ServiceConfiguration.load().service_name == "First"
