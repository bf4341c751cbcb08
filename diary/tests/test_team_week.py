"""The team's week and clash marking, as built for thousands of guiders at once."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from diary import selectors
from diary.models import Appointment
from diary.tests.factories import FilmingAppointmentFactory
from vig_service.accounts.tests.factories import (
    CoordinatorFactory,
    GuiderFactory,
    SupervisorFactory,
)

MONDAY = date(2026, 12, 7)


def _at(day: date, hour: int, minute: int = 0):
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour, minute))


def _filming(staff, day: date, start: tuple[int, int], end: tuple[int, int], **kwargs):
    return FilmingAppointmentFactory(
        staff=staff, starts_at=_at(day, *start), ends_at=_at(day, *end), **kwargs
    )


def test_clashes_are_found_for_each_shared_person_and_only_where_times_overlap(db):
    """A long visit clashes with the two it overlaps for its guider, not a cancelled one."""
    guider, other = GuiderFactory(), GuiderFactory()
    tuesday = MONDAY + timedelta(days=1)
    long = _filming([guider], tuesday, (9, 0), (13, 0))
    inside = _filming([guider], tuesday, (10, 0), (10, 30))
    late = _filming([guider, other], tuesday, (12, 30), (14, 0))
    after = _filming([guider], tuesday, (13, 0), (14, 30))  # starts as the long one ends
    _filming([other], tuesday, (9, 0), (10, 0))
    _filming([guider], tuesday, (9, 30), (10, 0), status=Appointment.Status.CANCELLED)
    days = selectors.days_of(
        people=[guider, other], start=MONDAY, days=5, viewer=CoordinatorFactory()
    )
    marked = {a.pk: [c.pk for c in a.clashes] for day in days for a in day.appointments}
    assert marked[long.pk] == [inside.pk, late.pk]
    assert marked[inside.pk] == [long.pk]
    assert marked[late.pk] == [long.pk, after.pk]
    assert marked[after.pk] == [late.pk]


def test_the_team_week_shows_each_guider_with_their_days_and_free_days(client, db):
    """Every active guider has a row; their appointment is on its day, the rest say Free."""
    coordinator = CoordinatorFactory()
    busy = GuiderFactory(full_name="Alys Busy")
    GuiderFactory(full_name="Bryn <Free>")
    GuiderFactory(full_name="Ceri Gone", is_active=False)
    wednesday = MONDAY + timedelta(days=2)
    visit = _filming([busy], wednesday, (10, 0), (11, 0))
    _filming([busy], wednesday, (10, 30), (11, 30))
    client.force_login(coordinator)
    page = client.get(reverse("diary:team") + f"?week={MONDAY.isoformat()}").content.decode()
    rows = {
        row.split("</th>")[0].rsplit(">", 1)[1]: row
        for row in page.split('<tr class="govuk-table__row">')[2:]
    }
    assert "Ceri Gone" not in rows
    cells = rows["Alys Busy"].split('<td class="govuk-table__cell">')[1:]
    assert [cell.count("Free") for cell in cells] == [1, 1, 0, 1, 1]
    assert f'href="{visit.get_absolute_url()}">10:00 Filming</a>' in cells[2]
    assert cells[2].count("Clash") == 2
    assert rows["Bryn &lt;Free&gt;"].count(">Free</span>") == 5


def test_the_team_week_comes_a_page_of_guiders_at_a_time_by_name(client, db, monkeypatch):
    """Thousands of guiders nationally: a page of them, with the way to the next and back,
    the week kept; a page that is not there (or not a number) shows the first."""
    monkeypatch.setattr(selectors, "GUIDERS_PER_PAGE", 2)
    for name in ("Cai", "Alaw", "Dewi", "Bethan", "Elin"):
        GuiderFactory(full_name=name)
    client.force_login(CoordinatorFactory())
    url = reverse("diary:team") + f"?week={MONDAY.isoformat()}"

    def names(address):
        page = client.get(address).content.decode()
        body = page.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
        return [row.split("</th>")[0].rsplit(">", 1)[1] for row in body.split("<tr")[1:]], page

    first, page = names(url)
    assert first == ["Alaw", "Bethan"]
    assert "Guiders 1 to 2 of 5, by name." in page
    assert f'href="?week={MONDAY.isoformat()}&amp;page=2" rel="next"' in page
    assert names(url + "&page=3")[0] == ["Elin"]
    assert 'rel="next"' not in names(url + "&page=3")[1]
    for odd in ("99", "0", "two", "١", "-1", "1" * 40):
        assert names(url + f"&page={odd}")[0] == ["Alaw", "Bethan"]


def test_the_diary_read_kept_per_set_of_roles_still_shows_each_viewer_only_their_own(db):
    """One compiled query per set of roles (diary.selectors._DAYS_OF), bound to each viewer:
    two guiders see their own filming and not the other's, a supervisor attending sees only
    that one, and a coordinator sees both."""
    first, second = GuiderFactory(), GuiderFactory()
    tuesday = MONDAY + timedelta(days=1)
    mine = _filming([first], tuesday, (9, 0), (10, 0))
    theirs = _filming([second], tuesday, (11, 0), (12, 0))
    supervisor = SupervisorFactory()
    theirs.staff.add(supervisor)
    everyone = [first, second, supervisor]

    def seen(viewer):
        days = selectors.days_of(people=everyone, start=MONDAY, days=5, viewer=viewer)
        return {a.pk for day in days for a in day.appointments}

    for _ in range(2):  # the second time from the kept queries
        assert seen(first) == {mine.pk}
        assert seen(second) == {theirs.pk}
        assert seen(supervisor) == {theirs.pk}
        assert seen(CoordinatorFactory()) == {mine.pk, theirs.pk}


def test_unrecorded_counts_only_the_persons_own_past_planned_appointments(db):
    """Held, cancelled, future and other people's appointments are not counted."""
    guider, other = GuiderFactory(), GuiderFactory()
    last_week = timezone.localdate() - timedelta(days=7)
    for start, status in (((9, 0), None), ((11, 0), None), ((13, 0), Appointment.Status.HELD)):
        extra = {"status": status} if status else {}
        _filming([guider], last_week, start, (start[0] + 1, 0), **extra)
    _filming([other], last_week, (9, 0), (10, 0))
    _filming([guider], timezone.localdate() + timedelta(days=2), (9, 0), (10, 0))
    now = timezone.now()
    assert selectors.unrecorded(user=guider, before=now) == 2
    assert selectors.unrecorded(user=other, before=now) == 1
    assert selectors.unrecorded(user=GuiderFactory(), before=now) == 0
    assert selectors.unrecorded(user=guider, before=now - timedelta(days=30)) == 0
