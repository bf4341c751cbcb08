"""Read a page's form as a browser would, and build hypothesis strategies for its fields."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from hypothesis import strategies as st

NOT_OURS = ("/accounts/sign-out/", "/accounts/logout/")


@dataclass
class FormField:
    """One named control: its kind, and its options where it has them."""

    name: str
    kind: str  # text, textarea, hidden, radio, checkbox, select
    options: list[str] = field(default_factory=list)
    value: str = ""


class _FormParser(HTMLParser):
    def __init__(self, method: str = "post"):
        super().__init__()
        self.method = method
        self.forms: list[dict] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # A form without a method is a GET form, as in a browser.
        if tag == "form" and (attrs.get("method") or "get").lower() == self.method:
            self._form = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button"):
                return
            if kind in ("radio", "checkbox"):
                fields.setdefault(name, FormField(name, kind)).options.append(
                    attrs.get("value", "on")
                )
            else:
                kind = "hidden" if kind == "hidden" else "text"
                fields[name] = FormField(name, kind, value=attrs.get("value", ""))
        elif tag == "textarea" and name:
            fields[name] = FormField(name, "textarea")
        elif tag == "select" and name:
            self._select = fields[name] = FormField(name, "select")
        elif tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "form":
            self._form = None


def form_fields(html: str, *, method: str = "post") -> dict[str, FormField]:
    """The fields of the page's main form (not the header's sign-out form).

    `method="get"` reads the page's search or filter form instead.
    """
    parser = _FormParser(method)
    parser.feed(html)
    forms = [form for form in parser.forms if form["action"] not in NOT_OURS]
    assert forms, "the page has no form to fuzz"
    return forms[-1]["fields"]


# Text a person (or an attacker) might type: ordinary words, numbers, dates, HTML, nothing.
_words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)
_numbers = st.integers(min_value=-3, max_value=3000).map(str)
_dates = st.dates().map(lambda day: day.strftime(st_choice_format()))
_nasty = st.sampled_from(
    [
        "",
        " ",
        "<script>alert(1)</script>",
        "<b>bold</b>",
        "'; DROP TABLE referrals_referral; --",
        "x" * 5000,
        "\x00",
        "9434765919",
        "31",
        "2",
        "13",
        "2026",
        "1899",
        "0",
        "-1",
        "11",
        "03:45",
        "99:99",
    ]
)
# What an address can carry that a page's form never sends: control characters, huge numbers
# and years no date can have.
_from_address = st.one_of(
    st.sampled_from(["ada\x00", "\x00", "\x1b[31m", "9" * 30, "9" * 5000, "10009", "0000"]),
    st.integers(min_value=0, max_value=99999).map(str),
    st.integers().map(str),
)


def st_choice_format() -> str:
    return "%Y-%m-%d"


def _day_part(name: str):
    if name.endswith("_0") or name.endswith("day"):
        return st.integers(min_value=-1, max_value=35).map(str)
    if name.endswith("_1") or name.endswith("month"):
        return st.integers(min_value=-1, max_value=14).map(str)
    return st.integers(min_value=1890, max_value=2100).map(str)


def value_strategy(spec: FormField):
    """Mostly plausible values for the control, sometimes anything at all."""
    garbage = st.one_of(_words, _nasty, _numbers)
    if spec.kind == "hidden":
        return st.one_of(st.just(spec.value), st.just(spec.value), garbage)
    if spec.kind in ("radio", "select"):
        return st.one_of(
            st.sampled_from(spec.options or [""]), st.sampled_from(spec.options or [""]), garbage
        )
    if spec.kind == "checkbox":
        return st.one_of(
            st.lists(st.sampled_from(spec.options), unique=True, max_size=len(spec.options)),
            st.lists(garbage, max_size=3),
        )
    if any(spec.name.endswith(end) for end in ("_0", "_1", "_2", "day", "month", "year")):
        return st.one_of(_day_part(spec.name), garbage)
    return st.one_of(_words, _nasty, _numbers, _dates, st.text(max_size=2000))


def post_data(fields: dict[str, FormField]):
    """A strategy for a whole POST: each field present (usually) with a generated value."""
    parts = {
        name: st.one_of(st.none(), value_strategy(spec), value_strategy(spec))
        for name, spec in fields.items()
        if name != "csrfmiddlewaretoken"
    }
    return st.fixed_dictionaries(parts).map(
        lambda data: {name: value for name, value in data.items() if value is not None}
    )


def query_data(fields: dict[str, FormField]):
    """A strategy for a whole query string: the form's fields, a page number, maybe a stray."""
    parts = {
        name: st.one_of(st.none(), value_strategy(spec), _from_address)
        for name, spec in fields.items()
    }
    parts["page"] = st.one_of(st.none(), _numbers, _nasty, _from_address)
    return st.fixed_dictionaries(parts, optional={"stray": st.one_of(_words, _from_address)}).map(
        lambda data: {name: value for name, value in data.items() if value is not None}
    )
