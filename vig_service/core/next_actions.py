"""Next actions as data: a stable code, the words shown, a link and how urgent it is.

A rule returns a `NextAction` with its code and label; the page attaches the link from a
code → URL-name table (`with_link`), and `templates/includes/next_action.html` colours it by
`severity`. Nothing reads the label back, so rewording one cannot break a link or a colour
(docs/architecture.md, "Next actions").
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from django.urls import reverse


class Severity(StrEnum):
    """How urgent an action is: plain text, an orange tag or a red tag."""

    ROUTINE = "routine"
    WARNING = "warning"
    URGENT = "urgent"


@dataclass(frozen=True)
class NextAction:
    """What a record needs next."""

    code: str
    label: str
    url: str | None = None
    severity: Severity = Severity.ROUTINE

    def __str__(self) -> str:
        return self.label


def with_link(action: NextAction, *, pages: Mapping[str, str], args=()) -> NextAction:
    """The action with the URL of the page where it is done, found by its code."""
    name = pages.get(action.code)
    return replace(action, url=reverse(name, args=args)) if name else action
