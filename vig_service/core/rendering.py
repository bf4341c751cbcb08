"""The project's form renderer: every form's labels and hints are escaped before any template.

crispy-forms-gds prints a field's label and hint as markup (its templates mark them safe), so
a label built from data (a helping question's wording, a person's name) would otherwise reach
the page as markup. Text already marked safe (built with `format_html`) is kept as it is.
"""

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape


class EscapedBoundField(BoundField):
    """A bound field whose label and help text are escaped HTML."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        self.label = conditional_escape(self.label)
        self.help_text = conditional_escape(self.help_text)


class FormRenderer(DjangoTemplates):
    """Django's template renderer, with labels and hints escaped for every form."""

    bound_field_class = EscapedBoundField
