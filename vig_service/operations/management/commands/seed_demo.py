"""Create the demo service: configuration, one account per role and each app's demo data.

It sits in `operations`, the top layer, because it calls every app's `demo.py`
(docs/architecture.md, "Apps and layers"). Safe to run twice.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from cases.demo import seed_case_openings
from cycles.demo import seed_interventions
from diary.demo import seed_week
from documents.demo import seed_letters
from family.demo import seed_family
from referrals.demo import seed_referrals
from training.demo import seed_training
from vig_service.accounts.models import Profession, User
from vig_service.accounts.roles import Role
from vig_service.accounts.services import team_for_name, user_set_roles
from vig_service.core.models import ServiceConfiguration

DEFAULT_PASSWORD = "demo-pass-2026"
QUIET_EMAIL = "django.core.mail.backends.dummy.EmailBackend"

# Further referrers, so the demo queue has several teams and professions in it.
MORE_REFERRERS = [
    (
        "social.worker@example.org",
        "Sol Worker",
        Profession.SOCIAL_WORKER,
        "Truro Children's Social Care",
    ),
    ("family.worker@example.org", "Fran Family", Profession.FAMILY_WORKER, "Camborne Family Hub"),
    ("psychologist@example.org", "Pat Psychologist", Profession.PSYCHOLOGIST, "CAMHS West"),
]

# Further guiders, so allocations spread out and the capacity table means something.
MORE_GUIDERS = [
    ("gwen.guider@example.org", "Gwen Guider", Profession.VIG_PRACTITIONER, "VIG Team"),
    ("gary.guider@example.org", "Gary Guider", Profession.VIG_PRACTITIONER, "VIG Team"),
]

DEMO_ACCOUNTS = [
    # email, full name, role, profession, team
    (
        "referrer@example.org",
        "Rita Referrer",
        Role.REFERRER,
        Profession.HEALTH_VISITOR,
        "Riverside Health Visiting Team",
    ),
    (
        "coordinator@example.org",
        "Cora Coordinator",
        Role.COORDINATOR,
        Profession.VIG_PRACTITIONER,
        "VIG Team",
    ),
    ("guider@example.org", "Gus Guider", Role.GUIDER, Profession.VIG_PRACTITIONER, "VIG Team"),
    (
        "supervisor@example.org",
        "Sita Supervisor",
        Role.SUPERVISOR,
        Profession.VIG_PRACTITIONER,
        "VIG Team",
    ),
    ("manager@example.org", "Mo Manager", Role.MANAGER, Profession.MANAGER, "VIG Team"),
    ("admin@example.org", "Ada Administrator", Role.ADMINISTRATOR, Profession.OTHER, "VIG Team"),
]


class Command(BaseCommand):
    help = "Create demo data: the 'Demo VIG Service' configuration and six demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (never on live data).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a known password, so it only runs with "
                "DEBUG on. Use --force if you really mean to run it here."
            )
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        # Demo history is made through the real services; nobody should be e-mailed about it.
        with override_settings(EMAIL_BACKEND=QUIET_EMAIL), transaction.atomic():
            self._configuration()
            created = [self._account(*row, password=password) for row in DEMO_ACCOUNTS]
            created += [
                self._account(email, name, Role.REFERRER, profession, team, password=password)
                for email, name, profession, team in MORE_REFERRERS
            ]
            created += [
                self._account(email, name, Role.GUIDER, profession, team, password=password)
                for email, name, profession, team in MORE_GUIDERS
            ]
            # The demo supervisor supervises the demo guider, so they can see the guider's cases.
            User.objects.filter(email="guider@example.org", supervisor=None).update(
                supervisor=User.objects.get(email="supervisor@example.org")
            )
            referrers = list(
                User.objects.filter(
                    email__in=["referrer@example.org", *(row[0] for row in MORE_REFERRERS)]
                ).order_by("pk")
            )
            made = seed_referrals(
                referrers=referrers,
                coordinator=User.objects.get(email="coordinator@example.org"),
                guiders=list(
                    User.objects.filter(
                        email__in=["guider@example.org", *(row[0] for row in MORE_GUIDERS)]
                    ).order_by("pk")
                ),
            )
            if made:
                seed_case_openings(referrers=referrers)
            created.append(bool(made))
            created.append(
                bool(
                    seed_interventions(
                        guider=User.objects.get(email="guider@example.org"),
                        manager=User.objects.get(email="manager@example.org"),
                        supervisor=User.objects.get(email="supervisor@example.org"),
                    )
                )
            )
            # The demo guider is also a stage 2 trainee supervised by the demo supervisor.
            created.append(
                bool(
                    seed_training(
                        coordinator=User.objects.get(email="coordinator@example.org"),
                        supervisor=User.objects.get(email="supervisor@example.org"),
                        guiders=[
                            User.objects.get(email="guider@example.org"),
                            *User.objects.filter(email="gwen.guider@example.org"),
                        ],
                    )
                )
            )
            # A fortnight in the demo guider's diary: past, today and planned.
            created.append(
                bool(
                    seed_week(
                        guider=User.objects.get(email="guider@example.org"),
                        supervisor=User.objects.get(email="supervisor@example.org"),
                    )
                )
            )
            # The written contract of one of the guider's cases, in its Documents tab.
            created.append(bool(seed_letters(guider=User.objects.get(email="guider@example.org"))))
            # A parent's feedback and PRFQ at closure; a family page link to try.
            family_page = seed_family(guider=User.objects.get(email="guider@example.org"))
            created.append(bool(family_page))
        self._print_accounts(password, any(created))
        if family_page:
            self.stdout.write(f"A family's own page to try: {family_page}")

    def _configuration(self):
        configuration = ServiceConfiguration.load()
        if (
            configuration.service_name
            == ServiceConfiguration._meta.get_field("service_name").default
        ):
            configuration.service_name = "Demo VIG Service"
            configuration.contact_email = "vig-team@example.org"
            configuration.contact_phone = "01234 567890"
            configuration.organisation_name = "Demo Council"
            configuration.data_protection_email = "data.protection@example.org"
            configuration.signup_domains = "example.org\nnhs.net"
            # Where `make run` serves the demo, so `send_reminders` works without --site-url.
            configuration.service_address = "http://127.0.0.1:8000"
            configuration.save()

    def _account(self, email, full_name, role, profession, team_name, *, password) -> bool:
        user = User.objects.filter(email=email).first()
        if user is not None:
            return False
        user = User.objects.create_user(
            email,
            password,
            full_name=full_name,
            profession=profession,
            team=team_for_name(name=team_name),
        )
        user_set_roles(user=user, roles=[role])
        return True

    def _print_accounts(self, password, created):
        self.stdout.write(
            self.style.SUCCESS("Demo data created.") if created else "Demo data already present."
        )
        self.stdout.write(f"Demo accounts (password: {password}):")
        for email, full_name, role, *_ in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role.label:<14} {email:<26} {full_name}")
        for email, full_name, *_ in MORE_REFERRERS:
            self.stdout.write(f"  {'Referrer':<14} {email:<26} {full_name}")
        for email, full_name, *_ in MORE_GUIDERS:
            self.stdout.write(f"  {'Guider':<14} {email:<26} {full_name}")
