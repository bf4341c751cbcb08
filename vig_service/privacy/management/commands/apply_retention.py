"""manage.py apply_retention: anonymise what is past its retention period (dry run by default)."""

import getpass

from django.core.management.base import BaseCommand

from referrals.models import Referral
from vig_service.privacy import retention

LABELS = {
    "closed_cases": "referrals whose case closed before {closed_cases:%-d %B %Y}",
    "declined_referrals": "declined referrals, declined before {ended_referrals:%-d %B %Y}",
    "withdrawn_referrals": "withdrawn referrals, withdrawn before {ended_referrals:%-d %B %Y}",
}


class Command(BaseCommand):
    help = (
        "Anonymise closed cases, declined and withdrawn referrals past their retention periods "
        "and delete old view records. Without --apply, only says what it would do."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Make the changes.")

    def handle(self, *args, apply=False, **options):
        found = retention.plan()
        verb = "Anonymised" if apply else "Would anonymise"
        for reason, ids in found.referrals.items():
            label = LABELS[reason].format(**found.cutoffs)
            self.stdout.write(f"{verb} {len(ids)} {label}")
            references = Referral.objects.filter(pk__in=ids).order_by("reference")
            for reference in references.values_list("reference", flat=True):
                self.stdout.write(f"  {reference}")
        deleted = "Deleted" if apply else "Would delete"
        self.stdout.write(
            f"{deleted} {found.audit_events} records of who viewed a child's record, "
            f"made before {found.cutoffs['audit']:%-d %B %Y}"
        )
        self.stdout.write(
            f"{deleted} {found.training['audit_denial_records_deleted']} records of refused "
            f"look-ups, made before {found.cutoffs['audit']:%-d %B %Y}"
        )
        for kind, label in (
            ("training_enrolments", "course places (names and e-mail addresses)"),
            ("training_trainees", "accredited trainees (names and e-mail addresses)"),
        ):
            self.stdout.write(
                f"{verb} {found.training[kind]} {label}, training ended before "
                f"{found.cutoffs['training']:%-d %B %Y}"
            )
        self.stdout.write(
            f"{deleted} {found.training['audit_history_rows_deleted']} change history rows "
            f"made before {found.cutoffs['audit']:%-d %B %Y}"
        )
        run_by = getpass.getuser()
        if apply:
            run = retention.apply(found, run_by=run_by)
            self.stdout.write(self.style.SUCCESS(f"Done: retention run {run.pk}"))
        else:
            retention.record_dry_run(found, run_by=run_by)
            self.stdout.write(
                "Dry run: nothing was changed. Run with --apply to make these changes."
            )
