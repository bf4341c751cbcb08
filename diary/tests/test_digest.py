"""The daily digest: who is e-mailed what, by reference only, once a day; footage if off."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import ClosedCaseFactory
from cycles.tests.factories import CaseExtensionFactory, FilmedCycleFactory
from diary import digest, tasks
from diary.reminder_services import digest_preference_set
from diary.reminders import DigestSent
from diary.tests.factories import FilmingAppointmentFactory
from referrals.configuration import ReferralSettings
from referrals.models import ParentCarer, Referral
from referrals.tests.factories import SubmittedReferralFactory
from training.tests.factories import SupervisionSessionFactory, TraineeFactory
from vig_service.accounts.tests.factories import (
    CoordinatorFactory,
    GuiderFactory,
    ReferrerFactory,
    UserFactory,
)
from vig_service.core.models import ServiceConfiguration

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 3, 9, 6, 30, tzinfo=LONDON)


@pytest.fixture
def monday():
    """The clock stands at 6.30am on Monday 9 March 2026, UK time."""
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def send(django_capture_on_commit_callbacks, mailoutbox):
    """Run the command as cron does, with the mail really sent; returns the outbox."""

    def run():
        Referral.objects.update(child_first_name=NAMES[0], child_last_name=NAMES[1])
        ParentCarer.objects.update(name=NAMES[2])
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", "--site-url", "https://vig.example.gov.uk/")
        return mailoutbox

    return run


def _mail_to(outbox, user):
    mails = [m for m in outbox if m.to == [user.email]]
    assert len(mails) <= 1, "one digest per person"
    return mails[0] if mails else None


# Names found nowhere else, given to every child and parent before each run.
NAMES = ("Zorielle", "Quillfeather", "Ottoline Brackenridge")


def _no_names(mail):
    text = mail.subject + mail.body
    for name in NAMES:
        assert name not in text


def test_guider_is_sent_tomorrows_filming_and_an_overdue_review_by_reference(db, monday, send):
    """One e-mail: tomorrow's filming and a review 4 weeks after filming, links, no names."""
    appointment = FilmingAppointmentFactory()
    guider = appointment.case.guider
    overdue = FilmedCycleFactory(
        case__guider=guider, filmed_on=timezone.localdate() - timedelta(days=28)
    )
    FilmedCycleFactory(case__guider=guider, filmed_on=timezone.localdate() - timedelta(days=21))

    mail = _mail_to(send(), guider)

    assert mail.subject == "Your day at VIG Service: 2 things to look at"
    assert "Your appointments tomorrow" in mail.body
    reference = appointment.case.referral.reference
    assert f"10:00 to 11:00: Filming, cycle 1 – {reference} (The family's home)" in mail.body
    assert "Shared reviews not held within 3 weeks of filming" in mail.body
    assert f"{overdue.case}, cycle 1: filmed on 9 February 2026" in mail.body
    assert f"https://vig.example.gov.uk/cycles/{overdue.pk}/" in mail.body
    # Tomorrow's filming leads to the appointment itself, where it can be moved or cancelled.
    assert f"https://vig.example.gov.uk{appointment.get_absolute_url()}" in mail.body
    assert "https://vig.example.gov.uk/reminders/" in mail.body
    # The review filmed exactly three weeks ago is not overdue yet.
    assert mail.body.count("filmed on") == 1
    _no_names(mail)


def test_running_twice_on_a_day_sends_nothing_twice_and_the_next_day_sends_again(db, monday, send):
    """A DigestSent row per person per day; time moved on a day, the digest comes again."""
    appointment = FilmingAppointmentFactory()
    FilmedCycleFactory(case=appointment.case, filmed_on=timezone.localdate() - timedelta(days=30))
    outbox = send()
    assert len(outbox) == 1
    assert len(send()) == 1
    assert DigestSent.objects.get().day == timezone.localdate()

    monday.shift(timedelta(days=1))
    outbox = send()

    assert len(outbox) == 2
    # Tuesday's digest: the filming is today now, the review still overdue.
    assert "Your appointments tomorrow" not in outbox[1].body
    assert "Shared reviews not held" in outbox[1].body
    assert DigestSent.objects.count() == 2


def test_the_database_refuses_a_second_digest_row_for_a_person_on_a_day(db):
    """The unique constraint stands behind the check, for two runs at the same moment."""
    user = UserFactory()
    DigestSent.objects.create(user=user, day=timezone.localdate())
    with pytest.raises(IntegrityError), transaction.atomic():
        DigestSent.objects.create(user=user, day=timezone.localdate())


