"""What every referral question page shares: the base form and its two buttons."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms

from referrals.models import Referral
from vig_service.core.govuk_forms import GovModelForm, button_group, submit_button

SAVE_FOR_LATER = "save_for_later"


def _buttons():
    return [
        button_group(
            submit_button("Save and continue", name="continue"),
            submit_button("Save and come back later", name=SAVE_FOR_LATER, secondary=True),
        )
    ]


class QuestionForm(GovModelForm):
    """A question page. With partial=True ("save and come back later") nothing is required."""

    required_fields: tuple[str, ...] = ()
    required_messages: dict[str, str] = {}

    def __init__(self, *args, partial: bool = False, referral: Referral, **kwargs):
        super().__init__(*args, instance=referral, **kwargs)
        self.referral = referral
        self.partial = partial
        for name, field in self.fields.items():
            field.required = name in self.required_fields and not partial
            if name in self.required_messages:
                field.error_messages["required"] = self.required_messages[name]
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = (
                    f"{field.label} must be {field.max_length} characters or fewer"
                )
            if isinstance(field.widget, forms.Textarea):
                # crispy-forms-gds's character count expects this key even without a hint.
                field.widget.attrs.setdefault("aria-describedby", "")
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.layout = Layout(*self.layout_fields(), *_buttons())

    def layout_fields(self):
        return [Field(name) for name in self.Meta.fields]

    def answers(self) -> dict:
        """The cleaned answers keyed by model field, ready for the service."""
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}

    def _post_clean(self):
        # Model validation happens in the service on save; a partial page would fail it here.
        pass
