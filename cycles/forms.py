"""Forms for a cycle's pages. Each carries the cycle's version; the services re-check it all."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from cycles import rules
from vig_service.core.fields import GovDateField
from vig_service.core.govuk_forms import GovForm, submit_button

DATE_HINT = "For example, 27 3 2026"


def _date(label: str, subject: str) -> GovDateField:
    return GovDateField(subject=subject, label=label, help_text=DATE_HINT)


def _text(label: str, *, max_length: int, required_message: str = ""):
    """A textarea; without a hint it needs an empty aria-describedby (crispy-forms-gds)."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(required_message),
        widget=forms.Textarea(attrs={"aria-describedby": ""}),
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _line(label: str, *, max_length: int, required_message: str, help_text: str = ""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _consent_label(consent) -> str:
    return (
        f"{consent.named_person} – consent given by {consent.given_by} "
        f"on {rules.long_date(consent.given_on)}"
    )


class CycleForm(GovForm):
    """A change to a cycle: the version refuses a page loaded before someone else's change."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    submit_label = "Save"

    def __init__(self, *args, cycle, **kwargs):
        self.cycle = cycle
        initial = {"version": cycle.version, **self.initial_for(cycle)}
        super().__init__(*args, initial=initial, **kwargs)
        self.prepare()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version", *self.layout_fields(), submit_button(self.submit_label)
        )

    def initial_for(self, cycle) -> dict:
        """Values the form starts with besides the version."""
        return {}

    def prepare(self) -> None:
        """Set choices and add fields that depend on the case, before the layout is built."""

    @property
    def unavailable(self) -> str:
        """Why the form cannot be completed yet, shown above it; empty when it can."""
        return ""

    def layout_fields(self):
        return [Field(name) for name in self.fields if name != "version"]

    def _not_future(self, name: str, what: str):
        value = self.cleaned_data.get(name)
        if value:
            try:
                rules.check_not_future(value, today=timezone.localdate(), what=what)
            except rules.RuleBroken as broken:
                raise forms.ValidationError(broken.message) from None
        return value


class FilmingForm(CycleForm):
    """The filming: when, where, who, how long."""

    filmed_on = _date("Date filmed", "the date filmed")
    setting = _line(
        "Setting or activity",
        max_length=120,
        required_message="Enter the setting or activity, like play or mealtime",
        help_text="For example play, mealtime, bedtime or homework",
    )
    who_was_filmed = _line(
        "Who was filmed", max_length=200, required_message="Enter who was filmed"
    )
    minutes = forms.IntegerField(
        label="Length in minutes",
        min_value=1,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the length of the film in minutes",
            "invalid": "Length in minutes must be a whole number, like 10",
            "min_value": "Length in minutes must be 1 or more",
            "max_value": "Length in minutes must be 120 or fewer",
        },
    )
    children_filmed = forms.MultipleChoiceField(
        label="Which children were filmed?",
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Each child aged 12 or over gives their own consent.",
        error_messages={
            "required": "Select the children who were filmed",
            "invalid_choice": "Select the children who were filmed from the list",
        },
    )
    submit_label = "Save filming"

    def __init__(self, *args, children=(), **kwargs):
        self.children = list(children)
        super().__init__(*args, **kwargs)

    def prepare(self):
        self.fields["children_filmed"].choices = [
            (child.key, _child_label(child)) for child in self.children
        ]

    def layout_fields(self):
        return [
            Field("filmed_on"),
            Field.text("setting"),
            Field.text("who_was_filmed"),
            Field.checkboxes("children_filmed", legend_size=Size.SMALL),
            Field.text("minutes", field_width=3),
        ]

    def clean_filmed_on(self):
        return self._not_future("filmed_on", "The date filmed")


def _child_label(child) -> str:
    who = "the child referred" if child.key == rules.FOCUS_CHILD else "in the household"
    born = f", born {rules.long_date(child.date_of_birth)}" if child.date_of_birth else ""
    return f"{child.name} ({who}{born})"


class FilmingDateForm(CycleForm):
    """A correction of the date filmed, before the shared review."""

    filmed_on = _date("Date filmed", "the date filmed")
    submit_label = "Save the corrected date"

    def initial_for(self, cycle) -> dict:
        return {"filmed_on": cycle.filmed_on}

    def clean_filmed_on(self):
        return self._not_future("filmed_on", "The date filmed")


class ClipForm(CycleForm):
    """One clip: where it is in the film, what happens, the principles it shows."""

    timestamp = _line(
        "Time in the film",
        max_length=8,
        required_message="Enter the time in the film, like 03:45",
        help_text="Minutes and seconds, for example 03:45",
    )
    description = _text(
        "What happens in the clip",
        max_length=500,
        required_message="Enter what happens in the clip",
    )
    principles = forms.MultipleChoiceField(
        label="Which principles of attuned interaction does it show?",
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={
            "required": "Select at least one principle of attuned interaction the clip shows",
            "invalid_choice": "Select principles from the list",
        },
    )
    submit_label = "Add clip"

    def __init__(self, *args, principles=(), **kwargs):
        self.principles = list(principles)
        super().__init__(*args, **kwargs)

    def prepare(self):
        self.fields["principles"].choices = [(p, p) for p in self.principles]

    def layout_fields(self):
        return [
            Field.text("timestamp", field_width=5),
            Field.textarea("description", rows=3),
            Field.checkboxes("principles", legend_size=Size.SMALL),
        ]

    def clean_timestamp(self):
        try:
            return rules.parse_timestamp(self.cleaned_data["timestamp"])
        except rules.RuleBroken as broken:
            raise forms.ValidationError(broken.message) from None


class EditedForm(CycleForm):
    """The clips are chosen: the cycle is ready for its shared review."""

    edited_on = _date("Date the clips were chosen", "the date the clips were chosen")
    submit_label = "Mark the clips as chosen"

    def initial_for(self, cycle) -> dict:
        return {"edited_on": timezone.localdate()}

    def clean_edited_on(self):
        return self._not_future("edited_on", "The date the clips were chosen")


class ReviewForm(CycleForm):
    """The shared review: when, who came, a 0–10 rating per helping question, reflections."""

    held_on = _date("Date of the shared review", "the date of the shared review")
    attendees = _line(
        "Who attended",
        max_length=300,
        required_message="Enter who attended the shared review",
        help_text="For example, Mum, Dad and the guider",
    )
    professionals = forms.TypedMultipleChoiceField(
        label="Professionals who attended",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only professionals with a live consent to attend shared reviews are listed.",
        error_messages={"invalid_choice": "Select the professionals who attended from the list"},
    )
    parent_reflections = _text("The parent's reflections", max_length=4000)
    guider_reflections = _text("The guider's reflections", max_length=4000)
    next_steps = _text("Next steps", max_length=4000)
    submit_label = "Save shared review"

    def __init__(self, *args, questions=(), consents=(), **kwargs):
        self.questions, self.consents = list(questions), list(consents)
        super().__init__(*args, **kwargs)

    def prepare(self):
        self.fields["professionals"].choices = [(c.pk, _consent_label(c)) for c in self.consents]
        for question in self.questions:
            self.fields[f"rating_{question.pk}"] = forms.CharField(
                label=question.wording,
                help_text=f"{question.get_owner_display()} – a whole number from 0 to 10",
                max_length=4,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "required": f"Enter a rating from 0 to 10 for “{question.wording}”",
                    "max_length": rules.RATING_MESSAGE,
                },
            )

    @property
    def unavailable(self) -> str:
        if self.questions:
            return ""
        return "Set a helping question on the Helping questions tab before the shared review"

    def layout_fields(self):
        ratings = [Field.text(f"rating_{q.pk}", field_width=2) for q in self.questions]
        professionals = (
            [Field.checkboxes("professionals", small=True)]
            if self.fields["professionals"].choices
            else []
        )
        return [
            Field("held_on"),
            Field.text("attendees"),
            *professionals,
            Fieldset(*ratings, legend="Helping question ratings", legend_size=Size.MEDIUM),
            Field.textarea("parent_reflections", rows=4),
            Field.textarea("guider_reflections", rows=4),
            Field.textarea("next_steps", rows=4),
        ]

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = f"rating_{question.pk}"
            if name in cleaned:
                try:
                    cleaned[name] = rules.parse_rating(cleaned[name])
                except rules.RuleBroken as broken:
                    self.add_error(name, broken.message)
        held_on, filmed_on = cleaned.get("held_on"), self.cycle.filmed_on
        if held_on:
            try:
                rules.check_review_date(
                    held_on=held_on, filmed_on=filmed_on, today=timezone.localdate()
                )
            except rules.RuleBroken as broken:
                self.add_error("held_on", broken.message)
        return cleaned

    def ratings(self) -> dict[int, int]:
        """The ratings keyed by helping question id, for the service."""
        return {q.pk: self.cleaned_data[f"rating_{q.pk}"] for q in self.questions}


class ShowingForm(CycleForm):
    """Clips shown to someone outside the family, chosen from the live consents for it."""

    consent = forms.TypedChoiceField(
        label="Who were the clips shown to?",
        coerce=int,
        help_text="Only people with a live consent for clips to be shown to them are listed.",
        error_messages={
            "required": "Select who the clips were shown to",
            "invalid_choice": "Select who the clips were shown to from the list",
        },
    )
    shown_on = _date("Date shown", "the date the clips were shown")
    notes = _text("Notes (optional)", max_length=500)
    submit_label = "Save"

    def __init__(self, *args, consents=(), **kwargs):
        self.consents = list(consents)
        super().__init__(*args, **kwargs)

    def prepare(self):
        self.fields["consent"].choices = [("", "Choose a person")] + [
            (c.pk, _consent_label(c)) for c in self.consents
        ]

    @property
    def unavailable(self) -> str:
        if self.consents:
            return ""
        return (
            "Nobody has a live consent for clips to be shown to them. "
            "Record the consent on the Consents tab first"
        )

    def layout_fields(self):
        return [Field.select("consent"), Field("shown_on"), Field.textarea("notes", rows=3)]

    def clean_shown_on(self):
        return self._not_future("shown_on", "The date shown")


class SupervisionForm(CycleForm):
    """The guider's supervision on this cycle."""

    supervisor = forms.TypedChoiceField(
        label="Supervisor",
        coerce=int,
        error_messages={
            "required": "Select the supervisor",
            "invalid_choice": "Select the supervisor from the list",
        },
    )
    supervised_on = _date("Date", "the date of the supervision")
    notes = _text("Notes", max_length=4000)
    submit_label = "Save supervision"

    def __init__(self, *args, supervisors=(), **kwargs):
        self.supervisors = list(supervisors)
        super().__init__(*args, **kwargs)

    def prepare(self):
        self.fields["supervisor"].choices = [("", "Choose a supervisor")] + [
            (user.pk, user.full_name) for user in self.supervisors
        ]

    @property
    def unavailable(self) -> str:
        if self.supervisors:
            return ""
        return "There are no supervisors. An administrator can give someone the supervisor role"

    def layout_fields(self):
        return [
            Field.select("supervisor"),
            Field("supervised_on"),
            Field.textarea("notes", rows=6),
        ]

    def clean_supervised_on(self):
        return self._not_future("supervised_on", "The date of the supervision")


class StartForm(GovForm):
    """Start the next cycle; the number guards against starting two with one double click."""

    number = forms.IntegerField(widget=forms.HiddenInput)


class RemoveClipForm(GovForm):
    """Remove one clip, from the cycle as it was when the page was loaded."""

    version = forms.IntegerField(widget=forms.HiddenInput)
