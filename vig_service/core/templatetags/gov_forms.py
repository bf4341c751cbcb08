"""GOV.UK error summary links that land on the question's first input."""

from django import forms, template

register = template.Library()


def error_target_id(bound_field) -> str:
    """The id of the input an error-summary link for this field should move focus to."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.MultiWidget):
        # A GOV.UK date input: the link puts the cursor in the Day box.
        return f"{bound_field.auto_id}_0"
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple is a RadioSelect too
        # crispy-forms-gds numbers radios and checkboxes from 1 (gds/layout/radios.html).
        return f"id_{bound_field.html_name}_1"
    return bound_field.auto_id


@register.simple_tag
def error_summary_links(form) -> list[tuple[str | None, str]]:
    """(target id, message) for each of the form's errors, in the order the page shows them.

    A form-wide error links to the first question; on a page with no questions (a confirm
    button) it has no target and shows as text, but it always shows.
    """
    fields = form.visible_fields()
    first = error_target_id(fields[0]) if fields else None
    links = [(first, error) for error in form.non_field_errors()]
    for field in fields:
        links.extend((error_target_id(field), error) for error in field.errors)
    return links
