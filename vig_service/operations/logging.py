"""Structured logs: one JSON object per line, with e-mail addresses and tokens removed."""

import json
import logging
import re
from datetime import UTC, datetime

from vig_service.core.client_address import client_address

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
NHS_NUMBER = re.compile(r"\b\d{3}\s?\d{3}\s?\d{4}\b")
STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def scrub(text: str) -> str:
    """Remove e-mail addresses and anything shaped like an NHS number."""
    return NHS_NUMBER.sub("[number]", EMAIL.sub("[email]", text))


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
