"""The shared review with its ratings, and clips shown to someone outside the family."""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils import timezone

from cycles import rules
from cycles.forms._common import CycleForm, _date, _line, _text
from vig_service.core.fields import choose_many


def _consent_label(consent) -> str:
    return (
        f"{consent.named_person} – consent given by {consent.given_by} "
        f"on {rules.long_date(consent.given_on)}"
    )


class ReviewForm(CycleForm):
    """The shared review: when, who came, a 0–10 rating per helping question, reflections."""

    held_on = _date("Date of the shared review", "the date of the shared review")
    attendees = _line(
        "Who attended",
        max_length=300,
        required_message="Enter who attended the shared review",
        help_text="For example, Mum, Dad and the guider",
    )
    professionals = choose_many(
        "Professionals who attended",
        invalid="Select the professionals who attended from the list",
        coerce=int,
        help_text="Only professionals with a live consent to attend shared reviews are listed.",
    )
    parent_reflections = _text("The parent's reflections", max_length=4000)
    guider_reflections = _text("The guider's reflections", max_length=4000)
    next_steps = _text("Next steps", max_length=4000)
    submit_label = "Save shared review"
    date_field = "held_on"

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

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "attendees": data["attendees"],
            "professional_consent_ids": data["professionals"],
            "ratings": {q.pk: data[f"rating_{q.pk}"] for q in self.questions},
            "parent_reflections": data["parent_reflections"],
            "guider_reflections": data["guider_reflections"],
            "next_steps": data["next_steps"],
        }


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
        return self.not_future("shown_on", "The date shown")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "consent_id": data["consent"],
            "shown_on": data["shown_on"],
            "notes": data["notes"],
        }
