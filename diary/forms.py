"""The diary's forms: plan or change an appointment, and say why one did not go ahead."""

import re
from datetime import datetime, time

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils import timezone

from diary import rules
from diary.models import Appointment, Place
from vig_service.core.errors import RuleBroken
from vig_service.core.fields import GovDateField, choose_many, choose_one
from vig_service.core.govuk_forms import GovForm, submit_button

# What a form that came back without the version it was loaded with says (a page kept from an
# older release, or one tampered with): nothing is saved, and opening the page again mends it.
STALE_FORM = "This page was out of date and nothing was saved. Open the appointment again"

TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def _time(label: str, subject: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=5,
        help_text="Use the 24-hour clock, for example 09:30 or 14:00",
        error_messages={
            "required": f"Enter {subject}",
            "max_length": f"Enter {subject} like 14:00",
        },
    )


def parse_time(value: str, subject: str) -> time:
    """A 24-hour clock time like 9:30, 09:30 or 14.00; anything else is refused in words."""
    match = TIME.match(value or "")
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise forms.ValidationError(f"Enter {subject} as a 24-hour time, like 09:30 or 14:00")
    return time(int(match[1]), int(match[2]))


class AppointmentForm(GovForm):
    """When, where, who: for a new appointment or a planned one being changed."""

    kind = choose_one(
        "What is it?",
        "Select what the appointment is",
        invalid="Select what the appointment is from the list",
    )
    day = GovDateField(subject="the date", label="Date", help_text="For example, 27 3 2027")
    starts = _time("Start time", "the start time")
    ends = _time("End time", "the end time")
    place = forms.ChoiceField(
        label="Where is it?",
        choices=Place.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the appointment is"},
    )
    place_detail = forms.CharField(
        label="Place details (optional)",
        help_text="For example, the children's centre's name. Do not enter the family's address",
        max_length=200,
        required=False,
    )
    staff = choose_many(
        "Who from the service is going?",
        message="Choose who from the service is going",
        invalid="Choose who is going from the list",
        coerce=int,
    )
    family_attending = forms.CharField(
        label="Family members attending (optional)",
        help_text="For example, Mum and the child referred",
        max_length=200,
        required=False,
    )
    notes = forms.CharField(
        label="Notes (optional)",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": ""}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, kinds, people, submit_label="Save appointment", changing=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        # A change acts on the appointment as the page showed it, so the version must come back.
        self.changing = changing
        self.people = {user.pk: user for user in people}
        self.fields["kind"].choices = [(k, Appointment.Kind(k).label) for k in kinds]
        self.fields["staff"].choices = [(u.pk, u.full_name) for u in people]
        fields = [
            Field.radios("kind", legend_size=Size.SMALL),
            Field("day"),
            Field.text("starts", field_width=5),
            Field.text("ends", field_width=5),
            Field.radios("place", legend_size=Size.SMALL),
            Field.text("place_detail"),
            Field.checkboxes("staff", legend_size=Size.SMALL, small=True),
            Field.text("family_attending"),
            Field.textarea("notes", rows=3),
        ]
        if len(kinds) == 1:
            self.fields["kind"].widget = forms.HiddenInput()
            fields[0] = "kind"
        self.helper = FormHelper()
        self.helper.layout = Layout("version", *fields, submit_button(submit_label))

    def clean_starts(self):
        return parse_time(self.cleaned_data["starts"], "the start time")

    def clean_ends(self):
        return parse_time(self.cleaned_data["ends"], "the end time")

    def clean(self):
        cleaned = super().clean()
        if self.changing and cleaned.get("version") is None:
            self.add_error(None, STALE_FORM)
        day = cleaned.get("day")
        if day and "starts" in cleaned and "ends" in cleaned:
            # UK time as people read it, stored in UTC (British Summer Time included).
            cleaned["starts_at"] = timezone.make_aware(datetime.combine(day, cleaned["starts"]))
            cleaned["ends_at"] = timezone.make_aware(datetime.combine(day, cleaned["ends"]))
            # The service checks these again; here each message sits on the question it is about.
            checks = (
                ("ends", rules.check_times, {"ends_at": cleaned["ends_at"]}),
                ("starts", rules.check_planned_ahead, {"now": timezone.now()}),
            )
            for name, rule, extra in checks:
                try:
                    rule(starts_at=cleaned["starts_at"], **extra)
                except RuleBroken as broken:
                    self.add_error(name, broken.message)
        return cleaned

    def service_kwargs(self) -> dict:
        """The service's arguments from what was entered."""
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place": data["place"],
            "place_detail": data["place_detail"],
            "staff": [self.people[pk] for pk in data["staff"]],
            "family_attending": data["family_attending"],
            "notes": data["notes"],
        }

    @staticmethod
    def initial_for(appointment: Appointment) -> dict:
        start = timezone.localtime(appointment.starts_at)
        end = timezone.localtime(appointment.ends_at)
        return {
            "kind": appointment.kind,
            "day": start.date(),
            "starts": f"{start:%H:%M}",
            "ends": f"{end:%H:%M}",
            "place": appointment.place,
            "place_detail": appointment.place_detail,
            "staff": [u.pk for u in appointment.staff.all()],
            "family_attending": appointment.family_attending,
            "notes": appointment.notes,
            "version": appointment.version,
        }


class OutcomeForm(GovForm):
    """Why an appointment was cancelled or not attended."""

    reason = forms.CharField(
        label="Why?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": ""}),
        error_messages={"required": "Say why", "max_length": "Keep the reason to 500 characters"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, submit_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version", Field.textarea("reason", rows=3), submit_button(submit_label)
        )


class VersionForm(GovForm):
    """A button that acts on the appointment as it was when the page was loaded."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
