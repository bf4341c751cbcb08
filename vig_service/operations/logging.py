"""Structured logs: one JSON object per line, with e-mail addresses and tokens removed."""

import json
import logging
import re
from datetime import UTC, datetime

from vig_service.core.client_address import client_address

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
NHS_NUMBER = re.compile(r"\b\d{3}\s?\d{3}\s?\d{4}\b")
# The e-mailed links that set a password (invitation, sign-up confirmation) or reset one carry
# the account and a one-time token in their path (vig_service/accounts/urls.py): whoever reads
# a log line holding one could use the link before its owner.
TOKEN_LINK = re.compile(r"(/(?:set-password|password/reset)/)[^/\s?#\"']+/[^/\s?#\"']+")
# Django's token generators make "<base-36 time>-<hex>"; signed values "<value>:<time>:<hash>".
# Both are removed wherever they appear (another link, a query string, a Referer).
TOKEN = re.compile(r"\b[0-9a-z]{1,13}-[0-9a-f]{20,}\b")
SIGNED = re.compile(r"[\w.-]+:[0-9A-Za-z]{4,10}:[\w-]{27,}")
STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def scrub(text: str) -> str:
    """Remove e-mail addresses, anything shaped like an NHS number, and links' tokens."""
    text = TOKEN_LINK.sub(r"\1[token]", str(text))
    text = SIGNED.sub("[token]", TOKEN.sub("[token]", text))
    return NHS_NUMBER.sub("[number]", EMAIL.sub("[email]", text))


class ScrubFilter(logging.Filter):
    """Scrub every record's message before any handler writes it, text or JSON."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = scrub(record.getMessage()), None
        return True


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON: time, level, logger, message and any extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in STANDARD and not key.startswith("_"):
                if key == "request":
                    # Django's request log passes the request itself: only its method, path
                    # and the client's address (the same one lockout and the audit record).
                    path = scrub(getattr(value, "path", ""))
                    entry[key] = {"method": getattr(value, "method", ""), "path": path}
                    if hasattr(value, "META"):
                        entry[key]["address"] = client_address(value)
                    continue
                entry[key] = value if isinstance(value, int | float | bool) else scrub(str(value))
        if record.exc_info:
            entry["exception"] = record.exc_info[0].__name__
            entry["traceback"] = scrub(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)
