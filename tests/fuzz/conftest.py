"""Hypothesis profiles: a quick run in `make test`, the full 500 per form in `make fuzz`."""

import os

import pytest
from hypothesis import HealthCheck, settings

_common = {
    "deadline": None,
    "derandomize": False,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "database": None,
}
settings.register_profile("ci", max_examples=25, **_common)
settings.register_profile("fuzz", max_examples=500, **_common)
settings.register_profile("hunt", max_examples=120, **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Each example makes accounts; nobody signs in with a password."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
