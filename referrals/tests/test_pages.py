"""My referrals, the referral page with its timeline, duplicates, and the settings page."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from referrals import services
from referrals.models import PlanStatusRule, Referral, ReferralSettings
from referrals.tests.factories import (
    CompleteDraftFactory,
    DraftReferralFactory,
    HouseholdChildFactory,
    ParentCarerFactory,
    SubmittedReferralFactory,
)
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    GuiderFactory,
    ReferrerFactory,
    TeamFactory,
)
from vig_service.core.models import ConfigurationEvent


def test_my_referrals_lists_drafts_and_sent_referrals_with_initials_only(client, db):
    """The list shows reference, initials, age, date and status — never the full name."""
    referrer = ReferrerFactory()
    SubmittedReferralFactory(
        referrer=referrer, child_first_name="Poppy", child_last_name="Tremayne"
    )
    DraftReferralFactory(referrer=referrer)
    SubmittedReferralFactory(child_first_name="Someone", child_last_name="Else")
    client.force_login(referrer)
    html = client.get(reverse("referrals:list")).content.decode()
    assert ">PT<" in html
    assert "Poppy" not in html
    assert "Continue draft" in html
    assert "Submitted</strong>" in html
    assert "SE" not in html.split("<tbody")[1]


def test_my_referrals_query_count_does_not_grow(client, db):
    """The list costs the same number of queries for 2 or 20 referrals."""
    referrer = ReferrerFactory()
    client.force_login(referrer)
    SubmittedReferralFactory.create_batch(2, referrer=referrer)

    def count():
        with CaptureQueriesContext(connection) as context:
            client.get(reverse("referrals:list"))
        return len(context)

    count()  # creates the configuration rows on first use
    few = count()
    SubmittedReferralFactory.create_batch(18, referrer=referrer)
    assert count() == few


def test_referral_page_shows_answers_and_timeline(client, db):
    """The referrer sees every answer and when it was submitted."""
    referral = SubmittedReferralFactory(hoped_change="To play together again.")
    client.force_login(referral.referrer)
    html = client.get(referral.get_absolute_url()).content.decode()
    assert "To play together again." in html
    assert 'moj-timeline__title">Submitted' in html


def test_a_coordinator_sees_each_referrals_own_family_and_timeline_in_order(client, db):
    """The coordinator's page reads its referral, family and timeline by compiled queries:
    each referral shows its own people, in the order of their records, and nothing else's."""
    coordinator = CoordinatorFactory()
    first, second = SubmittedReferralFactory(), SubmittedReferralFactory()
    ParentCarerFactory(referral=first, name="Amira Shah")
    ParentCarerFactory(referral=first, name="Ben Shah")
    HouseholdChildFactory(referral=first, first_name="Zola", date_of_birth=date(2012, 1, 1))
    HouseholdChildFactory(referral=first, first_name="Yusuf", date_of_birth=date(2018, 1, 1))
    ParentCarerFactory(referral=second, name="Carys Jones")
    client.force_login(coordinator)

    html = client.get(first.get_absolute_url()).content.decode()
    other = client.get(second.get_absolute_url()).content.decode()

    assert html.index("Amira Shah") < html.index("Ben Shah")
    assert html.index("Zola") < html.index("Yusuf")
    assert "Carys Jones" not in html
    assert "Carys Jones" in other
    assert "Amira Shah" not in other
    assert 'moj-timeline__title">Submitted' in html
    missing = client.get(reverse("referrals:detail", args=[second.pk + 1000]))
    assert missing.status_code == 404


