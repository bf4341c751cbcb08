"""The forms that restrict a child's records to named staff, change who is named, and lift it."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from vig_service.core.fields import choose_many
from vig_service.core.govuk_forms import GovForm, submit_button


def _label(person) -> str:
    roles = ", ".join(sorted(role.label for role in person.roles))
    return f"{person.full_name or person.email} ({roles})"


class RestrictionForm(GovForm):
    """Who may see the child's records and, when restricting, why."""

    staff = choose_many(
        "Who may see these records?",
        invalid="Select only people from the list",
        message="Select who may see these records",
        coerce=int,
        help_text=(
            "Everyone else, whatever their role, will not find these records anywhere. "
            "You stay named while you are restricting them."
        ),
    )
    reason = forms.CharField(
        label="Why are these records restricted?",
        max_length=200,
        help_text="For example, a colleague's own family. Only the staff named will see this.",
        error_messages={
            "required": "Enter why the records are restricted",
            "max_length": "The reason must be 200 characters or fewer",
        },
    )
    # The child's latest restriction line when the page was loaded: a later one makes it stale.
    seen_event = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, people, by, restriction=None, seen_event: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        self.fields["staff"].choices = [(person.pk, _label(person)) for person in people]
        named = [p.pk for p in restriction.staff.all()] if restriction else [by.pk]
        self.fields["staff"].initial = named
        self.fields["seen_event"].initial = seen_event
        layout = [Field.checkboxes("staff", legend_size=Size.SMALL), "seen_event"]
        if restriction is None:
            layout.append(Field.text("reason"))
        else:
            del self.fields["reason"]
        label = "Restrict these records" if restriction is None else "Save who is named"
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout, submit_button(label))

    def clean_staff(self):
        staff = self.cleaned_data["staff"]
        if self.by.pk not in staff:
            raise forms.ValidationError(
                "You must stay named: the person restricting the records can always see them"
            )
        return staff

    def clean_seen_event(self):
        # Anything but the number the page was given is a form from elsewhere: stale (-1).
        value = self.cleaned_data["seen_event"]
        return int(value) if value.isdigit() else -1

    def service_kwargs(self) -> dict:
        """The service's arguments from the answers."""
        data = self.cleaned_data
        kwargs = {"staff_ids": data["staff"], "seen_event": data["seen_event"]}
        if "reason" in data:
            kwargs["reason"] = data["reason"]
        return kwargs


class LiftForm(GovForm):
    """One button: lift the restriction."""

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.layout = Layout(submit_button("Lift the restriction", warning=True))
