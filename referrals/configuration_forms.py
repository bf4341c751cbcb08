"""The Referrals section of the Configuration page."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from referrals.choices import PlanStatus, RouteIn
from referrals.configuration import PlanStatusRule, ReferralSettings
from vig_service.core.fields import YesNoField, whole_number
from vig_service.core.forms import SettingsSectionForm
from vig_service.core.govuk_forms import GovModelForm, submit_button

TIER_CHOICES = [("", "No priority")] + [(str(n), f"Tier {n}") for n in range(1, 7)]


class ReferralSettingsForm(SettingsSectionForm, GovModelForm):
    """Age range, lowest plan status, routes, visibility, and the status → tier table."""

    # Its lists and messages refuse < and > with their own message.
    refuse_html = False

    routes_offered = forms.MultipleChoiceField(
        label="Routes in offered to referrers",
        choices=RouteIn.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one route in"},
    )
    decline_reasons = forms.CharField(
        label="Reasons for declining",
        help_text="One reason on each line. Coordinators choose one when they decline a referral.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter at least one reason for declining"},
    )
    referrers_see_team_referrals = YesNoField(
        label="Can referrers see their team's referrals?",
        required_message="Select whether referrers see their team's referrals",
        help_text="If not, each referrer sees only the referrals they made.",
    )

    parent_ready_required = YesNoField(
        label="Must a parent or carer be motivated and have agreed to the referral?",
        required_message=(
            "Select whether a parent or carer must be motivated and have agreed to the referral"
        ),
        help_text=(
            "If so, a referral is not eligible unless at least one parent or carer is motivated "
            "to take part and has agreed to it."
        ),
    )

    waiting_reminder_days = whole_number(
        "Days a referral waits before coordinators are reminded",
        low=1,
        high=365,
        subject="number of days",
        example="21",
        help_text=(
            "Referrals waiting this many days for a decision are listed in the coordinators' "
            "daily e-mail."
        ),
    )

    class Meta:
        model = ReferralSettings
        fields = [
            "min_age_years",
            "max_age_years",
            "minimum_plan_status",
            "parent_ready_required",
            "routes_offered",
            "referrers_see_team_referrals",
            "decline_reasons",
            "email_referrer_on_closure",
            "waiting_reminder_days",
        ]
        help_texts = {
            "email_referrer_on_closure": (
                "The email gives the referral's reference and a link, never the family's details."
            ),
        }
        widgets = {
            "minimum_plan_status": forms.RadioSelect,
            # Text inputs with a number keypad: GOV.UK styles these, not type="number".
            "min_age_years": forms.TextInput(attrs={"inputmode": "numeric"}),
            "max_age_years": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        error_messages = {
            "min_age_years": {
                "required": "Enter the youngest age accepted",
                "invalid": "Enter the youngest age as a whole number of years",
                "max_value": "The youngest age must be 25 or under",
            },
            "max_age_years": {
                "required": "Enter the oldest age accepted",
                "invalid": "Enter the oldest age as a whole number of years",
                "max_value": "The oldest age must be 25 or under",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["decline_reasons"] = "\n".join(self.instance.decline_reasons)
        self.fields["minimum_plan_status"].choices = PlanStatus.choices
        self.rules = {rule.plan_status: rule for rule in PlanStatusRule.objects.all()}
        rule_fieldsets = []
        for status in PlanStatus:
            rule = self.rules.get(status)
            self.fields[f"tier_{status}"] = forms.TypedChoiceField(
                label="Priority tier",
                choices=TIER_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(rule.tier) if rule and rule.tier else "",
            )
            self.fields[f"redirect_{status}"] = forms.CharField(
                label="Redirect message (optional)",
                help_text="If this service does not take these children, say where they go.",
                max_length=500,
                required=False,
                initial=rule.redirect_message if rule else "",
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"max_length": "Redirect message must be 500 characters or fewer"},
            )
            rule_fieldsets.append(
                Fieldset(
                    Field.select(f"tier_{status}"),
                    Field.textarea(f"redirect_{status}"),
                    legend=status.label,
                    legend_size=Size.SMALL,
                )
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "loaded_at",
            Fieldset(
                Field.text("min_age_years", field_width=2),
                Field.text("max_age_years", field_width=2),
                legend="Ages accepted (in years)",
                legend_size=Size.MEDIUM,
            ),
            Field.radios("minimum_plan_status", legend_size=Size.MEDIUM),
            Field.radios("parent_ready_required", legend_size=Size.MEDIUM, inline=True),
            Field.checkboxes("routes_offered", legend_size=Size.MEDIUM),
            Field.radios("referrers_see_team_referrals", legend_size=Size.MEDIUM, inline=True),
            Field.textarea("decline_reasons"),
            Field.text("waiting_reminder_days", field_width=3),
            Fieldset(*rule_fieldsets, legend="Priority by plan status", legend_size=Size.MEDIUM),
            Fieldset(
                Field.checkbox("email_referrer_on_closure"),
                legend="Emails",
                legend_size=Size.MEDIUM,
            ),
            submit_button("Save referral settings"),
        )

    def clean_decline_reasons(self):
        reasons = list(
            dict.fromkeys(
                " ".join(line.split())
                for line in self.cleaned_data["decline_reasons"].splitlines()
            )
        )
        reasons = [reason for reason in reasons if reason]
        if not reasons:
            raise forms.ValidationError("Enter at least one reason for declining")
        if any(len(reason) > 120 for reason in reasons):
            raise forms.ValidationError("Each reason must be 120 characters or fewer")
        if any("<" in reason or ">" in reason for reason in reasons):
            raise forms.ValidationError("Remove the < and > characters")
        return reasons

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_age_years"), cleaned.get("max_age_years")
        if low is not None and high is not None and low > high:
            self.add_error(
                "max_age_years", "The oldest age must be the same as or above the youngest"
            )
        for status in PlanStatus:
            message = cleaned.get(f"redirect_{status}") or ""
            if "<" in message or ">" in message:
                self.add_error(f"redirect_{status}", "Remove the < and > characters")
        minimum = cleaned.get("minimum_plan_status")
        if minimum and minimum != PlanStatus.NONE and cleaned.get(f"tier_{minimum}") is None:
            self.add_error(
                "minimum_plan_status",
                "Give the lowest plan status accepted a priority tier, or choose “None of these”",
            )
        return cleaned

    def row_changes(self) -> dict:
        return {"rules_by_status": self.rule_changes()}

    def rule_changes(self) -> dict[str, tuple[int | None, str]]:
        return {
            status: (
                self.cleaned_data.get(f"tier_{status}"),
                (self.cleaned_data.get(f"redirect_{status}") or "").strip(),
            )
            for status in PlanStatus
        }

    def _post_clean(self):
        # The service validates the model once the stale-form check has passed.
        pass
