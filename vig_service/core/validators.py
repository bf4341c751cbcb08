"""Field validators shared across apps."""

import re

from django.core.exceptions import ValidationError

DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def validate_domain_list(value: str) -> None:
    """Every non-empty line must be a domain name such as nhs.net."""
    bad = [
        line.strip()
        for line in value.splitlines()
        if line.strip() and not DOMAIN_RE.match(line.strip().lower())
    ]
    if bad:
        raise ValidationError(
            "Enter each domain on its own line, like cornwall.gov.uk (not valid: %(bad)s)",
            params={"bad": ", ".join(bad)},
            code="invalid_domain",
        )
