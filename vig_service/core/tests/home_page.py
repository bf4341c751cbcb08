"""Reading the home page as a user does: each card's lines, their links and their counts."""

import re
from html import unescape

_TITLE = re.compile(r'<h3 class="govuk-summary-card__title">(?P<title>.*?)</h3>', re.S)
_EMPTY = re.compile(
    r'<div class="govuk-summary-card__content">\s*<p class="govuk-body">(?P<words>.*?)</p>', re.S
)
_LINE = re.compile(
    r'<a class="govuk-link govuk-task-list__link" href="(?P<url>[^"]*)"[^>]*>(?P<label>.*?)</a>'
    r'\s*(?:<div [^>]*class="govuk-task-list__hint">(?P<hint>.*?)</div>)?'
    r'.*?<div class="govuk-task-list__status"[^>]*>(?P<status>.*?)</div>',
    re.S,
)
_TAGS = re.compile(r"<[^>]+>")


def _text(html: str) -> str:
    return " ".join(unescape(_TAGS.sub(" ", html)).split())


def home_cards(html: str) -> dict[str, list[tuple[str, str, str, str]] | str]:
    """Each card's title → its lines as (label, link, hint, status), or its words when empty."""
    titles = list(_TITLE.finditer(html))
    cards = {}
    for title, following in zip(titles, [*titles[1:], None], strict=True):
        body = html[title.end() : following.start() if following else None]
        empty = _EMPTY.search(body)
        if empty and "govuk-task-list" not in body[: empty.start()]:
            cards[_text(title["title"])] = _text(empty["words"])
            continue
        cards[_text(title["title"])] = [
            (
                _text(line["label"]),
                unescape(line["url"]),
                _text(line["hint"] or ""),
                _text(line["status"]),
            )
            for line in _LINE.finditer(body)
        ]
    return cards
