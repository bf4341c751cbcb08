"""The route in, the child's legal or plan status, and the family's concerns."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from referrals.choices import Concern, RouteIn
from referrals.forms._common import QuestionForm
from referrals.models import Referral


class StatusForm(QuestionForm):
    """Legal or plan status and route in."""

    class Meta:
        model = Referral
        fields = ["plan_status", "route_in"]
        widgets = {"plan_status": forms.RadioSelect, "route_in": forms.RadioSelect}
        labels = {
            "plan_status": "What is the child's legal or plan status?",
            "route_in": "How did this request come to the service?",
        }

    required_fields = ("plan_status", "route_in")
    required_messages = {
        "plan_status": "Select the child's legal or plan status",
        "route_in": "Select how the request came to the service",
    }

    def __init__(self, *args, routes_offered=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_status"].choices = self.fields["plan_status"].choices[1:]
        self.fields["route_in"].choices = [
            (value, label) for value, label in RouteIn.choices if value in routes_offered
        ]

    def layout_fields(self):
        return [
            Field.radios("plan_status", legend_size=Size.SMALL),
            Field.radios("route_in", legend_size=Size.SMALL),
        ]


class ConcernsForm(QuestionForm):
    """What the family needs help with."""

    concerns = forms.MultipleChoiceField(
        label="What does the family need help with?",
        choices=Concern.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )

    class Meta:
        model = Referral
        fields = ["concerns"]

    required_fields = ("concerns",)
    required_messages = {"concerns": "Select at least one thing the family needs help with"}

    def layout_fields(self):
        return [Field.checkboxes("concerns", legend_size=Size.MEDIUM)]

    def answers(self):
        return {"concerns": list(self.cleaned_data.get("concerns") or [])}
