"""E-mail through Django's mail framework, sent only once the transaction has committed."""

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from vig_service.core.models import ServiceConfiguration


def send_after_commit(*, template: str, to: list[str], context: dict) -> None:
    """Render `<template>_subject.txt` and `<template>.txt`, and send them after commit.

    If the transaction rolls back nothing is sent, so nobody is told of a change that
    did not happen.
    """
    recipients = [address for address in to if address]
    if not recipients:
        return
    context = {"service_name": ServiceConfiguration.load().service_name, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients))
