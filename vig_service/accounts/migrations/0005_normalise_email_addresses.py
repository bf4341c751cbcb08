"""Store every address in the one normalised form sign-in now looks up exactly."""

import unicodedata

from django.db import migrations


def _normalised(email: str) -> str:
    # A copy of UserManager.normalize_email as it is at this migration.
    folded = unicodedata.normalize("NFKC", email or "").casefold()
    return unicodedata.normalize("NFKC", folded).strip()


def normalise_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.only("pk", "email").iterator():
        email = _normalised(user.email)
        if email != user.email:
            # The unique constraint refuses two accounts that normalise alike: an administrator
            # must merge them by hand before migrating.
            User.objects.filter(pk=user.pk).update(email=email)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_deactivation_and_team_requests")]

    operations = [migrations.RunPython(normalise_addresses, migrations.RunPython.noop)]
