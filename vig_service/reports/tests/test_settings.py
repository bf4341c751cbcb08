"""The report settings are a settings section beside the service configuration."""

from vig_service.core.models import ServiceConfiguration
from vig_service.reports.models import ReportSettings


def test_loading_a_section_first_creates_the_configuration_and_one_row(db):
    """A section's first load creates the configuration it hangs from; later loads find both."""
    assert not ServiceConfiguration.objects.exists()
    first = ReportSettings.load()
    assert ReportSettings.load().pk == first.pk == ServiceConfiguration.SINGLETON_ID
    assert (ServiceConfiguration.objects.count(), ReportSettings.objects.count()) == (1, 1)