def test_referrer_answers_a_request_for_information_on_the_referral_page(client, db):
    """The coordinator's message shows; the answer returns the referral to the queue."""
    referral = SubmittedReferralFactory()
    services.referral_request_information(
        referral_id=referral.pk,
        by=CoordinatorFactory(),
        message="Is dad also taking part?",
        site_url="http://testserver/",
    )
    client.force_login(referral.referrer)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "The VIG team needs more information" in page
    assert "Is dad also taking part?" in page

    empty = client.post(referral.get_absolute_url(), {"answer": "", "version": 2})
    assert "Enter your answer" in empty.content.decode()

    response = client.post(
        referral.get_absolute_url(), {"answer": "Yes, both parents.", "version": 2}, follow=True
    )
    assert "Your answer has been sent to the VIG team" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED
    assert "Yes, both parents." in response.content.decode()


def test_answer_posted_when_none_was_asked_changes_nothing(client, db):
    """Posting an answer to a referral not waiting for one is refused with a message."""
    referral = SubmittedReferralFactory()
    client.force_login(referral.referrer)
    response = client.post(referral.get_absolute_url(), {"answer": "x", "version": 1}, follow=True)
    assert "not waiting for more information" in response.content.decode()
    assert referral.events.count() == 1


def test_guider_cannot_open_a_referral(client, db):
    """Guiders only see the cases allocated to them, not referrals."""
    referral = SubmittedReferralFactory()
    client.force_login(GuiderFactory())
    assert client.get(referral.get_absolute_url()).status_code == 404
    assert client.get(reverse("referrals:list")).status_code == 403
    assert client.get(reverse("referrals:start")).status_code == 403


def test_possible_duplicate_of_another_referrers_referral_is_not_revealed(client, db):
    """Another referrer's open referral for the same child is neither counted nor shown."""
    existing = SubmittedReferralFactory(
        child_nhs_number="9434765919", child_first_name="Zebedee", child_last_name="Quill"
    )
    draft = CompleteDraftFactory(child_nhs_number="9434765919")
    client.force_login(draft.referrer)
    html = client.get(reverse("referrals:eligibility", args=[draft.pk])).content.decode()
    assert "already" not in html
    assert existing.reference not in html
    assert "Zebedee" not in html
    assert "Quill" not in html


def test_own_earlier_referral_is_linked_as_a_duplicate(client, db):
    """A referrer's own open referral for the child is linked."""
    referrer = ReferrerFactory()
    dob = timezone.localdate().replace(year=2019)
    existing = SubmittedReferralFactory(
        referrer=referrer,
        child_first_name="Poppy",
        child_last_name="Tremayne",
        child_date_of_birth=dob,
    )
    draft = CompleteDraftFactory(
        referrer=referrer,
        child_first_name="poppy",
        child_last_name="TREMAYNE",
        child_date_of_birth=dob,
    )
    client.force_login(referrer)
    html = client.get(reverse("referrals:eligibility", args=[draft.pk])).content.decode()
    assert existing.reference in html


def test_redirect_message_is_shown_before_submitting(client, db):
    """A service that sends LAC children elsewhere says so on the eligibility page."""
    ReferralSettings.load()
    PlanStatusRule.objects.filter(plan_status="lac").update(
        redirect_message="Looked after children are referred to the NHS community service."
    )
    draft = CompleteDraftFactory(plan_status="lac")
    client.force_login(draft.referrer)
    html = client.get(reverse("referrals:eligibility", args=[draft.pk])).content.decode()
    assert "This referral does not meet the service's criteria" in html
    assert "Looked after children are referred to the NHS community service." in html
    assert "You can still submit this referral" in html


def _settings_form(client, **changes):
    form = client.get(reverse("referrals:configuration")).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list):
            data[name] = value
        elif value is not None:
            data[name] = "yes" if value is True else "no" if value is False else value
    data.update(changes)
    return data


def test_administrator_sets_a_cornwall_like_configuration(client, db):
    """Ages 0–25 and any plan status: a 20-year-old with no plan is then eligible."""
    client.force_login(AdministratorFactory())
    data = _settings_form(client, max_age_years="25", minimum_plan_status="none")
    response = client.post(reverse("referrals:configuration"), data, follow=True)
    assert "Referral settings saved" in response.content.decode()
    settings = ReferralSettings.load()
    assert (settings.min_age_years, settings.max_age_years) == (0, 25)
    assert "Oldest age accepted" in ConfigurationEvent.objects.get().note

    draft = CompleteDraftFactory(
        plan_status="none",
        child_date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 20),
    )
    assert services.eligibility_for(draft).eligible


