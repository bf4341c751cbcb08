"""manage.py send_reminders: e-mail each person their digest for today, once a day."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from diary.reminder_services import digests_send
from vig_service.core.errors import DomainError


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
            help=(
                "The service's address, for the links, like https://vig.example.gov.uk "
                "(default: the Configuration page's Service web address)"
            ),
        )

    def handle(self, *args, site_url="", **options):
        today = timezone.localdate()
        try:
            sent = digests_send(today=today, site_url=site_url)
        except DomainError as refused:
            raise CommandError(refused.message) from None
        footage_only = sum(1 for row in sent if row.footage_only)
        self.stdout.write(
            f"Sent {len(sent)} digest{'s' if len(sent) != 1 else ''} for {today:%-d %B %Y}"
            f" ({footage_only} with footage deletions only)"
        )
