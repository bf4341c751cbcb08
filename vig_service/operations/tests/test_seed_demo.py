"""The demo data command used by `make run`."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases.models import Case
from cycles.models import Rating
from diary.models import Appointment
from family.models import FeedbackAnswer
from referrals.models import Referral
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.core.models import ServiceConfiguration


def test_seed_demo_creates_six_role_accounts_once(db, settings, capsys):
    """Six accounts, one per role, with the default password; a second run changes nothing."""
    settings.DEBUG = True
    call_command("seed_demo")
    first = list(User.objects.order_by("pk").values_list("pk", "email", "password"))
    referrals = list(Referral.objects.order_by("pk").values_list("pk", "status", "updated_at"))
    call_command("seed_demo")
    assert list(User.objects.order_by("pk").values_list("pk", "email", "password")) == first
    assert list(Referral.objects.order_by("pk").values_list("pk", "status", "updated_at")) == (
        referrals
    )

    assert ServiceConfiguration.load().service_name == "Demo VIG Service"
    for role in Role:
        email = "admin@example.org" if role == Role.ADMINISTRATOR else f"{role.value}@example.org"
        user = User.objects.get(email=email)
        assert user.roles == {role}
        assert user.check_password("demo-pass-2026")
    assert "coordinator@example.org" in capsys.readouterr().out


def test_seed_demo_uses_demo_password_from_environment(db, settings, monkeypatch):
    """DEMO_PASSWORD replaces the default password."""
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "another-demo-password")
    call_command("seed_demo")
    assert User.objects.get(email="guider@example.org").check_password("another-demo-password")


def test_seed_demo_refuses_without_debug_unless_forced(db, settings):
    """Known passwords must not appear on a live system by accident."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("seed_demo")
    assert not User.objects.exists()
    call_command("seed_demo", "--force")
    assert User.objects.count() == 11


def test_seed_demo_spreads_referrals_over_statuses_tiers_and_six_months(db, settings):
    """About 40 referrals from several referrers, in several statuses and every tier."""
    settings.DEBUG = True
    call_command("seed_demo")
    referrals = Referral.objects.all()
    assert referrals.count() == 40
    assert set(referrals.values_list("status", flat=True)) == set(Referral.Status.values)
    allocated = referrals.filter(status="allocated")
    assert allocated.count() == Case.objects.count() > 0
    assert {1, 2, 3, 4, None} <= set(referrals.values_list("priority_tier", flat=True))
    assert referrals.values("referrer").distinct().count() == 4
    assert referrals.filter(eligible=False).exists()
    oldest = referrals.exclude(submitted_at=None).order_by("submitted_at").first().submitted_at
    assert (timezone.now() - oldest).days > 150


def test_seed_demo_gives_the_demo_guider_cases_at_every_stage(db, settings):
    """Allocated, contracting, active with cycles and ratings, extended, and closed."""
    settings.DEBUG = True
    call_command("seed_demo")
    cases = Case.objects.filter(guider__email="guider@example.org")
    assert set(cases.values_list("status", flat=True)) == set(Case.Status.values)
    extended = cases.filter(extensions__isnull=False).get()
    assert extended.cycles.count() == 7
    ratings = list(
        Rating.objects.filter(question__case=extended)
        .order_by("rated_on", "pk")
        .values_list("value", flat=True)
    )
    assert ratings[0] < ratings[-1]
    assert User.objects.get(email="guider@example.org").supervisor.email == (
        "supervisor@example.org"
    )


def test_the_demo_guider_has_a_realistic_fortnight_in_the_diary(db, settings):
    """Past held, one cancelled, one not attended, and planned work from today on."""
    settings.DEBUG = True
    call_command("seed_demo")
    guider = User.objects.get(email="guider@example.org")
    statuses = list(Appointment.objects.filter(staff=guider).values_list("status", flat=True))
    assert {"held", "cancelled", "did_not_attend", "planned"} <= set(statuses)
    assert statuses.count("cancelled") == 1
    assert Appointment.objects.filter(staff=guider, starts_at__gt=timezone.now()).count() >= 4
    call_command("seed_demo")  # a second run adds nothing
    assert Appointment.objects.filter(staff=guider).count() == len(statuses)


def test_the_demo_has_a_family_page_to_try_and_a_parents_feedback(db, settings, capsys, client):
    """The command prints a family page's address that opens with the child's date of birth."""
    settings.DEBUG = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("A family's own page"))
    address = line.split(": ", 1)[1].split(" (")[0]
    day, month, year = line.rsplit("date of birth ", 1)[1].rstrip(")").split()
    path = address.removeprefix("http://localhost:8000")
    response = client.post(
        path, {"date_of_birth_0": day, "date_of_birth_1": month, "date_of_birth_2": year}
    )
    assert response.status_code == 302
    assert "Your VIG page" in client.get(response.url).content.decode()
    assert FeedbackAnswer.objects.filter(sent_at__isnull=False).exists()
