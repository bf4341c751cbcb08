"""The shared clean-up of what a page's address (its query string) sends to a GET form.

Anyone can type an address, so a search or a date range may arrive with a NUL byte, a
control character or a number far too big to be a year. Every GET form is a `QueryForm`:
such input is refused with an error the page shows in its GOV.UK error summary, and never
reaches the database (PostgreSQL refuses a NUL byte in text with a server error).
"""

import re

from crispy_forms_gds.helper import FormHelper

from vig_service.core.fields import GovDateField
from vig_service.core.govuk_forms import GovForm

# Years a search or a report range may name: wide enough for any record, narrow enough that
# date arithmetic (a ten-year range, a month later) stays within Python's dates.
QUERY_YEARS = (1900, 2100)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def has_control_characters(value: str) -> bool:
    """Whether text holds a NUL byte or another control character (no one types those)."""
    return bool(CONTROL_CHARACTERS.search(value))


class QueryDateField(GovDateField):
    """A GOV.UK date input read from the address, its year within `QUERY_YEARS`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("years", QUERY_YEARS)
        super().__init__(**kwargs)


class QueryForm(GovForm):
    """The base of every GET form: control characters are refused, field by field."""

    # A search may look for text with < in it; it is never shown as markup.
    refuse_html = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Subclasses lay the form out; the helper is here so the error summary always shows.
        self.helper = FormHelper()
        self.helper.form_method = "get"

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        for name, field in self.fields.items():
            if self._sent_control_characters(name):
                label = str(field.label or name).capitalize()
                # Replaces the field's own errors: this is the one thing to correct.
                self._errors[name] = self.error_class(
                    [f"{label} must not include control characters, like a NUL byte"],
                    renderer=self.renderer,
                )
                self.cleaned_data.pop(name, None)

    def _sent_control_characters(self, name: str) -> bool:
        key = self.add_prefix(name)
        # A date input sends its parts as key_0, key_1 and key_2.
        keys = [k for k in self.data if k == key or re.fullmatch(rf"{re.escape(key)}_\d", k)]
        # A QueryDict may hold several values for a key; a plain dict holds one.
        getlist = getattr(self.data, "getlist", lambda k: [self.data[k]])
        return any(has_control_characters(str(value)) for k in keys for value in getlist(k))
