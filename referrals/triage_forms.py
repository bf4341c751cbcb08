"""Forms for the coordinator's actions on a referral. Each carries the version it was loaded at."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from vig_service.core.fields import choose_one
from vig_service.core.govuk_forms import GovForm, submit_button


def _text(label, *, required_message, max_length=2000, help_text=""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5, "aria-describedby": ""}),
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


class ActionForm(GovForm):
    """A coordinator action: the version guards against acting on a stale page."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    submit_label = "Confirm"
    warning = False

    def __init__(self, *args, referral, **kwargs):
        super().__init__(*args, initial={"version": referral.version}, **kwargs)
        self.referral = referral
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *self.layout_fields(), submit_button(self.submit_label, warning=self.warning)
        )

    def layout_fields(self):
        return ["version", *[Field(name) for name in self.fields if name != "version"]]


class RequestInformationForm(ActionForm):
    message = _text(
        "Your question for the referrer",
        required_message="Enter what you need to know",
        help_text="They will get an email asking them to answer on the referral's page.",
    )
    submit_label = "Send the question"


class AcceptForm(ActionForm):
    submit_label = "Accept onto the waiting list"


class DeclineForm(ActionForm):
    reason = choose_one(
        "Why is the referral being declined?", "Select a reason for declining the referral"
    )
    detail = _text(
        "More detail for the referrer",
        required_message="Enter more detail",
        help_text="Required when the reason is “Other”. The referrer will see this.",
    )
    submit_label = "Decline referral"
    warning = True

    def __init__(self, *args, reasons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [(reason, reason) for reason in reasons]
        self.fields["detail"].required = False

    def layout_fields(self):
        return [
            "version",
            Field.radios("reason", legend_size=Size.MEDIUM),
            Field.textarea("detail"),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == "Other" and not cleaned.get("detail"):
            self.add_error("detail", "Say why the referral is being declined")
        return cleaned


class WithdrawForm(ActionForm):
    reason = _text("Why is the referral being withdrawn?", required_message="Enter the reason")
    submit_label = "Withdraw referral"
    warning = True


class OverrideEligibilityForm(ActionForm):
    reason = _text(
        "Why should the service consider this referral?",
        required_message="Enter the reason for overriding eligibility",
        help_text="This is recorded on the referral's timeline.",
    )
    submit_label = "Override eligibility"


class AllocateForm(ActionForm):
    guider = choose_one(
        "Choose a guider",
        "Select the guider to allocate the family to",
        invalid="Select the guider to allocate the family to, from the list",
        coerce=int,
    )
    co_worker = forms.TypedChoiceField(
        label="Co-worker (optional)",
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Select a co-worker from the list"},
    )
    confirm_over_capacity = forms.BooleanField(
        label="Yes, allocate beyond this guider's capacity", required=False
    )
    submit_label = "Allocate"

    def __init__(self, *args, loads=(), **kwargs):
        self.loads = {load.guider.pk: load for load in loads}
        super().__init__(*args, **kwargs)
        self.fields["guider"].choices = [
            (
                load.guider.pk,
                f"{load.guider.full_name} – {load.open_cases} of {load.capacity} open cases",
            )
            for load in loads
        ]
        self.fields["co_worker"].choices = [("", "No co-worker")] + [
            (load.guider.pk, load.guider.full_name) for load in loads
        ]

    def layout_fields(self):
        return [
            "version",
            Field.radios("guider", legend_size=Size.MEDIUM),
            Field.select("co_worker"),
            Field.checkbox("confirm_over_capacity"),
        ]

    def clean(self):
        cleaned = super().clean()
        guider, co_worker = cleaned.get("guider"), cleaned.get("co_worker")
        if guider and co_worker == guider:
            self.add_error("co_worker", "The co-worker must be someone other than the guider")
        load = self.loads.get(guider)
        if load and load.would_exceed and not cleaned.get("confirm_over_capacity"):
            self.add_error(
                "confirm_over_capacity",
                f"{load.guider.full_name} has {load.open_cases} open cases and a capacity of "
                f"{load.capacity}. Choose another guider, or confirm you want to go beyond it",
            )
        return cleaned