def test_settings_refuse_an_upside_down_age_range(client, db):
    """Oldest below youngest is refused with a message; nothing changes."""
    client.force_login(AdministratorFactory())
    data = _settings_form(client, min_age_years="10", max_age_years="5")
    html = client.post(reverse("referrals:configuration"), data).content.decode()
    assert "The oldest age must be the same as or above the youngest" in html
    assert ReferralSettings.load().max_age_years == 11


def test_settings_change_tiers_and_redirects(client, db):
    """The tier table and redirect messages are edited on the same page."""
    client.force_login(AdministratorFactory())
    data = _settings_form(client, tier_cin="2", redirect_adopted="Adopted children go to the NHS.")
    client.post(reverse("referrals:configuration"), data)
    assert PlanStatusRule.objects.get(plan_status="cin").tier == 2
    assert PlanStatusRule.objects.get(plan_status="adopted").redirect_message == (
        "Adopted children go to the NHS."
    )


def test_referral_settings_are_for_administrators_only(client, db):
    """Coordinators get 403."""
    client.force_login(CoordinatorFactory())
    assert client.get(reverse("referrals:configuration")).status_code == 403


def test_referrer_withdraws_their_referral_with_a_reason(client, db):
    """The referrer can withdraw while it is undecided; the reason reaches the timeline."""
    referral = SubmittedReferralFactory()
    client.force_login(referral.referrer)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Withdraw this referral" in page
    url = reverse("referrals:withdraw", args=[referral.pk])
    empty = client.post(url, {"version": referral.version, "reason": ""})
    assert "Enter the reason" in empty.content.decode()
    client.post(url, {"version": referral.version, "reason": "Family moved to Devon."})
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
    assert referral.events.last().note == "Family moved to Devon."
    assert "Withdraw this referral" not in client.get(referral.get_absolute_url()).content.decode()


def test_another_referrer_cannot_withdraw(client, db):
    """Someone else's referral is not found."""
    referral = SubmittedReferralFactory()
    client.force_login(ReferrerFactory())
    url = reverse("referrals:withdraw", args=[referral.pk])
    assert client.post(url, {"version": 1, "reason": "x"}).status_code == 404


def test_a_queue_row_shows_its_cells_with_any_markup_in_names_escaped(client, db):
    """Each row is written in one pass (referrals_tags.queue_row): the reference links to the
    referral, waiting for the referrer is marked, and names are text, never markup."""
    team = TeamFactory(name="Leeds <b>North</b> & East")
    referrer = ReferrerFactory(full_name="<script>alert(1)</script> Jo", team=team)
    referral = SubmittedReferralFactory(
        referrer=referrer, team=team, status=Referral.Status.MORE_INFO_REQUESTED, priority_tier=2
    )
    client.force_login(CoordinatorFactory())
    html = client.get(reverse("referrals:queue") + "?status=more_info_requested").content.decode()
    row = html[html.index(f">{referral.reference}</a>") :].split("</tr>")[0]
    assert f'href="{reverse("referrals:detail", args=[referral.pk])}"' in html
    assert '<strong class="govuk-tag govuk-tag--orange">Waiting for referrer</strong>' in row
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Jo" in row
    assert "Leeds &lt;b&gt;North&lt;/b&gt; &amp; East" in row
    assert "<script>" not in html.split('<tbody class="govuk-table__body">')[1]
    cells = row.split('<td class="govuk-table__cell">')
    assert cells[1].startswith("2</td>")  # the tier
    assert cells[-1].endswith('--numeric">0</td>')  # submitted today: no days waiting yet
