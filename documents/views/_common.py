"""What the documents' one-button pages share."""

from django.contrib import messages
from django.shortcuts import redirect

from documents.errors import DocumentError


def act_and_return(request, act, *, back: str, done):
    """Call `act()`, then go `back` saying what it did (`done(result)`) or why it could not."""
    try:
        result = act()
    except DocumentError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done(result))
    return redirect(back)