def test_digest_off_still_sends_footage_deletions_and_nothing_else(db, monday, send):
    """Footage deletion is what families were promised: sent even with the digest off."""
    guider = GuiderFactory()
    FilmingAppointmentFactory(cycle__case__guider=guider)
    closed = ClosedCaseFactory(
        guider=guider,
        footage_location="Encrypted laptop",
        closed_on=timezone.localdate() - timedelta(days=6 * 30),
    )
    quiet = GuiderFactory()
    FilmingAppointmentFactory(cycle__case__guider=quiet)
    for person in (guider, quiet):
        digest_preference_set(user=person, daily_digest=False)

    outbox = send()

    mail = _mail_to(outbox, guider)
    assert mail.subject == "Footage due for deletion at VIG Service"
    assert f"{closed}: deleting the footage" in mail.body
    assert f"/cases/{closed.pk}/footage/" in mail.body
    assert "Your appointments tomorrow" not in mail.body
    assert _mail_to(outbox, quiet) is None
    assert DigestSent.objects.get().footage_only
    _no_names(mail)


def test_footage_is_listed_from_four_weeks_before_it_is_due(db, monday, send):
    """Two months to delete (the default): closed 20 days ago, not yet; 40 days ago, yes."""
    today = timezone.localdate()
    early = ClosedCaseFactory(footage_location="Laptop", closed_on=today - timedelta(days=20))
    soon = ClosedCaseFactory(footage_location="Laptop", closed_on=today - timedelta(days=40))
    late = ClosedCaseFactory(footage_location="Laptop", closed_on=today - timedelta(days=90))
    deleted = ClosedCaseFactory(
        footage_location="Laptop",
        closed_on=today - timedelta(days=300),
        footage_deleted_on=today - timedelta(days=10),
    )
    nothing_kept = ClosedCaseFactory(closed_on=today - timedelta(days=90))

    outbox = send()

    assert _mail_to(outbox, early.guider) is None
    assert _mail_to(outbox, deleted.guider) is None
    assert _mail_to(outbox, nothing_kept.guider) is None
    assert "deleting the footage is due by 28 March 2026" in _mail_to(outbox, soon.guider).body
    assert "deleting the footage was due by 9 February 2026" in _mail_to(outbox, late.guider).body


def test_coordinators_are_sent_referrals_waiting_past_the_configured_days(db, monday, send):
    """Waiting more than 21 days (the default), and accepted referrals without a guider."""
    coordinator, other = CoordinatorFactory(), CoordinatorFactory()
    old = SubmittedReferralFactory(submitted_at=timezone.now() - timedelta(days=25))
    recent = SubmittedReferralFactory(submitted_at=timezone.now() - timedelta(days=10))
    accepted = SubmittedReferralFactory(
        status=Referral.Status.ACCEPTED, accepted_at=timezone.now() - timedelta(days=3)
    )

    outbox = send()

    mail = _mail_to(outbox, coordinator)
    assert "Referrals waiting for a decision for more than 21 days" in mail.body
    assert f"{old.reference}: submitted on 12 February 2026" in mail.body
    assert recent.reference not in mail.body
    assert "Accepted referrals waiting for a guider" in mail.body
    assert f"{accepted.reference}: accepted on 6 March 2026" in mail.body
    assert f"/referrals/{accepted.pk}/" in mail.body
    assert _mail_to(outbox, other).body == mail.body.replace(
        coordinator.full_name, other.full_name
    )
    assert _mail_to(outbox, old.referrer) is None
    _no_names(mail)


def test_the_waiting_days_come_from_the_referral_settings(db, monday, send):
    """Set to 7 days, a referral waiting 10 days is listed."""
    settings = ReferralSettings.load()
    settings.waiting_reminder_days = 7
    settings.save()
    coordinator = CoordinatorFactory()
    recent = SubmittedReferralFactory(submitted_at=timezone.now() - timedelta(days=10))

    mail = _mail_to(send(), coordinator)

    assert "for more than 7 days" in mail.body
    assert recent.reference in mail.body


def test_a_long_waiting_list_names_twenty_and_links_to_the_rest(db, monday):
    """A coordinator's list stays short: twenty references and "and 5 more"."""
    CoordinatorFactory()
    SubmittedReferralFactory.create_batch(25, status=Referral.Status.ACCEPTED)
    (lines,) = digest.accepted_unallocated(today=timezone.localdate()).values()
    assert len(lines) == 21
    assert lines[-1] == digest.Line("and 5 more", reverse("referrals:waiting_list"))


def test_supervisors_are_sent_trainees_due_supervision(db, monday, send):
    """No session in six weeks (or none at all) is due; one a week ago is not."""
    due = TraineeFactory()
    SupervisionSessionFactory(
        trainee=due, held_on=timezone.localdate() - timedelta(weeks=7), supervisor=due.supervisor
    )
    never = TraineeFactory(supervisor=due.supervisor)
    fine = SupervisionSessionFactory().trainee

    outbox = send()

    mail = _mail_to(outbox, due.supervisor)
    assert "Supervision due" in mail.body
    assert f"{due.full_name} (stage 1): last supervision on 19 January 2026" in mail.body
    assert f"{never.full_name} (stage 1): no supervision recorded" in mail.body
    assert _mail_to(outbox, fine.supervisor) is None


