"""Test helpers for e-mail sent with `send_after_commit`: when it goes, and where it links."""

import re

from django.core import mail
from django.db import transaction

SITE = "http://testserver/"


def sent_on_commit(action) -> list:
    """Run `action` in a transaction; nothing may go before it commits. What went after."""
    before = len(mail.outbox)
    with transaction.atomic():
        action()
        assert mail.outbox[before:] == []
    return mail.outbox[before:]


def sent_on_rollback(action) -> list:
    """Run `action` in a transaction that is then rolled back; what went (nothing, rightly)."""
    before = len(mail.outbox)
    with transaction.atomic():
        action()
        transaction.set_rollback(True)
    return mail.outbox[before:]


def link_path(message) -> str:
    """The path of the e-mail's one link, checked to be an address on this service."""
    (url,) = re.findall(r"https?://\S+", message.body)
    assert url.startswith(SITE)
    return "/" + url.removeprefix(SITE)
