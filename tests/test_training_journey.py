"""Training in the browser: a course's places, waiting list and register; a supervisor's view."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Case
from cycles import services as cycle_services
from tests.conftest import assert_accessible, fill_date, sign_in
from training.models import Trainee
from training.tests.factories import TraineeFactory
from vig_service.accounts.models import User

pytestmark = pytest.mark.browser


def _nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Primary navigation").get_by_role(
        "link", name=name
    ).click()
    assert_accessible(page)


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def _enrol(page: Page, name: str) -> None:
    page.get_by_role("button", name="Enrol someone").click()
    assert_accessible(page)
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address").fill(name.split()[0].lower() + "@example.org")
    page.get_by_label("Profession").fill("Health visitor")
    page.get_by_label("Organisation").fill("Cornwall Partnership NHS Foundation Trust")
    page.get_by_role("button", name="Enrol").click()
    assert_accessible(page)


def _next_shared_review(guider: User) -> None:
    """The guider's next cycle on their open case, as they record it on the cycle pages."""
    case = Case.objects.filter(guider=guider, status=Case.Status.ACTIVE).order_by("-pk").first()
    today = timezone.localdate()
    cycle = cycle_services.cycle_start(case_id=case.pk, by=guider)
    cycle_services.cycle_record_filming(
        cycle_id=cycle.pk,
        by=guider,
        filmed_on=today,
        setting="Mealtime",
        who_was_filmed="Parent and child",
        minutes=10,
    )
    cycle_services.clip_add(
        cycle_id=cycle.pk,
        by=guider,
        timestamp="01:30",
        description="Parent waits for the child's lead.",
        principles=["Being attentive"],
    )
    cycle_services.cycle_mark_edited(cycle_id=cycle.pk, by=guider, edited_on=today)
    cycle_services.shared_review_record(
        cycle_id=cycle.pk,
        by=guider,
        held_on=today,
        attendees="Parent and guider",
        professional_consent_ids=[],
        ratings={q.pk: 7 for q in case.helping_questions.all()},
    )


def test_a_course_fills_its_waiting_list_moves_up_and_a_supervisor_sees_progress(page, demo_data):
    """Capacity 2, three enrolled (third waits), one withdraws (third moves up), attendance;
    then the supervisor records supervision and sees the guider's next review counted."""
    today = timezone.localdate()
    sign_in(page, "coordinator@example.org")
    _nav(page, "Courses")
    expect(page.get_by_role("table", name="Coming courses")).to_contain_text("Waiting")
    page.get_by_role("button", name="Plan a course").click()
    assert_accessible(page)
    page.get_by_label("Initial Training Course (two days)").check()
    page.get_by_label("Venue").fill("Redruth Family Hub")
    page.get_by_label("Places").fill("2")
    # Day 2 before day 1 is refused, with the error on day 2.
    fill_date(page, "Day 1", today)
    fill_date(page, "Day 2 (optional for a one-day course)", today - timedelta(days=2))
    page.get_by_role("button", name="Create course").click()
    expect(page.get_by_role("alert")).to_contain_text("Day 2 must be after day 1")
    assert_accessible(page)
    fill_date(page, "Day 1", today - timedelta(days=1))
    fill_date(page, "Day 2 (optional for a one-day course)", today)
    page.get_by_label("Sita Supervisor").check()
    page.get_by_role("button", name="Create course").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Initial Training Course (two days)")
    assert_accessible(page)

    page.get_by_role("button", name="Open for enrolment").click()
    expect(page.get_by_text("The course is now open for enrolment")).to_be_visible()
    _enrol(page, "Anna Angove")
    _enrol(page, "Ben Bolitho")
    _enrol(page, "Cara Carne")
    expect(page.get_by_text("The course is full. Cara Carne is number 1 on the waiting list"))
    waiting = page.get_by_role("table", name="1 waiting, first in line first")
    expect(waiting).to_contain_text("Cara Carne")
    expect(page.locator("#places")).to_have_text("2 of 2 taken, 1 waiting")

    page.get_by_role("link", name="Withdraw Anna Angove").click()
    assert_accessible(page)
    page.get_by_label("Reason (optional)").fill("Cannot be released from clinic that week")
    page.get_by_role("button", name="Withdraw").click()
    expect(
        page.get_by_text("Anna Angove has withdrawn. Moved up from the waiting list: Cara Carne")
    ).to_be_visible()
    expect(page.locator("#moved-up")).to_contain_text("Cara Carne")
    expect(page.get_by_text("Nobody is waiting.")).to_be_visible()
    participants = page.locator("#participants")
    expect(participants).to_contain_text("Cara Carne")
    expect(participants).not_to_contain_text("Anna Angove")
    assert_accessible(page)

    page.get_by_role("link", name="Record attendance for day 1").click()
    assert_accessible(page)
    page.get_by_label("Cara Carne, Cornwall Partnership NHS Foundation Trust").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved for day 1: 1 of 2 attended")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Ben Bolitho")
    expect(row).to_contain_text("Absent")
    expect(row).to_contain_text("missed a day")
    row.get_by_role("link", name="Record make-up").click()
    assert_accessible(page)
    fill_date(page, "Date made up", today)
    page.get_by_role("button", name="Save make-up").click()
    expect(page.get_by_role("row").filter(has_text="Ben Bolitho")).to_contain_text("Made up on")
    assert_accessible(page)
    _sign_out(page)

    # The demo supervisor records supervision with the demo guider, a stage 2 trainee.
    guider = User.objects.get(email="guider@example.org")
    trainee = Trainee.objects.get(user=guider)
    sign_in(page, "supervisor@example.org")
    _nav(page, "My supervisees")
    row = page.get_by_role("row").filter(has_text=guider.full_name)
    expect(row).to_contain_text("Stage 2")
    cycles_before = row.locator(f"#bar-{trainee.pk}-cycles").inner_text()
    before = int(cycles_before.split(": ")[1].split(" of ")[0])
    row.get_by_role("link", name=f"Record a session with {guider.full_name}").click()
    assert_accessible(page)
    fill_date(page, "Date", today)
    page.get_by_label("Length in minutes").fill("0")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("alert")).to_contain_text("more than 0 minutes")
    page.get_by_label("Length in minutes").fill("60")
    page.get_by_label("Notes (optional)").fill(
        "Looked at choosing clips of the parent's strengths."
    )
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Supervision session of 60 minutes saved")).to_be_visible()
    expect(page.locator("#sessions")).to_contain_text("Looked at choosing clips")
    assert_accessible(page)

    # The guider records their next shared review; the supervisor sees it counted.
    _next_shared_review(guider)
    _nav(page, "My supervisees")
    row = page.get_by_role("row").filter(has_text=guider.full_name)
    expect(row.locator(f"#bar-{trainee.pk}-cycles")).to_contain_text(f"{before + 1} of 9")
    row.get_by_role("link", name=guider.full_name, exact=True).click()
    expect(page.locator("#stage-progress")).to_contain_text(f"Cycles: {before + 1} of 9")
    page.get_by_role("button", name="Sign off stage 2").click()
    assert_accessible(page)
    page.get_by_role("button", name="Sign off stage 2").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the reason for signing it off early")
    assert_accessible(page)