def test_guider_is_sent_a_case_within_four_weeks_of_its_limit(db, monday, send):
    """An extension ending in 10 days puts the case in its guider's digest."""
    extension = CaseExtensionFactory(ends_on=timezone.localdate() + timedelta(days=10))
    case = extension.case

    mail = _mail_to(send(), case.guider)

    assert "Cases within 4 weeks of their limit" in mail.body
    assert f"{case}: the limit is reached on 19 March 2026" in mail.body
    _no_names(mail)


def test_nothing_to_say_and_deactivated_people_get_no_mail(db, monday, send):
    """An e-mail only when something concerns the person, and never to a closed account."""
    GuiderFactory()
    appointment = FilmingAppointmentFactory()
    appointment.case.guider.is_active = False
    appointment.case.guider.save()
    assert send() == []


def _world(size: int) -> None:
    """`size` of every kind of item, for every kind of person."""
    today = timezone.localdate()
    CoordinatorFactory()
    for _ in range(size):
        FilmingAppointmentFactory()
        FilmedCycleFactory(filmed_on=today - timedelta(days=30))
        ClosedCaseFactory(footage_location="Laptop", closed_on=today - timedelta(days=170))
        TraineeFactory()
        CaseExtensionFactory(ends_on=today + timedelta(days=5))
        SubmittedReferralFactory(submitted_at=timezone.now() - timedelta(days=30))
        SubmittedReferralFactory(status=Referral.Status.ACCEPTED)


def _queries(today) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        found = digest.digests(today=today)
    return len(queries), sum(d.items for d in found)


def test_collecting_the_digests_takes_the_same_queries_whatever_the_data_size(db, monday):
    """Each kind of item is one read (or two), at 2 and at 8 of each."""
    today = timezone.localdate()
    _world(2)
    digest.digests(today=today)  # the first run creates the settings rows
    small, small_items = _queries(today)
    _world(6)
    large, large_items = _queries(today)
    assert large_items > small_items
    assert small == large


def test_a_person_turns_their_digest_off_and_on_again(client, db):
    """The setting page says what changes; footage reminders are promised either way."""
    guider = GuiderFactory()
    client.force_login(guider)
    url = reverse("reminders:preference")

    page = client.get(url).content.decode()
    assert "E-mail me a daily digest" in page
    assert "Reminders to delete footage are sent even if you choose no" in page
    assert client.get(url).context["form"].initial["daily_digest"] is True

    response = client.post(url, {"daily_digest": "no"}, follow=True)
    assert "You will not get the daily digest" in response.content.decode()
    assert not digest.wants_digest(user=guider)
    assert client.get(url).context["form"].initial["daily_digest"] is False

    client.post(url, {"daily_digest": "yes"})
    assert digest.wants_digest(user=guider)


def test_the_digest_setting_asks_again_when_nothing_is_chosen(client, db):
    """No answer: the GOV.UK error, nothing saved."""
    client.force_login(GuiderFactory())
    page = client.post(reverse("reminders:preference"), {}).content.decode()
    assert "Select yes if you want a daily digest by e-mail" in page


def test_referrers_have_no_digest_setting(client, db):
    """Referrers are sent no digest, so the page is not theirs."""
    client.force_login(ReferrerFactory())
    assert client.get(reverse("reminders:preference")).status_code == 403


def test_the_task_sends_the_same_digests_once(db, monday, django_capture_on_commit_callbacks):
    """Enqueued by a scheduler instead of cron, it sends once a day too."""
    FilmingAppointmentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.send_reminders.enqueue(site_url="https://vig.example.gov.uk")
    with django_capture_on_commit_callbacks(execute=True):
        second = tasks.send_reminders.enqueue(site_url="https://vig.example.gov.uk")
    assert (first.return_value, second.return_value) == (1, 0)


def test_the_links_start_with_the_configured_address_when_none_is_given(
    db, monday, django_capture_on_commit_callbacks, mailoutbox
):
    """Cron can run the plain command once the Configuration page has the service's address."""
    appointment = FilmingAppointmentFactory()
    configuration = ServiceConfiguration.load()
    configuration.service_address = "https://vig.kernow.example"
    configuration.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    mail = _mail_to(mailoutbox, appointment.case.guider)
    assert f"https://vig.kernow.example{appointment.get_absolute_url()}" in mail.body


def test_without_an_address_the_command_says_where_to_set_one_and_sends_nothing(
    db, monday, mailoutbox
):
    """Links that lead nowhere would be worse than no mail; a later run sends the day's digest."""
    FilmingAppointmentFactory()
    with pytest.raises(CommandError, match="set it on the Configuration page"):
        call_command("send_reminders")
    assert (len(mailoutbox), DigestSent.objects.count()) == (0, 0)


def test_staff_find_the_digest_setting_from_every_page_and_referrers_do_not(client, db):
    """The header's "Reminder e-mails" link leads to the setting; a referrer has none."""
    client.force_login(GuiderFactory())
    home = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("reminders:preference")}">Reminder e-mails</a>' in home
    client.force_login(ReferrerFactory())
    assert "Reminder e-mails" not in client.get(reverse("core:home")).content.decode()
