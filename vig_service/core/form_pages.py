"""One form page: GET shows the form; a valid POST runs the service and goes on with a message.

See docs/architecture.md, "Forms". A refusal is any exception with a user-facing `.message`
(and optionally the `.field` it is about), as the apps' error classes and `DomainError` carry.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone


def held_on_from(request) -> date | None:
    """The day in ?on= (an appointment just marked held), if it is a real day not in the future.

    The form it leads to starts with that date, so nothing is typed twice.
    """
    try:
        day = date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return None
    return day if day <= timezone.localdate() else None


def refusal_to_form(form, refused: Exception) -> None:
    """Show a refusal on the form: beside its question when it names one, else at the top."""
    field = getattr(refused, "field", None)
    form.add_error(field if field in form.fields else None, refused.message)


def form_page(
    request,
    form,
    *,
    title: str,
    save: Callable[[dict], Any],
    done: str | Callable[[Any], str],
    back: str,
    template: str = "form_page.html",
    context: dict | None = None,
    refusals: tuple[type[Exception], ...] = (Exception,),
    after: Callable[[Any], Any] | None = None,
    on_refusal: Callable[[Exception], None] | None = None,
):
    """Show `form`; when sent and valid, `save(cleaned_data)` and redirect with `done`.

    `done` is the success message, or a function of what `save` returned. The redirect goes to
    `back` (also the Cancel link) unless `after(result)` names another place. A refusal among
    `refusals` that carries a `.message` becomes a form error and `on_refusal(refused)` runs
    (e.g. to refresh a stale version); anything else is raised as it is.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except refusals as refused:
            # Only refusals written for the user; a ValidationError is the model's own check.
            if not isinstance(getattr(refused, "message", None), str) or isinstance(
                refused, ValidationError
            ):
                raise
            refusal_to_form(form, refused)
            if on_refusal:
                on_refusal(refused)
        else:
            messages.success(request, done(result) if callable(done) else done)
            return redirect(after(result) if after else back)
    return render(
        request, template, {"form": form, "title": title, "back": back, **(context or {})}
    )
