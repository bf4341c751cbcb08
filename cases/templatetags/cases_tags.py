"""Template tags for the case pages."""

import functools
import html

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from referrals.selectors import active_flags
from referrals.templatetags.referrals_tags import age_years
from vig_service.accounts.roles import Role

register = template.Library()


STATUS_COLOURS = {"allocated": "blue", "contracting": "light-blue", "active": "green"}
HINT = '<span class="govuk-hint govuk-!-margin-0">{}</span>'


@register.inclusion_tag("cases/includes/status_tag.html")
def case_status_tag(case):
    """The case's status as a coloured GOV.UK tag."""
    return {"label": case.get_status_display(), "colour": STATUS_COLOURS.get(case.status, "grey")}


def _next_action(action) -> str:
    # As includes/next_action.html writes it.
    if action.url:
        return format_html('<a class="govuk-link" href="{}">{}</a>', action.url, action.label)
    colour = {"urgent": "red", "warning": "orange"}.get(action.severity)
    if colour:
        return format_html(
            '<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, action.label
        )
    return format_html("{}", action.label)


@register.simple_tag
def case_row(case, filters) -> SafeString:
    """One row of a cases table, every value escaped; with the tier when it has `filters`.

    Written in one pass, as the queue's rows are (docs/architecture.md, "Rows written in one
    pass"): a page of cases through the template engine, an include and a tag in each row, was
    half of My cases' time, and `format_html` for each piece a third of what was left.
    """
    escape = html.escape
    referral, progress = case.referral, case.progress
    url = escape(reverse("cases:overview", args=[case.pk]))
    age = escape(f"{age_years(referral.child_date_of_birth)} · {referral.reference}")
    child = f'<a class="govuk-link" href="{url}">{escape(referral.child_name)}</a><br>'
    child += HINT.format(age)
    colour = escape(STATUS_COLOURS.get(case.status, "grey"))
    status = f'<strong class="govuk-tag govuk-tag--{colour}">'
    status += f"{escape(case.get_status_display())}</strong>"
    guider = escape(case.guider.full_name)
    if case.co_worker:
        guider += "<br>" + HINT.format(escape(f"with {case.co_worker.full_name}"))
    cycles = escape(f"{progress.cycles_done} of {progress.limit.cycles}")
    if progress.limit.extended:
        cycles += " " + HINT.format("(extended)")
    reviewed = progress.last_review_on
    # Already escaped: format_html wrote it.
    action = str(_next_action(progress.next_action))
    if progress.footage_due_on and not case.footage_deleted_on:
        due = escape(f"Delete by {date_format(progress.footage_due_on, 'j M Y')}")
        action += "<br>" + HINT.format(due)
    cells = [child, status, guider]
    if filters is not None:
        cells.append(escape(str(referral.priority_tier or "–")))
    cells += [cycles, escape(date_format(reviewed, "j M Y")) if reviewed else "None yet", action]
    return SafeString(
        '<tr class="govuk-table__row">'
        + "".join(f'<td class="govuk-table__cell">{cell}</td>' for cell in cells)
        + "</tr>"
    )


# A case's sections, as (tab, URL name, label), in the order the sub-navigation shows them.
CASE_TABS = (
    ("overview", "cases:overview", "Overview"),
    ("contacts", "cases:contacts", "Contacts"),
    ("consents", "cases:consents", "Consents"),
    ("questions", "cases:questions", "Helping questions"),
    ("measures", "cases:measures", "Measures"),
    ("traject", "cases:traject", "Traject plan"),
    ("cycles", "cycles:list", "Cycles"),
    ("documents", "documents:case_list", "Documents"),
    ("family", "family:case_links", "Family links"),
    ("timeline", "cases:timeline", "Timeline"),
)
# A number no case has, reversed once per URL and replaced by each case's own.
_SENTINEL = 8_675_309_000


@functools.cache
def _tab_addresses() -> tuple[tuple[str, str, str], ...]:
    """Each tab's address with `{pk}` for the case: reversed once per process rather than ten
    times on every case page (the URLs take the case's number alone)."""
    return tuple(
        (tab, html.escape(reverse(name, args=[_SENTINEL])).replace(str(_SENTINEL), "{pk}"), label)
        for tab, name, label in CASE_TABS
    )


@register.simple_tag
def case_tabs(case, current_tab) -> SafeString:
    """The MOJ sub-navigation of a case's sections, the current one marked, in one pass."""
    items = "".join(
        '<li class="moj-sub-navigation__item"><a class="moj-sub-navigation__link" '
        + ('aria-current="page" ' if tab == current_tab else "")
        + f'href="{address.format(pk=int(case.pk))}">{label}</a></li>'
        for tab, address, label in _tab_addresses()
    )
    return SafeString(
        '<nav class="moj-sub-navigation" aria-label="Case sections">'
        f'<ul class="moj-sub-navigation__list">{items}</ul></nav>'
    )


@register.simple_tag(takes_context=True)
def back_to_cases_link(context):
    """The back link of a case page: to the cases list, or a manager's cases near their limit."""
    user = context["request"].user
    if user.has_role(Role.GUIDER, Role.COORDINATOR, Role.SUPERVISOR):
        url, label = reverse("cases:list"), "Back to cases"
    else:
        url, label = reverse("cases:near_limit"), "Back to cases at or near their limit"
    return format_html('<a href="{}" class="govuk-back-link">{}</a>', url, label)


@register.inclusion_tag("referrals/includes/flags.html", takes_context=True)
def case_flags(context, case):
    """The flags on the case's child, household and the case itself, with End for its workers
    (one query; the appointment page shows the same without the buttons)."""
    if case is None:
        return {"flags": []}
    return {
        "flags": active_flags(child_id=case.referral.child_id, case_id=case.pk),
        "flag_end_url": "cases:flag_end" if context.get("can_end_flags") else "",
        "flag_owner_pk": case.pk,
        "can_end_flags": context.get("can_end_flags", False),
        "csrf_token": context.get("csrf_token"),
    }