def test_the_other_training_pages_are_accessible(page, demo_data):
    """Trainee list and form, an external trainee's numbers, a manager's course page, settings."""
    sign_in(page, "coordinator@example.org")
    _nav(page, "Trainees")
    expect(page.get_by_role("table", name="5 trainees")).to_contain_text("Accredited")
    page.get_by_role("button", name="Add a trainee").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add trainee").click()
    expect(page.get_by_role("alert")).to_contain_text("Select the personal supervisor")
    assert_accessible(page)
    page.get_by_label("Full name (if not a guider here)").fill("Nessa Tremayne")
    page.get_by_label("Email address (if not a guider here)").fill("nessa@example.org")
    page.get_by_label("Personal supervisor").select_option(label="Sita Supervisor")
    page.get_by_label("Stage 1").check()
    fill_date(page, "Date the stage started", timezone.localdate())
    page.get_by_role("button", name="Add trainee").click()
    expect(page.get_by_text("Nessa Tremayne added as a trainee")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Enter cycles and clients").click()
    assert_accessible(page)
    page.get_by_label("Cycles this stage").fill("2")
    page.get_by_label("Clients this stage").fill("1")
    page.get_by_role("button", name="Save numbers").click()
    expect(page.locator("#stage-progress")).to_contain_text("Cycles: 2 of 6")
    _nav(page, "Courses")
    page.get_by_role("link", name="Refresher").click()
    page.get_by_role("button", name="Change the course").click()
    assert_accessible(page)
    _sign_out(page)

    sign_in(page, "manager@example.org")
    _nav(page, "Courses")
    page.get_by_role("link", name="Whole-team initial training").click()
    expect(page.get_by_role("button", name="Enrol someone")).to_have_count(0)
    assert_accessible(page)
    _sign_out(page)

    # A supervisor who is not theirs gets "not found" for another supervisor's trainee.
    stranger = TraineeFactory()
    sign_in(page, "supervisor@example.org")
    page.goto(f"/training/trainees/{stranger.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("not found")
    _sign_out(page)

    sign_in(page, "guider@example.org")
    _nav(page, "My training")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gus Guider")
    expect(page.locator("#stage-progress")).to_contain_text("Cycles")
    _sign_out(page)

    sign_in(page, "gary.guider@example.org")
    _nav(page, "My training")
    expect(page.get_by_text("You do not have a trainee record")).to_be_visible()
    _sign_out(page)

    sign_in(page, "admin@example.org")
    _nav(page, "Configuration")
    page.get_by_role("navigation", name="Configuration sections").get_by_role(
        "link", name="Training"
    ).click()
    assert_accessible(page)
    page.get_by_label("Places on a course").fill("14")
    page.get_by_role("button", name="Save training settings").click()
    expect(page.get_by_text("Training settings saved")).to_be_visible()
