"""The upload form: what the document is, a title, and the file."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from documents import rules
from documents.models import DocumentKind
from vig_service.core.govuk_forms import GovForm, submit_button


class DocumentForm(GovForm):
    """Add a document to a case."""

    kind = forms.ChoiceField(
        label="What is it?",
        choices=DocumentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the document is"},
    )
    title = forms.CharField(
        label="Title",
        max_length=120,
        help_text="For example, Signed contract, March 2027",
        error_messages={
            "required": "Enter a title for the document",
            "max_length": "Title must be 120 characters or fewer",
        },
    )
    file = forms.FileField(
        label="Upload a file",
        help_text=f"A {rules.allowed_labels()}, smaller than 10 MB. Never video.",
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
        },
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds:
            self.fields["kind"].choices = [(k, DocumentKind(k).label) for k in kinds]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.text("title"),
            Field("file"),
            submit_button("Add document"),
        )
