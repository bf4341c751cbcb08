"""Background tasks (Django's task framework, via the django-tasks backport)."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, recipients: list[str]) -> int:
    """Send one rendered e-mail; run by the task worker (at once under the immediate backend)."""
    return send_mail(subject, body, None, recipients)
