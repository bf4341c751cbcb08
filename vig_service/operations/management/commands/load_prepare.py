"""manage.py load_prepare: the accounts and open cases the load test (make load) signs in as.

For a throwaway load-test database only: it refuses to run unless EMBEDDED_DB_NAME or the
database name starts with `vig_load`.
"""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from cases.models import Case, Consent, HelpingQuestion
from referrals.models import Referral
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.accounts.services import user_set_roles

PASSWORD = "load-test-pass-2026"
ROLES = {
    "referrer": Role.REFERRER,
    "coordinator": Role.COORDINATOR,
    "guider": Role.GUIDER,
    "manager": Role.MANAGER,
}


class Command(BaseCommand):
    help = "Create load-test accounts (load.<role><n>@example.org) and active cases for guiders."

    def add_arguments(self, parser):
        parser.add_argument("--per-role", type=int, default=12)
        parser.add_argument("--cases-per-guider", type=int, default=40)

    @transaction.atomic
    def handle(self, *args, per_role, cases_per_guider, **options):
        if not connection.settings_dict["NAME"].startswith(("vig_load", "test_vig_load")):
            raise CommandError("load_prepare only runs on a load-test database (vig_load…)")
        people = {}
        # One hash for every account: the hasher is deliberately slow, and 60 accounts a role
        # (make load's 150 users, each its own person) would otherwise take a minute to make.
        password = make_password(PASSWORD)
        for name, role in ROLES.items():
            for n in range(per_role):
                user, created = User.objects.get_or_create(
                    email=f"load.{name}{n}@example.org",
                    defaults={"full_name": f"Load {name.capitalize()} {n}"},
                )
                if created:
                    user.password = password
                    user.save()
                    user_set_roles(user=user, roles=[role])
                people.setdefault(name, []).append(user)
        today = timezone.localdate()
        referrer = people["referrer"][0]
        made = 0
        for g, guider in enumerate(people["guider"]):
            if Case.objects.filter(guider=guider).exists():
                continue
            referrals = Referral.objects.bulk_create(
                Referral(
                    referrer=referrer,
                    status=Referral.Status.ALLOCATED,
                    reference=f"VIG-1999-{g:02d}{i:03d}",
                    submitted_at=timezone.now() - timedelta(days=90),
                    child_first_name="Load",
                    child_last_name=f"Family {g}-{i}",
                    child_date_of_birth=today - timedelta(days=1500 + i),
                    plan_status="cin",
                    hoped_change="Enjoy play together.",
                    child_impact="Feels understood.",
                    priority_tier=3,
                )
                for i in range(cases_per_guider)
            )
            cases = Case.objects.bulk_create(
                Case(
                    referral=referral,
                    guider=guider,
                    status=Case.Status.ACTIVE,
                    opened_on=today - timedelta(days=60),
                    contract_agreed_on=today - timedelta(days=50),
                )
                for referral in referrals
            )
            Consent.objects.bulk_create(
                Consent(
                    case=case,
                    kind=Consent.Kind.FILMING,
                    given_by="Parent",
                    given_on=today - timedelta(days=50),
                    recorded_by=guider,
                )
                for case in cases
            )
            HelpingQuestion.objects.bulk_create(
                HelpingQuestion(case=case, owner="parent", wording="Bedtime?", set_on=today)
                for case in cases
            )
            made += len(cases)
        self.stdout.write(
            f"{per_role} accounts per role (password {PASSWORD}); {made} active cases added"
        )
