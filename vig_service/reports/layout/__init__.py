"""The six reports as tables: `queries` gives the aggregated rows, these arrange them.

Python only puts each figure in its place: a month with no referrals still gets its row,
and categories come in the order the service uses them.
"""

from vig_service.reports.layout.attunement import attunement_report
from vig_service.reports.layout.cases import caseload_report, outcomes_report
from vig_service.reports.layout.engagement import engagement_report
from vig_service.reports.layout.family_voice import feedback_report, measures_report
from vig_service.reports.layout.referrals import referrals_report, waiting_times_report
from vig_service.reports.layout.training import training_report

__all__ = [
    "attunement_report",
    "caseload_report",
    "engagement_report",
    "feedback_report",
    "measures_report",
    "outcomes_report",
    "referrals_report",
    "training_report",
    "waiting_times_report",
]
