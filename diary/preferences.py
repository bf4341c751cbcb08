"""The page where a person turns their own daily digest on or off."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django.urls import reverse

from diary.digest import wants_digest
from diary.reminder_services import digest_preference_set
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import STAFF_ROLES
from vig_service.core.fields import YesNoField
from vig_service.core.form_pages import form_page
from vig_service.core.govuk_forms import GovForm, submit_button


class DigestPreferenceForm(GovForm):
    """Yes or no to the daily digest."""

    daily_digest = YesNoField(
        label="E-mail me a daily digest",
        required_message="Select yes if you want a daily digest by e-mail",
        help_text=(
            "Each morning: tomorrow's appointments, overdue shared reviews, supervision due, "
            "cases near their limit and, for coordinators, referrals waiting. Reminders to "
            "delete footage are sent even if you choose no, because families were promised it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("daily_digest", legend_size=Size.MEDIUM, inline=True),
            submit_button("Save"),
        )


def _saved(preference) -> str:
    if preference.daily_digest:
        return "You will get the daily digest"
    return "You will not get the daily digest. Reminders to delete footage will still be sent"


@role_required(*STAFF_ROLES)
def preference(request):
    """Whether the signed-in person gets the daily digest."""
    form = DigestPreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={"daily_digest": wants_digest(user=request.user)},
    )
    return form_page(
        request,
        form,
        title="Daily digest",
        save=lambda data: digest_preference_set(
            user=request.user, daily_digest=data["daily_digest"]
        ),
        done=_saved,
        back=reverse("reminders:preference"),
        template="diary/reminders/preference.html",
    )
