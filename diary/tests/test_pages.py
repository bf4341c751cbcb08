"""The diary's pages: planning from the next action, the diary, holding, the calendar feed."""

from datetime import timedelta

import icalendar
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import HelpingQuestionFactory
from cycles.tests.factories import CycleFactory
from diary import services
from diary.models import Appointment, CalendarFeed
from diary.tests.factories import FilmingAppointmentFactory
from training.tests.factories import CourseFactory, GuiderTraineeFactory, TraineeFactory
from vig_service.accounts.tests.factories import (
    CoordinatorFactory,
    GuiderFactory,
    SupervisorFactory,
)


def _next_week(hour: int):
    day = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday() + 1)  # Tuesday
    return day, timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour))


def _plan_form(day, staff, **overrides):
    return {
        "kind": "filming",
        "day_0": day.day,
        "day_1": day.month,
        "day_2": day.year,
        "starts": "10:00",
        "ends": "10:45",
        "place": "home",
        "staff": [user.pk for user in staff],
        **overrides,
    }


def test_the_next_action_plans_the_filming_and_the_diary_shows_it(client, db):
    """Film cycle N links to planning it; once planned it is in the guider's diary."""
    cycle = CycleFactory()
    case = cycle.case
    HelpingQuestionFactory(case=case)
    client.force_login(case.guider)
    overview = client.get(reverse("cases:overview", args=[case.pk])).content.decode()
    plan_url = reverse("diary:plan_filming", args=[case.pk])
    assert plan_url in overview
    page = client.get(plan_url).content.decode()
    assert f"Plan the filming for cycle {cycle.number}" in page
    day, _ = _next_week(10)
    response = client.post(plan_url, _plan_form(day, [case.guider]))
    appointment = Appointment.objects.get()
    assert response.url == appointment.get_absolute_url()
    assert (appointment.cycle, timezone.localtime(appointment.starts_at).hour) == (cycle, 10)
    diary = client.get(reverse("diary:mine") + f"?week={day.isoformat()}").content.decode()
    assert f"Filming, cycle {cycle.number}" in diary
    assert "10:00–10:45" in diary


def test_a_bad_time_is_refused_in_words_and_what_was_typed_stays(client, db):
    cycle = CycleFactory()
    client.force_login(cycle.case.guider)
    day, _ = _next_week(10)
    url = reverse("diary:plan_filming", args=[cycle.case.pk])
    page = client.post(url, _plan_form(day, [cycle.case.guider], ends="25:99")).content.decode()
    assert "Enter the end time as a 24-hour time, like 09:30 or 14:00" in page
    assert 'value="10:00"' in page
    page = client.post(url, _plan_form(day, [cycle.case.guider], ends="09:00")).content.decode()
    assert "The end time must be after the start time" in page
    assert not Appointment.objects.exists()


def test_a_clash_and_an_evening_time_are_warned_but_allowed(client, db):
    existing = FilmingAppointmentFactory()
    guider = existing.case.guider
    client.force_login(guider)
    cycle = CycleFactory(case=existing.case)
    local = timezone.localtime(existing.starts_at)
    form = _plan_form(local.date(), [guider], kind="shared_review")
    form.update(starts="10:30", ends="19:00")
    cycle.status = "filmed"
    cycle.filmed_on = timezone.localdate() - timedelta(days=2)
    cycle.save()
    page = client.post(reverse("diary:plan_review", args=[existing.case.pk]), form)
    assert Appointment.objects.count() == 2
    diary = client.get(reverse("diary:mine") + f"?week={local.date().isoformat()}")
    html = diary.content.decode()
    assert "Clashes with 1 other" in html
    assert "Outside working hours" in html
    assert page.status_code == 302


def test_marking_a_filming_held_opens_the_filming_form_with_the_date_filled_in(client, db):
    started = timezone.now() - timedelta(hours=1)
    appointment = FilmingAppointmentFactory(
        starts_at=started, ends_at=started + timedelta(minutes=30)
    )
    client.force_login(appointment.case.guider)
    response = client.post(
        reverse("diary:hold", args=[appointment.pk]), {"version": appointment.version}
    )
    assert response.url.startswith(reverse("cycles:filming", args=[appointment.cycle_id]))
    form = client.get(response.url).content.decode()
    day = timezone.localtime(appointment.starts_at).date()
    assert f'name="filmed_on_0" value="{day.day}"' in form
    assert f'name="filmed_on_1" value="{day.month}"' in form
    appointment.refresh_from_db()
    assert appointment.status == "held"


