"""The daily reminders as a django-tasks task, for a task backend that schedules its own runs."""

from django.utils import timezone
from django_tasks import task

from diary.reminder_services import digests_send


@task()
def send_reminders(*, site_url: str = "") -> int:
    """Send today's digests, as `manage.py send_reminders` does; returns how many were sent."""
    return len(digests_send(today=timezone.localdate(), site_url=site_url))
