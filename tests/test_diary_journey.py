"""A guider's week: plan a filming from the next action, see it in the diary and the feed,
mark it held and land in the filming form with the date filled in."""

import io
from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.tests.factories import HelpingQuestionFactory
from cycles.tests.factories import CycleFactory
from diary.models import Appointment
from diary.tests.factories import FilmingAppointmentFactory
from referrals.tests.factories import SubmittedReferralFactory
from tests.conftest import assert_accessible, sign_in
from training.tests.factories import CourseFactory, TraineeFactory
from vig_service.accounts.tests.factories import PASSWORD, CoordinatorFactory

pytestmark = pytest.mark.browser


def test_a_guider_plans_a_filming_sees_it_everywhere_and_records_it(page: Page):
    # Names no generated staff name can contain, so "never by name" cannot pass or fail by luck
    # (Faker once gave the guider the child's surname, and the greeting names the guider).
    cycle = CycleFactory(
        case__referral__child_first_name="Jowan", case__referral__child_last_name="Trevorrow"
    )
    case = cycle.case
    HelpingQuestionFactory(case=case)
    referral = case.referral
    day = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday() + 1)

    sign_in(page, case.guider.email, PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name=f"Film cycle {cycle.number}").click()
    expect(
        page.get_by_role("heading", name=f"Plan the filming for cycle {cycle.number}")
    ).to_be_visible()
    assert_accessible(page)
    group = page.get_by_role("group", name="Date")
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("9:30")
    page.get_by_role("button", name="Plan appointment").click()
    # The error links to its field, and what was typed is kept.
    page.get_by_role("link", name="The end time must be after the start time").click()
    expect(page.get_by_label("End time")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("End time").fill("10:45")
    page.get_by_role("button", name="Plan appointment").click()
    expect(page.get_by_text("Planned: Filming")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Back to my diary").click()
    page.get_by_role("link", name="Next week").click()
    expect(
        page.get_by_role("link", name=f"10:00–10:45 Filming, cycle {cycle.number}")
    ).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/diary/calendar/")
    page.get_by_role("button", name="Make my calendar address").click()
    assert_accessible(page)
    feed_url = page.get_by_label("Your calendar address").input_value()
    body = page.request.get(feed_url).body()
    for name in (referral.child_first_name, referral.child_last_name, case.guider.full_name):
        assert name.encode() not in body
    (event,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(event["summary"]) == f"Filming, cycle {cycle.number} – {referral.reference}"
    assert event.decoded("dtstart").hour == 10

    # The day comes: the filming took place an hour ago.
    appointment = Appointment.objects.get()
    started = timezone.now() - timedelta(hours=1)
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=started, ends_at=started + timedelta(minutes=30)
    )
    page.goto(f"/diary/appointments/{appointment.pk}/")
    page.get_by_role("button", name="Mark as held").click()
    expect(page.get_by_text("Now record what happened")).to_be_visible()
    group = page.get_by_role("group", name="Date filmed")
    local = timezone.localtime(started).date()
    expect(group.get_by_label("Day")).to_have_value(str(local.day))
    expect(group.get_by_label("Year")).to_have_value(str(local.year))
    assert_accessible(page)

    # The evening before the next visit: the digest names it, by reference, never by name.
    tomorrow = FilmingAppointmentFactory(cycle=cycle, case=case, staff=[case.guider])
    mail.outbox.clear()
    site = page.evaluate("location.origin")
    run = ("send_reminders", "--site-url", site)
    call_command(*run, stdout=io.StringIO())
    (digest,) = [message for message in mail.outbox if case.guider.email in message.to]
    assert f"10:00 to 11:00: Filming, cycle {cycle.number} – {referral.reference}" in digest.body
    for name in (referral.child_first_name, referral.child_last_name):
        assert name not in digest.body
    # Its link opens that appointment, where it can be moved or cancelled.
    link = site + tomorrow.get_absolute_url()
    assert link in digest.body
    page.goto(link)
    expect(page.get_by_role("link", name="Change", exact=True)).to_be_visible()
    call_command(*run, stdout=io.StringIO())  # a second run the same day: nothing
    assert [m for m in mail.outbox if case.guider.email in m.to] == [digest]

    # The coordinator's home page counts what waits for them: one accepted referral.
    coordinator = CoordinatorFactory()
    SubmittedReferralFactory(status="accepted", accepted_at=timezone.now())
    page.context.clear_cookies()
    sign_in(page, coordinator.email, PASSWORD)
    page.goto("/")
    line = page.get_by_role("listitem").filter(has_text="Accepted, waiting for a guider")
    expect(line.locator(".govuk-task-list__status")).to_have_text("1")
    assert_accessible(page)


def test_a_coordinator_sees_the_team_week_and_cancels_an_appointment_saying_why(page: Page):
    appointment = FilmingAppointmentFactory()
    coordinator = CoordinatorFactory()
    sign_in(page, coordinator.email, PASSWORD)
    page.goto("/")
    page.get_by_role("navigation", name="Primary navigation").get_by_role(
        "link", name="Team diary"
    ).click()
    assert_accessible(page)
    local = timezone.localtime(appointment.starts_at)
    if local.weekday() < 5:
        page.get_by_role("link", name=f"{local:%H:%M} Filming").click()
    else:
        page.goto(f"/diary/appointments/{appointment.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Cancel the appointment").click()
    page.get_by_role("button", name="Cancel the appointment").click()
    page.get_by_role("link", name="Say why").click()
    expect(page.get_by_label("Why?")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Why?").fill("Mum rang: the baby is unwell")
    page.get_by_role("button", name="Cancel the appointment").click()
    expect(page.get_by_text("Appointment cancelled", exact=True)).to_be_visible()
    expect(page.get_by_text("Mum rang: the baby is unwell")).to_be_visible()
    assert_accessible(page)
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"


def test_the_diary_prints_as_the_weeks_appointments_without_the_controls(page: Page):
    """A guider's paper copy: the appointments and tags, not buttons or each link's address."""
    appointment = FilmingAppointmentFactory()
    sign_in(page, appointment.case.guider.email, PASSWORD)
    page.goto("/diary/")
    link = page.get_by_role("link", name=appointment.title)
    expect(page.get_by_role("link", name="Next week")).to_be_visible()
    page.emulate_media(media="print")
    expect(link).to_be_visible()
    for control in ("Next week", "Add your diary to Outlook or your phone"):
        expect(page.get_by_role("link", name=control)).to_be_hidden()
    expect(page.get_by_role("link", name="Plan supervision or another appointment")).to_be_hidden()
    # GOV.UK Frontend prints a link's address after it; the diary's list keeps to the facts.
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert after in ("none", "normal")


def test_planning_a_course_day_and_a_supervision_pass_axe(page: Page):
    """The two planning pages reached from training, checked as a coordinator meets them."""
    course = CourseFactory()
    trainee = TraineeFactory()
    coordinator = CoordinatorFactory()
    sign_in(page, coordinator.email, PASSWORD)
    page.goto(course.get_absolute_url())
    page.get_by_role("link", name="Put in the diary (day 1)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Put day 1 in the diary")
    assert_accessible(page)
    page.get_by_role("button", name="Plan appointment").click()
    expect(page.get_by_role("link", name="Put in the diary (day 1)")).to_have_count(0)
    assert_accessible(page)
    page.goto(trainee.get_absolute_url())
    page.get_by_role("button", name="Plan a supervision session").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plan a supervision session")
    assert_accessible(page)


def test_the_other_diary_pages_pass_axe(page: Page):
    """Changing, not attended, planning one's own appointment, and the digest setting."""
    appointment = FilmingAppointmentFactory()
    started = timezone.now() - timedelta(hours=1)
    missed = FilmingAppointmentFactory(
        starts_at=started, ends_at=started + timedelta(minutes=30), case=appointment.case
    )
    sign_in(page, appointment.case.guider.email, PASSWORD)
    for path, heading in (
        (f"/diary/appointments/{appointment.pk}/change/", "Change Filming"),
        (f"/diary/appointments/{missed.pk}/not-attended/", "did not attend"),
        ("/diary/plan/", "Plan an appointment"),
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_accessible(page)
    page.get_by_role("link", name="Reminder e-mails").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Daily digest")
    assert_accessible(page)
    page.get_by_label("No").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("You will not get the daily digest")).to_be_visible()
    assert_accessible(page)