def test_the_feed_parses_back_with_uk_times_and_no_names(client, db):
    """Outlook or a phone reads the feed; it carries the reference, kind and place only."""
    appointment = FilmingAppointmentFactory()
    referral = appointment.case.referral
    feed = services.calendar_feed_renew(user=appointment.case.guider)
    client.logout()
    response = client.get(reverse("diary:feed", args=[feed.token]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    for name in (
        referral.child_first_name,
        referral.child_last_name,
        appointment.case.guider.full_name,
    ):
        assert name not in body
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert (
        str(event["summary"])
        == f"Filming, cycle {appointment.cycle.number} – {referral.reference}"
    )
    assert str(event["location"]) == "The family's home"
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/London"
    assert start == appointment.starts_at
    assert calendar.walk("VTIMEZONE")


def test_a_renewed_or_stopped_feed_address_is_a_404(client, db):
    guider = GuiderFactory()
    client.force_login(guider)
    client.post(reverse("diary:feed_renew"))
    old = CalendarFeed.objects.get(user=guider).token
    assert client.get(reverse("diary:feed", args=[old])).status_code == 200
    client.post(reverse("diary:feed_renew"))
    new = CalendarFeed.objects.get(user=guider).token
    assert client.get(reverse("diary:feed", args=[old])).status_code == 404
    client.post(reverse("diary:feed_revoke"))
    assert client.get(reverse("diary:feed", args=[new])).status_code == 404
    assert client.get(reverse("diary:feed", args=["guessed-token"])).status_code == 404


def test_my_diary_and_the_team_week_take_the_same_queries_whatever_the_numbers(client, db):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    FilmingAppointmentFactory(staff=[GuiderFactory(), coordinator])

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [reverse("diary:mine"), reverse("diary:team")]
    [count(url) for url in urls]  # the first visit also saves the session and configuration
    before = [count(url) for url in urls]
    for _ in range(6):
        FilmingAppointmentFactory(staff=[GuiderFactory(), coordinator])
    assert [count(url) for url in urls] == before


def test_another_guiders_appointment_is_a_404(client, db):
    appointment = FilmingAppointmentFactory()
    client.force_login(GuiderFactory())
    assert client.get(appointment.get_absolute_url()).status_code == 404


def test_the_guiders_home_page_lists_todays_appointments(client, db):
    """First thing in the morning: today's visits, each a link, and the rest of the week."""
    morning = timezone.make_aware(timezone.datetime(2026, 12, 2, 8, 30))  # a Wednesday
    with time_machine.travel(morning, tick=False):
        today = FilmingAppointmentFactory(
            starts_at=morning + timedelta(hours=2), ends_at=morning + timedelta(hours=3)
        )
        FilmingAppointmentFactory(
            cycle=CycleFactory(case=today.case),
            starts_at=morning + timedelta(days=1, hours=2),
            ends_at=morning + timedelta(days=1, hours=3),
            staff=[today.case.guider],
        )
        client.force_login(today.case.guider)
        page = client.get(reverse("core:home")).content.decode()
    assert f"10:30 {today.title}" in page
    assert today.get_absolute_url() in page
    assert "More appointments this week" in page


def test_a_change_or_hold_that_comes_back_without_its_version_saves_nothing(client, db):
    """A form kept from before, or tampered with, is refused in words rather than saved."""
    appointment = FilmingAppointmentFactory()
    client.force_login(appointment.case.guider)
    day = timezone.localtime(appointment.starts_at).date() + timedelta(days=1)
    page = client.post(
        reverse("diary:change", args=[appointment.pk]), _plan_form(day, [appointment.case.guider])
    )
    assert page.status_code == 200
    assert "This page was out of date and nothing was saved" in page.content.decode()
    started = timezone.now() - timedelta(hours=1)
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=started, ends_at=started + timedelta(minutes=30)
    )
    held = client.post(reverse("diary:hold", args=[appointment.pk]), {}, follow=True)
    assert "This page was out of date and nothing was saved" in held.content.decode()
    appointment.refresh_from_db()
    assert (appointment.status, appointment.version) == ("planned", 1)
    assert timezone.localtime(appointment.starts_at).date() != day


def test_a_second_coordinator_moving_the_same_appointment_is_told_it_changed(client, db):
    """Two people open the change page; the second save is refused and the first one stands."""
    appointment = FilmingAppointmentFactory()
    client.force_login(appointment.case.guider)
    url = reverse("diary:change", args=[appointment.pk])
    first = timezone.localtime(appointment.starts_at).date() + timedelta(days=1)
    second = first + timedelta(days=1)
    staff = [appointment.case.guider]
    assert client.post(url, _plan_form(first, staff, version=1)).status_code == 302
    page = client.post(url, _plan_form(second, staff, version=1))
    assert page.status_code == 200
    assert "changed by someone else since you opened it" in page.content.decode()
    appointment.refresh_from_db()
    assert timezone.localtime(appointment.starts_at).date() == first


def test_a_coordinator_puts_a_course_day_in_the_trainers_diaries(client, db):
    """From the course page: the day's date, the venue and the trainers are filled in."""
    trainer = GuiderFactory()
    course = CourseFactory()
    course.trainers.set([trainer])
    day = course.days.get(number=2)
    client.force_login(CoordinatorFactory())
    page = client.get(course.get_absolute_url()).content.decode()
    plan_url = reverse("diary:plan_course_day", args=[course.pk, 2])
    assert plan_url in page
    form = client.get(plan_url)
    assert f"Put day 2 in the diary: {course}" in form.content.decode()
    assert form.context["form"].initial["day"] == day.date
    assert form.context["form"].initial["place_detail"] == course.venue
    response = client.post(
        plan_url,
        _plan_form(
            day.date,
            [trainer],
            kind="course_day",
            starts="09:30",
            ends="16:00",
            place="other",
            place_detail=course.venue,
        ),
    )
    appointment = Appointment.objects.get()
    assert response.url == appointment.get_absolute_url()
    title = "Course day – Initial Training Course (two days)"
    assert (appointment.course, appointment.title) == (course, title)
    client.force_login(trainer)
    diary = client.get(reverse("diary:mine") + f"?week={day.date.isoformat()}").content.decode()
    assert title in diary
    # The trainer's feed says what the day is, never the venue (it may be an address).
    feed = services.calendar_feed_renew(user=trainer)
    body = client.get(reverse("diary:feed", args=[feed.token])).content.decode()
    assert title in body
    assert course.venue not in body


def test_a_course_day_for_a_day_the_course_does_not_have_is_a_404(client, db):
    course = CourseFactory()
    client.force_login(CoordinatorFactory())
    assert client.get(reverse("diary:plan_course_day", args=[course.pk, 3])).status_code == 404


def test_a_supervisor_plans_supervision_and_marking_it_held_opens_the_record_form(client, db):
    """Planned from the trainee's page into both diaries; once held, the session's date is in."""
    trainee = GuiderTraineeFactory()
    client.force_login(trainee.supervisor)
    plan_url = reverse("diary:plan_supervision", args=[trainee.pk])
    assert plan_url in client.get(trainee.get_absolute_url()).content.decode()
    form = client.get(plan_url)
    assert f"Plan a supervision session with {trainee.full_name}" in form.content.decode()
    assert form.context["form"].initial["staff"] == [trainee.supervisor_id, trainee.user_id]
    day, _ = _next_week(14)
    client.post(
        plan_url,
        _plan_form(day, [trainee.supervisor, trainee.user], kind="supervision", place="online"),
    )
    appointment = Appointment.objects.get()
    assert appointment.trainee == trainee
    client.force_login(trainee.user)
    mine = client.get(reverse("diary:mine") + f"?week={day.isoformat()}").content.decode()
    assert "Supervision" in mine

    client.force_login(trainee.supervisor)
    started = timezone.now() - timedelta(hours=2)
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=started, ends_at=started + timedelta(hours=1)
    )
    response = client.post(reverse("diary:hold", args=[appointment.pk]), {"version": 1})
    assert response.url.startswith(reverse("training:supervision_add", args=[trainee.pk]))
    record = client.get(response.url)
    assert record.context["form"].initial["held_on"] == timezone.localtime(started).date()


def test_only_the_trainees_supervisor_or_a_coordinator_plans_their_supervision(client, db):
    trainee = TraineeFactory()
    client.force_login(SupervisorFactory())
    assert client.get(reverse("diary:plan_supervision", args=[trainee.pk])).status_code == 404
