"""Report pages and their CSV downloads, for managers and coordinators; the Reports settings."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.csv import csv_response
from vig_service.core.views import settings_tab
from vig_service.reports import exports, layout
from vig_service.reports.configuration_forms import ReportSettingsForm
from vig_service.reports.forms import range_from_query
from vig_service.reports.models import ReportSettings

REPORT_ROLES = (Role.MANAGER, Role.COORDINATOR)
IGNORED_MESSAGE = "Some parts of the address were not recognised and have been ignored."


@dataclass(frozen=True)
class ReportKind:
    """One report: its address, its title, what it shows and the function that builds it."""

    slug: str
    title: str
    description: str
    build: object
    # The page shows a page of rows at a time (`?page=`); the download has them all.
    paged: bool = False


REPORTS = {
    kind.slug: kind
    for kind in (
        ReportKind(
            "referrals",
            "Referrals",
            "Referrals received by month, priority tier, route in and referrer's profession; "
            "acceptance and decline rates and the reasons for declining.",
            layout.referrals_report,
        ),
        ReportKind(
            "waiting-times",
            "Waiting times",
            "Days from submission to decision, acceptance to allocation and allocation to "
            "first filming (median and 90th percentile), and today's waiting list.",
            layout.waiting_times_report,
        ),
        ReportKind(
            "caseload",
            "Caseload per guider",
            "Open cases against capacity, cycles in the last 30 days and cases within "
            "4 weeks of their limit.",
            layout.caseload_report,
            paged=True,
        ),
        ReportKind(
            "outcomes",
            "Intervention outcomes",
            "Cycles per closed case, why cases closed, and the change in helping-question "
            "ratings from baseline to the last rating.",
            layout.outcomes_report,
        ),
        ReportKind(
            "training",
            "Training",
            "Courses with their places, fill rate and completion; trainees by stage; and "
            "the time from the initial course to accreditation.",
            layout.training_report,
        ),
        ReportKind(
            "engagement",
            "Engagement",
            "Appointments by month with the cancelled and did-not-attend rates, and the days "
            "from filming to the shared review.",
            layout.engagement_report,
        ),
        ReportKind(
            "measures",
            "Outcome measures",
            "For cases closed in these dates, each measure's change from the first result "
            "(at referral or the first cycle) to the last (at closure or follow-up): "
            "families, median change and the share improved, by priority tier and route in.",
            layout.measures_report,
        ),
        ReportKind(
            "feedback",
            "Family feedback",
            "How helpful families found VIG and whether they would recommend it, from the "
            "feedback questionnaire answered in these dates.",
            layout.feedback_report,
        ),
        ReportKind(
            "attunement",
            "What the clips teach",
            "Across cases closed in these dates, how often each principle of attuned "
            "interaction appeared in the clips of cycles before a helping question rose by 2 "
            "points or more, against cycles without such a rise. An association, not a cause.",
            layout.attunement_report,
        ),
    )
}


def _kind(slug: str) -> ReportKind:
    try:
        return REPORTS[slug]
    except KeyError:
        raise Http404 from None


@role_required(*REPORT_ROLES)
def index(request):
    """The list of reports."""
    return render(request, "reports/index.html", {"reports": REPORTS.values()})


@role_required(*REPORT_ROLES)
def report(request, slug):
    """One report for the chosen dates: headline figures, charts and tables."""
    kind = _kind(slug)
    extra = frozenset({"page"}) if kind.paged else frozenset()
    choice = range_from_query(request.GET, today=timezone.localdate(), extra=extra)
    if choice.ignored:
        messages.info(request, IGNORED_MESSAGE)
    paging = {"page": _page_from(request)} if kind.paged else {}
    result = kind.build(choice.range, **paging) if choice.range else None
    query = urlencode(choice.range.as_query()) if choice.range else ""
    return render(
        request,
        "reports/report.html",
        {
            "kind": kind,
            "form": choice.form,
            "date_range": choice.range,
            "report": result,
            "query": query,
            "settings": ReportSettings.load(),
        },
    )


def _page_from(request) -> int:
    """The page asked for (?page=2); the first for anything that is not a page number."""
    asked = request.GET.get("page", "")
    number = int(asked) if asked.isascii() and asked.isdigit() and len(asked) < 7 else 1
    return max(number, 1)


def _range_or_redirect(request, page: str, *, extra=frozenset()):
    """The valid range of a download, or a redirect to the page that explains what is wrong."""
    choice = range_from_query(request.GET, today=timezone.localdate(), extra=extra)
    if choice.range is None:
        query = {k: v for k, v in request.GET.items() if k not in extra}
        return None, redirect(f"{page}?{urlencode(query)}")
    return choice.range, None


@role_required(*REPORT_ROLES)
def report_csv(request, slug):
    """The report's figures as CSV; `?sharing=1` hides small counts when the service says so."""
    kind = _kind(slug)
    page = reverse("reports:report", args=[slug])
    date_range, back = _range_or_redirect(request, page, extra=frozenset({"sharing"}))
    if back:
        return back
    threshold = None
    if request.GET.get("sharing") == "1":
        settings = ReportSettings.load()
        threshold = settings.suppression_threshold if settings.suppress_small_numbers else None
    result = kind.build(date_range)
    suffix = "-for-sharing" if request.GET.get("sharing") == "1" else ""
    filename = f"{slug}-{date_range.start}-to-{date_range.end}{suffix}.csv"
    return csv_response(filename, result.CSV_HEADER, result.csv_rows(threshold))


@role_required(*REPORT_ROLES)
def referrals_csv(request):
    """Every referral received (one row each, no child details); all of them without dates."""
    if not request.GET:
        filename = f"referrals-all-{timezone.localdate()}.csv"
        return csv_response(
            filename, exports.REFERRAL_COLUMNS, exports.referral_rows(None, user=request.user)
        )
    date_range, back = _range_or_redirect(request, reverse("reports:report", args=["referrals"]))
    if back:
        return back
    filename = f"referrals-{date_range.start}-to-{date_range.end}.csv"
    return csv_response(
        filename, exports.REFERRAL_COLUMNS, exports.referral_rows(date_range, user=request.user)
    )


@role_required(Role.ADMINISTRATOR)
def configuration(request):
    """The Reports section of the Configuration page: small-number suppression."""
    form = ReportSettingsForm(request.POST or None, section=ReportSettings.load())
    return settings_tab(
        request, form, template="reports/configuration.html", saved="Report settings saved"
    )
