"""The upload form: what the document is, a title, and the file."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from documents import rules
from documents.configuration import DocumentSettings
from documents.letters.specs import SPECS
from documents.models import DocumentKind
from vig_service.core.fields import GovDateField
from vig_service.core.govuk_forms import GovForm, button_group, submit_button

UPLOAD_KINDS = [kind for kind in DocumentKind if kind != DocumentKind.LETTER]


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
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
        },
    )

    def __init__(self, *args, kinds=None, signed=False, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = kinds or UPLOAD_KINDS
        self.fields["kind"].choices = [(k, DocumentKind(k).label) for k in kinds]
        limits = DocumentSettings.load()
        self.fields["file"].help_text = (
            f"A {rules.allowed_labels(limits.allowed_types)}, smaller than "
            f"{rules.megabytes(limits.max_bytes)}. Never video."
        )
        layout = [Field.radios("kind", legend_size=Size.MEDIUM), Field.text("title")]
        if signed:
            # The signed copy dates the contract (cases' contract date).
            self.fields["signed_on"] = GovDateField(
                subject="the date the family signed the contract",
                label="If this is the signed written contract: the date the family signed it",
                help_text="The case's contract date is recorded from it. For example, 27 3 2026",
                required=False,
                not_in_future="The date the family signed the contract must be today or in "
                "the past",
            )
            layout.append(Field("signed_on"))
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout, Field("file"), submit_button("Add document"))


class LetterTemplateForm(GovForm):
    """A letter's title and text, with its placeholders; saved as a new version."""

    title = forms.CharField(
        label="Title",
        max_length=120,
        error_messages={
            "required": "Enter the letter's title",
            "max_length": "Title must be 120 characters or fewer",
        },
    )
    body = forms.CharField(
        label="Text",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        help_text="A blank line starts a new paragraph. Start a line with ## for a heading.",
        error_messages={
            "required": "Enter the letter's text",
            "max_length": "The letter's text must be 20,000 characters or fewer",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = SPECS[kind]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version",
            Field.text("title"),
            Field.textarea("body"),
            button_group(
                submit_button("Save as a new version", name="save"),
                submit_button("Preview", secondary=True, name="preview"),
            ),
        )
