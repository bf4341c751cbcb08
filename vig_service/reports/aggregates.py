"""Database expressions the reports need beyond Django's own."""

from django.db.models import CharField, Func

from vig_service.core.aggregates import median, p90

# The medians moved to core, which cases also reads; reports keep importing them from here.
__all__ = ["DateText", "LocalMinute", "median", "p90"]


class LocalMinute(Func):
    """A moment as text, "2026-04-01 09:30", in the service's time zone (given as the 2nd arg)."""

    arg_joiner = " AT TIME ZONE "
    template = "to_char(%(expressions)s, 'YYYY-MM-DD HH24:MI')"
    output_field = CharField()


class DateText(Func):
    """A date as ISO text, "2026-04-01"."""

    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    output_field = CharField()
