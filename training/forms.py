"""Forms for training pages: field validation only; the services check the rules again."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from training import rules
from training.configuration import STAGES
from training.models import Course
from vig_service.core.fields import GovDateField
from vig_service.core.forms import SettingsSectionForm
from vig_service.core.govuk_forms import GovForm, submit_button

DATE_HINT = "For example, 27 3 2027"
NUMBER_INPUT = {"inputmode": "numeric", "spellcheck": "false"}


def _date(label: str, subject: str, *, required: bool = True) -> GovDateField:
    return GovDateField(subject=subject, label=label, help_text=DATE_HINT, required=required)


def _line(label: str, *, max_length: int, required_message: str = "", help_text: str = ""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(required_message),
        help_text=help_text,
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _text(label: str, *, max_length: int = 2000, required_message: str = "", help_text=""):
    """A textarea; without a hint it needs an empty aria-describedby (crispy-forms-gds)."""
    attrs = {} if help_text else {"aria-describedby": ""}
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(required_message),
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4, **attrs}),
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _number(label: str, *, low: int, high: int, help_text: str = "", subject: str = ""):
    subject = subject or label.lower()
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=low,
        max_value=high,
        widget=forms.TextInput(attrs=NUMBER_INPUT),
        error_messages={
            "required": f"Enter the {subject}",
            "invalid": f"Enter the {subject} as a whole number",
            "min_value": f"{label} must be {low} or more",
            "max_value": f"{label} must be {high} or fewer",
        },
    )


def _choice(label: str, message: str, *, required: bool = True, **kwargs):
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        empty_value=None,
        required=required,
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )


class _Form(GovForm):
    """Builds the layout from layout_fields(); GovForm strips the text and refuses HTML."""

    submit_label = "Save"

    def build_helper(self):
        self.helper = FormHelper()
        self.helper.layout = Layout(*self.layout_fields(), submit_button(self.submit_label))

    def layout_fields(self):
        return [Field(name) for name in self.fields]

    def _not_future(self, name: str, what: str):
        value = self.cleaned_data.get(name)
        if value:
            try:
                rules.check_not_future(value, today=timezone.localdate(), what=what)
            except rules.RuleBroken as broken:
                raise forms.ValidationError(broken.message) from None
        return value


MAX_DAYS = 3


class CourseForm(_Form):
    """A course's kind, venue, places, trainers and the date of each day."""

    kind = forms.ChoiceField(
        label="Kind of course",
        choices=Course.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the kind of course",
            "invalid_choice": "Select the kind of course",
        },
    )
    venue = _line("Venue", max_length=200, required_message="Enter the venue")
    capacity = _number(
        "Places", low=1, high=100, subject="number of places", help_text="People on the course"
    )
    day_1 = _date("Day 1", "the date of day 1")
    day_2 = _date("Day 2 (optional for a one-day course)", "the date of day 2", required=False)
    day_3 = _date("Day 3 (optional)", "the date of day 3", required=False)
    trainers = forms.TypedMultipleChoiceField(
        label="Trainers",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Accredited supervisors and advanced trainers.",
        error_messages={"invalid_choice": "Select trainers from the list"},
    )
    notes = _text("Notes (optional)", max_length=4000)

    def __init__(self, *args, trainers=(), submit_label="Save course", **kwargs):
        super().__init__(*args, **kwargs)
        self.submit_label = submit_label
        self.trainer_users = {user.pk: user for user in trainers}
        self.fields["trainers"].choices = [(u.pk, u.full_name) for u in trainers]
        self.build_helper()

    def layout_fields(self):
        return [
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("venue"),
            Field.text("capacity", field_width=2),
            Fieldset(
                Field("day_1"),
                Field("day_2"),
                Field("day_3"),
                legend="Dates",
                legend_size=Size.SMALL,
            ),
            Field.checkboxes("trainers", small=True, legend_size=Size.SMALL),
            Field.textarea("notes"),
        ]

    def clean(self):
        cleaned = super().clean()
        dates = [cleaned.get(f"day_{n}") for n in range(1, MAX_DAYS + 1)]
        if any(name in self.errors for name in ("day_1", "day_2", "day_3")):
            return cleaned
        if dates[2] and not dates[1]:
            self.add_error("day_2", "Enter the date of day 2 before day 3")
            return cleaned
        if cleaned.get("kind") == Course.Kind.INITIAL and dates[0] and not dates[1]:
            self.add_error("day_2", "An Initial Training Course has two days: enter day 2")
            return cleaned
        given = [day for day in dates if day]
        try:
            rules.check_day_dates(given)
        except rules.RuleBroken as broken:
            # The message names the day out of order; show it on that day's field.
            number = int(broken.message.split()[1]) if broken.message.startswith("Day ") else 1
            self.add_error(f"day_{number}", broken.message)
        return cleaned

    def day_dates(self) -> list:
        """The dates given, day 1 first."""
        return [
            self.cleaned_data[f"day_{n}"]
            for n in range(1, MAX_DAYS + 1)
            if self.cleaned_data.get(f"day_{n}")
        ]

    def chosen_trainers(self) -> list:
        return [self.trainer_users[pk] for pk in self.cleaned_data.get("trainers") or []]

    def course_fields(self) -> dict:
        """What the course services take from this form, for a new course or a change."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "venue": data["venue"],
            "capacity": data["capacity"],
            "day_dates": self.day_dates(),
            "trainers": self.chosen_trainers(),
            "notes": data["notes"],
        }

    @staticmethod
    def initial_for(course) -> dict:
        """The form's starting values for an existing course."""
        days = {day.number: day.date for day in course.days.all()}
        return {
            "kind": course.kind,
            "venue": course.venue,
            "capacity": course.capacity,
            "notes": course.notes,
            "trainers": [user.pk for user in course.trainers.all()],
            **{f"day_{n}": days.get(n) for n in range(1, MAX_DAYS + 1)},
        }


