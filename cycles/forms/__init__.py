"""Forms for a cycle's pages. Each carries the cycle's version; the services re-check it all."""

from cycles.forms._common import DATE_HINT, CycleForm
from cycles.forms.clips import ClipForm, EditedForm, RemoveClipForm
from cycles.forms.filming import FilmingDateForm, FilmingForm, StartForm
from cycles.forms.review import ReviewForm, ShowingForm
from cycles.forms.supervision import SupervisionForm

__all__ = [
    "ClipForm",
    "CycleForm",
    "DATE_HINT",
    "EditedForm",
    "FilmingDateForm",
    "FilmingForm",
    "RemoveClipForm",
    "ReviewForm",
    "ShowingForm",
    "StartForm",
    "SupervisionForm",
]
