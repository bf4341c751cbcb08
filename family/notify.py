"""Text messages to families through GOV.UK Notify's own Python client, where it is set up."""

import logging

from django.conf import settings
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient
from requests import RequestException

logger = logging.getLogger(__name__)


class NotSent(Exception):
    """Notify did not take the message; `message` says why, for the guider."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _reason(refused: APIError) -> str:
    # Notify answers {"errors": [{"error": …, "message": …}]}; a network failure has none.
    message = refused.message
    if isinstance(message, list):
        message = "; ".join(str(item.get("message", "")) for item in message if item)
    return str(message or "it gave no reason").rstrip(".")


def configured() -> bool:
    """Whether links can be sent by text: a Notify key and a text-message template."""
    return bool(settings.NOTIFY_API_KEY and settings.NOTIFY_SMS_TEMPLATE_ID)


def send_text(phone_number: str, message: str, *, reference: str) -> str:
    """Send a text; returns Notify's id for it. Raises NotSent with a reason a guider can use."""
    client = NotificationsAPIClient(
        settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=settings.NOTIFY_TIMEOUT
    )
    try:
        response = client.send_sms_notification(
            phone_number=phone_number,
            template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
            personalisation={"message": message},
            reference=reference,
        )
    except APIError as refused:
        logger.warning("GOV.UK Notify refused a text: %s", refused.status_code)
        raise NotSent(f"GOV.UK Notify did not send the text message: {_reason(refused)}") from None
    except RequestException:
        logger.warning("GOV.UK Notify could not be reached")
        raise NotSent("GOV.UK Notify could not be reached, so the text was not sent") from None
    return response.get("id", "")