class EnrolmentForm(_Form):
    """A participant: they need not be a user of the system."""

    full_name = _line("Full name", max_length=150, required_message="Enter the person's full name")
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    profession = _line(
        "Profession",
        max_length=120,
        required_message="Enter the person's profession",
        help_text="For example health visitor, social worker or family support worker",
    )
    organisation = _line(
        "Organisation", max_length=150, required_message="Enter the person's organisation"
    )
    submit_label = "Enrol"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.build_helper()

    def layout_fields(self):
        return [
            Field.text("full_name"),
            Field.text("email"),
            Field.text("profession"),
            Field.text("organisation"),
        ]


class WithdrawForm(_Form):
    """Withdraw someone from a course or its waiting list."""

    reason = _text("Reason (optional)", max_length=500)
    submit_label = "Withdraw"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.build_helper()

    def layout_fields(self):
        return [Field.textarea("reason", rows=3)]


class AttendanceForm(_Form):
    """Who attended one day: everyone not ticked missed it."""

    attended = forms.TypedMultipleChoiceField(
        label="Who attended?",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select everyone who attended. Anyone not selected is recorded as absent.",
        error_messages={"invalid_choice": "Select only people enrolled on the course"},
    )
    submit_label = "Save attendance"

    def __init__(self, *args, enrolments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (e.pk, f"{e.full_name}, {e.organisation}") for e in enrolments
        ]
        self.build_helper()

    def layout_fields(self):
        return [Field.checkboxes("attended", legend_size=Size.MEDIUM)]


class MakeUpForm(_Form):
    """When a participant made up a day they missed."""

    made_up_on = _date("Date made up", "the date the day was made up")
    submit_label = "Save make-up"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.build_helper()


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

    cycles = _number("Cycles this stage", low=0, high=200, subject="number of cycles")
    clients = _number("Clients this stage", low=0, high=200, subject="number of clients")
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


class TrainingSettingsForm(SettingsSectionForm, GovForm):
    """Places on a course and the stage table."""

    course_capacity = _number(
        "Places on a course",
        low=1,
        high=100,
        subject="number of places on a course",
        help_text="New courses start with this many places; each course may change it.",
    )
    COLUMNS = (
        ("cycles", "cycles required"),
        ("clients", "clients required"),
        ("supervision_hours", "supervision hours required"),
    )
    section_fields = ("course_capacity",)

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, section=section, **kwargs)
        self.fields["course_capacity"].initial = section.course_capacity
        fieldsets = []
        for row in section.stages.all():
            names = []
            for column, words in self.COLUMNS:
                name = f"stage_{row.stage}_{column}"
                self.fields[name] = _number(
                    f"Stage {row.stage} {words}",
                    low=0,
                    high=100,
                    subject=f"stage {row.stage} {words}",
                )
                self.fields[name].label = words.capitalize()
                self.fields[name].initial = getattr(row, column)
                names.append(Field.text(name, field_width=2))
            name = f"stage_{row.stage}_ends_with"
            self.fields[name] = _line(
                "Ends with",
                max_length=80,
                required_message=f"Enter what stage {row.stage} ends with",
                help_text="For example, transition meeting",
            )
            self.fields[name].initial = row.ends_with
            names.append(Field.text(name))
            fieldsets.append(Fieldset(*names, legend=f"Stage {row.stage}", legend_size=Size.SMALL))
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "loaded_at",
            Field.text("course_capacity", field_width=2, label_size=Size.SMALL),
            Fieldset(*fieldsets, legend="Accreditation stages", legend_size=Size.MEDIUM),
            submit_button("Save training settings"),
        )

    def stages(self) -> dict[int, dict]:
        """Each stage's values by field."""
        return {
            stage: {
                column: self.cleaned_data[f"stage_{stage}_{column}"]
                for column in ("cycles", "clients", "supervision_hours", "ends_with")
            }
            for stage in STAGES
            if f"stage_{stage}_cycles" in self.fields
        }
