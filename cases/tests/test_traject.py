"""The traject plan: default headings, renaming and adding, revisions, and lost updates."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import CaseEvent, CaseSettings, TrajectRevision
from cases.tests.factories import ActiveCaseFactory, TrajectHeadingFactory
from vig_service.accounts.tests.factories import GuiderFactory, SupervisorFactory


def _save(heading, *, by, loaded_revision, **changes):
    data = {"title": heading.title, "changes_made": "", "changes_hoped_for": "", **changes}
    return services.traject_heading_save(
        heading_id=heading.pk, by=by, loaded_revision=loaded_revision, **data
    )


def test_the_first_visit_sets_up_the_services_default_headings_once(client, db):
    """The headings come from configuration, in order, and are created only once."""
    settings = CaseSettings.load()
    settings.traject_headings = ["Play", "Mealtimes", "School"]
    settings.save()
    case = ActiveCaseFactory()
    client.force_login(case.guider)
    url = reverse("cases:traject", args=[case.pk])

    assert "has not been started yet" in client.get(url).content.decode()
    assert not case.traject_headings.exists()  # looking changes nothing
    client.post(url)
    html = client.post(url, follow=True).content.decode()

    assert list(case.traject_headings.values_list("title", flat=True)) == [
        "Play",
        "Mealtimes",
        "School",
    ]
    assert html.index("Play") < html.index("Mealtimes") < html.index("School")
    assert case.events.filter(action=CaseEvent.Action.TRAJECT_STARTED).count() == 1


def test_the_default_headings_are_the_five_from_design(client, db):
    """Without changes to configuration: basic communication to neighbourhood."""
    case = ActiveCaseFactory()
    client.force_login(case.guider)
    client.post(reverse("cases:traject", args=[case.pk]))
    assert list(case.traject_headings.values_list("title", flat=True)) == [
        "Basic communication",
        "Daily life",
        "Development of the child",
        "Development of the parent",
        "Neighbourhood/community",
    ]


def test_a_supervisor_reading_the_plan_does_not_set_it_up(client, db):
    """Only someone working on the case starts the plan."""
    supervisor = SupervisorFactory()
    case = ActiveCaseFactory(guider=GuiderFactory(supervisor=supervisor))
    client.force_login(supervisor)
    url = reverse("cases:traject", args=[case.pk])
    html = client.get(url).content.decode()
    assert "has not been started yet" in html
    assert "Start the traject plan" not in html
    assert client.post(url).status_code == 403
    assert not case.traject_headings.exists()


def test_each_save_is_a_new_numbered_revision(client, db):
    """Saving twice gives revisions 1 and 2; the plan shows the latest text."""
    heading = TrajectHeadingFactory(title="Daily life")
    case, guider = heading.case, heading.case.guider
    client.force_login(guider)
    url = reverse("cases:traject_heading", args=[case.pk, heading.pk])
    client.post(
        url,
        {
            "revision": "0",
            "title": "Daily life",
            "changes_made": "Breakfast together",
            "changes_hoped_for": "Calmer mornings",
        },
    )
    client.post(
        url,
        {
            "revision": "1",
            "title": "Mornings",
            "changes_made": "Breakfast together, no phones",
            "changes_hoped_for": "Calmer mornings",
        },
    )

    revisions = list(heading.revisions.order_by("number"))
    assert [(r.number, r.title) for r in revisions] == [(1, "Daily life"), (2, "Mornings")]
    heading.refresh_from_db()
    assert heading.title == "Mornings"
    html = client.get(reverse("cases:traject", args=[case.pk])).content.decode()
    assert "Breakfast together, no phones" in html
    note = case.events.filter(action=CaseEvent.Action.TRAJECT_SAVED).last().note
    assert note == "Mornings: revision 2 (renamed from Daily life)"


def test_earlier_revisions_can_be_looked_back_at(client, db):
    """The history page lists every version, newest first, with who saved it."""
    heading = TrajectHeadingFactory()
    first = GuiderFactory(full_name="Gwen Pascoe")
    _save(heading, by=first, loaded_revision=0, changes_made="Version one text")
    _save(heading, by=heading.case.guider, loaded_revision=1, changes_made="Version two text")
    client.force_login(heading.case.guider)
    html = client.get(
        reverse("cases:traject_history", args=[heading.case.pk, heading.pk])
    ).content.decode()
    assert html.index("Version two text") < html.index("Version one text")
    assert "Version 2 (current)" in html
    assert "Gwen Pascoe" in html


def test_a_second_person_saving_a_heading_changed_since_they_opened_it_is_told(client, db):
    """Nothing is overwritten; the message names who and when; their text is kept."""
    heading = TrajectHeadingFactory()
    case = heading.case
    other = GuiderFactory(full_name="Jory Hicks")
    case.co_worker = other
    case.save()
    url = reverse("cases:traject_heading", args=[case.pk, heading.pk])

    client.force_login(case.guider)
    loaded = client.get(url).context["form"]["revision"].value()
    revision = _save(heading, by=other, loaded_revision=0, changes_made="Jory's words")
    at = timezone.localtime(revision.saved_at).strftime("%H:%M")

    mine = {
        "revision": loaded,
        "title": heading.title,
        "changes_made": "My own careful words",
        "changes_hoped_for": "",
    }
    response = client.post(url, mine)

    html = response.content.decode()
    assert (
        f"This heading was changed by Jory Hicks at {at}. Review it before you continue." in html
    )
    assert "My own careful words" in html
    assert "Jory&#x27;s words" in html
    assert list(heading.revisions.values_list("changes_made", flat=True)) == ["Jory's words"]

    # Having reviewed their version, sending the form again saves it as revision 2.
    client.post(url, {**mine, "revision": response.context["form"]["revision"].value()})
    assert heading.revisions.order_by("-number").first().changes_made == "My own careful words"
    assert heading.revisions.count() == 2


def test_the_service_refuses_a_stale_revision(db):
    """Whoever calls it, a save loaded at an old revision is refused."""
    heading = TrajectHeadingFactory()
    _save(heading, by=heading.case.guider, loaded_revision=0, changes_made="first")
    with pytest.raises(services.StaleTrajectHeading, match="This heading was changed by"):
        _save(heading, by=heading.case.guider, loaded_revision=0, changes_made="second")
    assert TrajectRevision.objects.filter(heading=heading).count() == 1


def test_the_family_can_add_their_own_heading(client, db):
    """A new heading goes after the others; a duplicate name is refused."""
    heading = TrajectHeadingFactory(title="Daily life", position=1)
    case = heading.case
    client.force_login(case.guider)
    url = reverse("cases:traject_heading_add", args=[case.pk])
    client.post(url, {"title": "Grandma's visits"})
    assert list(case.traject_headings.values_list("title", flat=True)) == [
        "Daily life",
        "Grandma's visits",
    ]
    html = client.post(url, {"title": "daily life"}).content.decode()
    assert "The traject plan already has a heading called “daily life”" in html
    assert case.traject_headings.count() == 2
    assert case.events.filter(action=CaseEvent.Action.TRAJECT_HEADING_ADDED).count() == 1


def test_a_heading_cannot_be_renamed_to_blank_or_to_another_headings_name(client, db):
    """The rename is refused and no revision is written."""
    heading = TrajectHeadingFactory(title="Daily life")
    TrajectHeadingFactory(case=heading.case, title="Play", position=2)
    client.force_login(heading.case.guider)
    url = reverse("cases:traject_heading", args=[heading.case.pk, heading.pk])
    html = client.post(url, {"revision": "0", "title": " "}).content.decode()
    assert "Enter the heading" in html
    html = client.post(url, {"revision": "0", "title": "Play"}).content.decode()
    assert "already has a heading called “Play”" in html
    assert not heading.revisions.exists()
