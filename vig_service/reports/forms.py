"""The date range every report takes, read from the page's address."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django.utils import timezone

from cases.rules import add_months
from vig_service.core.govuk_forms import submit_button
from vig_service.core.query import QueryDateField, QueryForm

DATE_HINT = "For example, 1 4 2026"
LONGEST_RANGE_YEARS = 10
# Query parameters a report page understands; anything else is ignored with a message.
DATE_PARAMETERS = {f"{name}_{part}" for name in ("start", "end") for part in range(3)}


@dataclass(frozen=True)
class DateRange:
    """From the start of one day to the end of another, both included."""

    start: date
    end: date

    @classmethod
    def default(cls, today: date) -> "DateRange":
        """The last twelve months: from the first of the month eleven months ago to today."""
        return cls(start=add_months(today.replace(day=1), -11), end=today)

    @property
    def start_at(self) -> datetime:
        """The first moment of the range, in the service's time zone."""
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_before(self) -> datetime:
        """The first moment after the range (ranges of moments are half-open)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def months(self) -> list[date]:
        """The first day of each month the range touches, in order."""
        month, months = self.start.replace(day=1), []
        while month <= self.end:
            months.append(month)
            month = add_months(month, 1)
        return months

    def as_query(self) -> dict[str, str]:
        """The range as the page's query parameters."""
        query = {}
        for name, day in (("start", self.start), ("end", self.end)):
            query.update({f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year})
        return {key: str(value) for key, value in query.items()}

    def describe(self) -> str:
        """The range in words, for headings and file names."""
        return f"{self.start.day} {self.start:%B %Y} to {self.end.day} {self.end:%B %Y}"


class DateRangeForm(QueryForm):
    """The report's dates: a start and an end no more than ten years apart."""

    start = QueryDateField(subject="the start date", label="From", help_text=DATE_HINT)
    end = QueryDateField(subject="the end date", label="To", help_text=DATE_HINT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = True
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field("start"),
            Field("end"),
            submit_button("Show the report", secondary=True),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end date must be the same as or after the start date")
            elif end > add_months(start, 12 * LONGEST_RANGE_YEARS):
                self.add_error(
                    "end",
                    f"The date range must be {LONGEST_RANGE_YEARS} years or shorter",
                )
        return cleaned


@dataclass(frozen=True)
class RangeChoice:
    """What the address asked for: the form to show, the range when valid, and any leftovers."""

    form: DateRangeForm
    range: DateRange | None
    ignored: bool


def range_from_query(query, *, today: date, extra: frozenset[str] = frozenset()) -> RangeChoice:
    """Read the date range from the query string; the last twelve months when none is given.

    Parameters the page does not know (other than `extra`) are ignored and reported.
    """
    ignored = bool(set(query) - DATE_PARAMETERS - set(extra))
    if not any(query.get(name) for name in DATE_PARAMETERS):
        default = DateRange.default(today)
        form = DateRangeForm(initial={"start": default.start, "end": default.end})
        return RangeChoice(form=form, range=default, ignored=ignored)
    form = DateRangeForm({name: query.get(name, "") for name in DATE_PARAMETERS})
    if not form.is_valid():
        return RangeChoice(form=form, range=None, ignored=ignored)
    chosen = DateRange(start=form.cleaned_data["start"], end=form.cleaned_data["end"])
    return RangeChoice(form=form, range=chosen, ignored=ignored)
