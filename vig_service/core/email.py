"""E-mail through Django's mail framework, queued as a task once the transaction has committed."""

from django.db import transaction
from django.template.loader import render_to_string

from vig_service.core.models import ServiceConfiguration
from vig_service.core.tasks import send_email


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
    # Queued for the task worker, so a slow mail server never holds up a page.
    transaction.on_commit(
        lambda: send_email.enqueue(subject=subject, body=body, recipients=recipients)
    )
