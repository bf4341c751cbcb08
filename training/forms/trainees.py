"""Trainee forms: a new trainee, supervision sessions, external counts, stage sign-off."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from training import rules
from training.configuration import STAGES
from training.forms._common import _choice, _date, _Form, _line, _text
from vig_service.core.fields import NUMBER_INPUT, whole_number


class TraineeForm(_Form):
    """Start a trainee's supervised practice."""

    user = _choice(
        "Are they a guider here?",
        "Select the guider, or that they are not a guider here",
        required=False,
        help_text="A guider here has their cycles and clients counted from their own cases.",
    )
    full_name = _line("Full name (if not a guider here)", max_length=150)
    email = forms.EmailField(
        label="Email address (if not a guider here)",
        max_length=254,
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )
    supervisor = _choice("Personal supervisor", "Select the personal supervisor")
    course = _choice(
        "Initial course (optional)", "Select the course from the list", required=False
    )
    stage = _choice("Stage", "Select the stage", widget=forms.RadioSelect)
    stage_started_on = _date("Date the stage started", "the date the stage started")
    submit_label = "Add trainee"

    def __init__(self, *args, guiders=(), supervisors=(), courses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.users = {user.pk: user for user in [*guiders, *supervisors]}
        self.courses = {course.pk: course for course in courses}
        self.fields["user"].choices = [("", "Not a guider here")] + [
            (user.pk, user.full_name) for user in guiders
        ]
        self.fields["supervisor"].choices = [("", "Choose a supervisor")] + [
            (user.pk, user.full_name) for user in supervisors
        ]
        self.fields["course"].choices = [("", "None")] + [
            (c.pk, f"{c.get_kind_display()}, {c.venue}") for c in courses
        ]
        self.fields["stage"].choices = [(n, f"Stage {n}") for n in STAGES]
        self.build_helper()

    def layout_fields(self):
        return [
            Field.select("user"),
            Field.text("full_name"),
            Field.text("email"),
            Field.select("supervisor"),
            Field.select("course"),
            Field.radios("stage", legend_size=Size.SMALL, inline=True),
            Field("stage_started_on"),
        ]

    def clean_stage_started_on(self):
        return self._not_future("stage_started_on", "The date the stage started")

    def clean(self):
        cleaned = super().clean()
        user = self.users.get(cleaned.get("user"))
        cleaned["user_obj"] = user
        cleaned["supervisor_obj"] = self.users.get(cleaned.get("supervisor"))
        cleaned["course_obj"] = self.courses.get(cleaned.get("course"))
        if user is not None:
            cleaned["full_name"], cleaned["email"] = user.full_name, user.email
        else:
            if not cleaned.get("full_name"):
                self.add_error("full_name", "Enter the trainee's full name")
            if not cleaned.get("email") and "email" not in self.errors:
                self.add_error("email", "Enter the trainee's email address")
        return cleaned


class SupervisionSessionForm(_Form):
    """A supervision session: when, with whom, how long, about which cycle."""

    held_on = _date("Date", "the date of the session")
    minutes = forms.IntegerField(
        label="Length in minutes",
        help_text="For example, 60 for an hour",
        widget=forms.TextInput(attrs=NUMBER_INPUT),
        error_messages={
            "required": "Enter the length of the session in minutes",
            "invalid": "Enter the length of the session in minutes, like 60",
        },
    )
    supervisor = _choice("Supervisor", "Select the supervisor")
    cycle = _choice("Case and cycle (optional)", "Select the cycle from the list", required=False)
    notes = _text("Notes (optional)", max_length=4000)
    submit_label = "Save session"

    def __init__(self, *args, supervisors=(), cycles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.supervisors = {user.pk: user for user in supervisors}
        self.cycles = {cycle.pk: cycle for cycle in cycles}
        self.fields["supervisor"].choices = [("", "Choose a supervisor")] + [
            (user.pk, user.full_name) for user in supervisors
        ]
        self.fields["cycle"].choices = [("", "Not about one cycle")] + [
            (c.pk, f"{c.case.referral.reference or f'Case {c.case_id}'}, cycle {c.number}")
            for c in cycles
        ]
        self.build_helper()

    def layout_fields(self):
        fields = [
            Field("held_on"),
            Field.text("minutes", field_width=3),
            Field.select("supervisor"),
        ]
        if self.cycles:
            fields.append(Field.select("cycle"))
        return [*fields, Field.textarea("notes")]

    def clean_held_on(self):
        return self._not_future("held_on", "The date of the session")

    def clean_minutes(self):
        try:
            return rules.check_minutes(self.cleaned_data.get("minutes"))
        except rules.RuleBroken as broken:
            raise forms.ValidationError(broken.message) from None

    def clean(self):
        cleaned = super().clean()
        cleaned["supervisor_obj"] = self.supervisors.get(cleaned.get("supervisor"))
        cleaned["cycle_obj"] = self.cycles.get(cleaned.get("cycle"))
        return cleaned


class CountsForm(_Form):
    """An external trainee's cycles and clients in the current stage."""

    cycles = whole_number("Cycles this stage", low=0, high=200, subject="number of cycles")
    clients = whole_number("Clients this stage", low=0, high=200, subject="number of clients")
    submit_label = "Save numbers"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.build_helper()

    def layout_fields(self):
        return [Field.text("cycles", field_width=3), Field.text("clients", field_width=3)]


class SignOffForm(_Form):
    """Sign off the current stage; a reason is needed when its requirements are not all met."""

    reason = _text(
        "Reason for signing off early",
        max_length=2000,
        help_text="Needed only when the stage's requirements are not all met.",
    )

    def __init__(self, *args, stage: int, met: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.submit_label = f"Sign off stage {stage}"
        if met:
            self.fields["reason"].label = "Notes (optional)"
            self.fields["reason"].help_text = ""
            self.fields["reason"].widget.attrs["aria-describedby"] = ""
        self.build_helper()

    def layout_fields(self):
        return [Field.textarea("reason", rows=4)]
