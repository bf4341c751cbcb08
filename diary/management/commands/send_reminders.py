"""manage.py send_reminders: e-mail each person their digest for today, once a day."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from diary.reminder_services import digests_send


class Command(BaseCommand):
    help = (
        "E-mail each person one digest of what concerns them today (tomorrow's appointments, "
        "overdue shared reviews, footage due for deletion, supervision due, cases near their "
        "limit, waiting referrals). Run daily; a second run on the same day sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default="",
            help="The service's address, for the links, like https://vig.example.gov.uk",
        )

    def handle(self, *args, site_url="", **options):
        today = timezone.localdate()
        sent = digests_send(today=today, site_url=site_url)
        footage_only = sum(1 for row in sent if row.footage_only)
        self.stdout.write(
            f"Sent {len(sent)} digest{'s' if len(sent) != 1 else ''} for {today:%-d %B %Y}"
            f" ({footage_only} with footage deletions only)"
        )
