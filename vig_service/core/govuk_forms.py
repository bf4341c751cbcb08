"""The GOV.UK form base every form inherits: text clean-up, the no-HTML rule, submit buttons.

See docs/architecture.md, "Forms". A form only cleans and shapes input; a rule that holds
outside the form (a limit, a date order) stays in the app's rules.py and its service.
"""

import re

from crispy_forms_gds.layout import Button, Div
from django import forms
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.text import slugify

from vig_service.core.errors import RuleBroken
from vig_service.core.rules import check_not_future

NO_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!]")
NO_HTML_MESSAGE = "Remove the < and > characters (HTML is not allowed)"


def no_html(value: str) -> str:
    """Refuse text that looks like HTML; everything is shown escaped anyway."""
    if value and NO_HTML.search(value):
        raise forms.ValidationError(NO_HTML_MESSAGE, code="html")
    return value


def submit_button(
    label: str, *, name: str = "", warning: bool = False, secondary: bool = False
) -> Button:
    """A GOV.UK submit button that ignores a second click, as GOV.UK Frontend's button does.

    Without a name the button sends nothing itself (a GET form's address stays clean); give
    one where the view asks which button was pressed.
    """
    css = "govuk-button--warning" if warning else "govuk-button--secondary" if secondary else None
    return Button(
        name,
        # crispy-forms-gds prints the label as markup: escape it, as the form renderer does.
        conditional_escape(label),
        css_class=css,
        css_id=f"{slugify(name or 'submit')}-{slugify(label)}",
        type="submit",
        data_prevent_double_click="true",
    )


def button_group(*buttons: Button) -> Div:
    """Buttons side by side (the GOV.UK button group)."""
    return Div(*buttons, css_class="govuk-button-group")


class GovFormMixin:
    """Strips every text answer and, unless `refuse_html` is False, refuses HTML in it.

    Fields that keep text exactly as typed (passwords: `strip=False`) are left alone.
    """

    # False on forms whose text is not free text shown to others (sign-in, search, settings
    # with their own rules), so their answers are refused no more than before the base.
    refuse_html = True

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            field = self.fields.get(name)
            if not isinstance(value, str) or getattr(field, "strip", True) is False:
                continue
            try:
                cleaned[name] = no_html(value.strip()) if self.refuse_html else value.strip()
            except forms.ValidationError as error:
                self.add_error(name, error)
        return cleaned

    def not_future(self, name: str, what: str):
        """The cleaned date `name`, refused if after today (a `clean_<name>` returns this)."""
        value = self.cleaned_data.get(name)
        if value:
            try:
                check_not_future(value, today=timezone.localdate(), what=what)
            except RuleBroken as broken:
                raise forms.ValidationError(broken.message) from None
        return value


class GovForm(GovFormMixin, forms.Form):
    """The base of every plain form."""


class GovModelForm(GovFormMixin, forms.ModelForm):
    """The base of every model form."""
