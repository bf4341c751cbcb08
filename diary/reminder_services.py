"""Writes for reminders: sending the day's digests once, and a person's digest setting."""

from datetime import date

from django.db import transaction
from django.urls import reverse

from diary.digest import Digest, digests
from diary.reminders import DigestPreference, DigestSent
from vig_service.accounts.models import User
from vig_service.core.email import send_after_commit
from vig_service.core.errors import DomainError
from vig_service.core.models import ServiceConfiguration

NO_ADDRESS = (
    "The reminders need the service's web address for their links: set it on the Configuration "
    "page (Service web address), or give --site-url"
)


def reminder_site_url(given: str = "") -> str:
    """The address the digest's links start with: the one given, else the configured one."""
    address = (given or ServiceConfiguration.load().service_address).rstrip("/")
    if not address:
        raise DomainError(NO_ADDRESS)
    return address


def digests_send(*, today: date, site_url: str = "") -> list[DigestSent]:
    """Queue each person's digest for `today`; a second run on the same day sends nothing."""
    # Checked before anything is recorded, so a run without an address can simply be repeated.
    site_url = reminder_site_url(site_url)
    already = DigestSent.objects.filter(day=today).values_list("user_id", flat=True)
    sent = [
        _send(digest, today=today, site_url=site_url)
        for digest in digests(today=today, skip=already)
    ]
    return [row for row in sent if row is not None]


@transaction.atomic
def _send(digest: Digest, *, today: date, site_url: str) -> DigestSent | None:
    """Record the day's digest and queue its mail in one transaction, or do neither."""
    # The unique (person, day) row: a run at the same moment finds it and sends nothing.
    row, created = DigestSent.objects.get_or_create(
        user=digest.user,
        day=today,
        defaults={"footage_only": digest.footage_only, "items": digest.items},
    )
    if not created:
        return None
    send_after_commit(
        template="diary/email/digest",
        to=[digest.user.email],
        context={
            "user": digest.user,
            "day": today,
            "sections": digest.sections,
            "items": digest.items,
            "footage_only": digest.footage_only,
            "site_url": site_url,
            "preference_path": reverse("reminders:preference"),
        },
    )
    return row


def digest_preference_set(*, user: User, daily_digest: bool) -> DigestPreference:
    """Turn a person's daily digest on or off (footage reminders are sent either way)."""
    preference, _ = DigestPreference.objects.update_or_create(
        user=user, defaults={"daily_digest": daily_digest}
    )
    return preference
