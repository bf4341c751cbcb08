"""The course form: kind, venue, places, trainers and the date of each day."""

from crispy_forms_gds.layout import Field, Fieldset, Size

from training import rules
from training.forms._common import _date, _Form, _line, _text
from training.models import Course
from vig_service.core.fields import choose_many, choose_one, whole_number

MAX_DAYS = 3


class CourseForm(_Form):
    """A course's kind, venue, places, trainers and the date of each day."""

    kind = choose_one("Kind of course", "Select the kind of course", choices=Course.Kind.choices)
    venue = _line("Venue", max_length=200, required_message="Enter the venue")
    capacity = whole_number(
        "Places", low=1, high=100, subject="number of places", help_text="People on the course"
    )
    day_1 = _date("Day 1", "the date of day 1")
    day_2 = _date("Day 2 (optional for a one-day course)", "the date of day 2", required=False)
    day_3 = _date("Day 3 (optional)", "the date of day 3", required=False)
    trainers = choose_many(
        "Trainers",
        invalid="Select trainers from the list",
        coerce=int,
        help_text="Accredited supervisors and advanced trainers.",
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
