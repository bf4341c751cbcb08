"""The Cases section of the Configuration page."""

from django.urls import reverse

from cases.models import CaseSettings, GuiderCapacity
from cases.tests.factories import GuiderCapacityFactory
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    GuiderFactory,
)
from vig_service.core.models import ConfigurationEvent

URL = reverse("cases:configuration")


def _form(client, **changes) -> dict:
    """The page's form as loaded, with some answers changed."""
    form = client.get(URL).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data.update(changes)
    return data


def test_administrator_sets_the_default_and_a_part_time_guiders_capacity(client, db):
    """Default 6 for everyone, 4 for one part-time guider; the change is recorded."""
    part_time = GuiderFactory(full_name="Gwen Pascoe")
    full_time = GuiderFactory()
    client.force_login(AdministratorFactory())

    page = client.get(URL).content.decode()
    assert "Capacity for Gwen Pascoe (leave blank for the default)" in page
    assert 'aria-current="page" href="/cases/configuration/"' in page

    data = _form(client, default_capacity="6", **{f"capacity_{part_time.pk}": "4"})
    response = client.post(URL, data, follow=True)

    assert "Case settings saved" in response.content.decode()
    assert CaseSettings.load().default_capacity == 6
    assert GuiderCapacity.objects.get().guider == part_time
    assert GuiderCapacity.objects.get().capacity == 4
    assert not GuiderCapacity.objects.filter(guider=full_time).exists()
    assert "Capacity for Gwen Pascoe" in ConfigurationEvent.objects.get().note


def test_blanking_a_guiders_capacity_returns_them_to_the_default(client, db):
    """An emptied box removes the guider's own number."""
    guider = GuiderCapacityFactory(capacity=4).guider
    client.force_login(AdministratorFactory())
    assert _form(client)[f"capacity_{guider.pk}"] == 4

    client.post(URL, _form(client, **{f"capacity_{guider.pk}": ""}))
    assert not GuiderCapacity.objects.exists()


def test_impossible_numbers_are_refused_in_plain_words(client, db):
    """Zero as the default, or a guider's number over 50, gets a message saying why."""
    guider = GuiderFactory(full_name="Gwen Pascoe")
    client.force_login(AdministratorFactory())
    data = _form(client, default_capacity="0", **{f"capacity_{guider.pk}": "60"})
    html = client.post(URL, data).content.decode()
    assert "Open cases per full-time guider must be 1 or more" in html
    assert "The capacity for Gwen Pascoe must be 50 or fewer" in html
    assert CaseSettings.load().default_capacity == 8
    assert not GuiderCapacity.objects.exists()

    html = client.post(URL, {**data, "default_capacity": "eight"}).content.decode()
    assert "Enter the number of open cases as a whole number, like 8" in html


def test_a_stale_form_is_refused_and_names_who_saved_since(client, db):
    """If another administrator saved since the page was opened, nothing is overwritten."""
    first, second = AdministratorFactory(full_name="Ada One"), AdministratorFactory()
    client.force_login(second)
    stale = _form(client, default_capacity="5")

    client.force_login(first)
    client.post(URL, _form(client, default_capacity="7"))

    client.force_login(second)
    response = client.post(URL, stale)
    assert "The configuration was changed by Ada One" in response.content.decode()
    assert CaseSettings.load().default_capacity == 7

    # Sending the re-shown form again, having reviewed it, saves it.
    resent = {**stale, "loaded_at": response.context["form"]["loaded_at"].value()}
    client.post(URL, resent)
    assert CaseSettings.load().default_capacity == 5


def test_case_settings_are_for_administrators_only(client, db):
    """Coordinators get 403 for both reading and saving."""
    client.force_login(CoordinatorFactory())
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"default_capacity": "1"}).status_code == 403
    assert CaseSettings.load().default_capacity == 8


def test_cases_is_a_section_of_the_configuration_page(client, db):
    """The Service and Referrals sections link to the Cases section."""
    client.force_login(AdministratorFactory())
    html = client.get(reverse("core:configuration")).content.decode()
    assert f'href="{URL}">Cases</a>' in html


def test_administrator_sets_limits_headings_and_principles(client, db):
    """The cycle and month limits, footage period, headings and principles are configurable."""
    client.force_login(AdministratorFactory())
    data = _form(
        client,
        cycle_limit="8",
        month_limit="9",
        footage_deletion_months="3",
        traject_headings="Play\nMealtimes\n\nPlay",
        principles="Being attentive\nGuiding",
    )
    response = client.post(URL, data, follow=True)
    assert "Case settings saved" in response.content.decode()
    settings = CaseSettings.load()
    assert (settings.cycle_limit, settings.month_limit, settings.footage_deletion_months) == (
        8,
        9,
        3,
    )
    assert settings.traject_headings == ["Play", "Mealtimes"]
    assert settings.principles == ["Being attentive", "Guiding"]


def test_limits_refuse_nonsense_with_clear_messages(client, db):
    """Zero cycles, a non-number and an empty list are refused; nothing changes."""
    client.force_login(AdministratorFactory())
    data = _form(client, cycle_limit="0", month_limit="six", principles="\n \n")
    html = client.post(URL, data).content.decode()
    assert "Cycles per family must be 1 or more" in html
    assert "Enter the months from the first filming as a whole number" in html
    assert "Enter at least one principle" in html
    assert CaseSettings.load().cycle_limit == 6
