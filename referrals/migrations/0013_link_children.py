"""Each submitted referral belongs to a child: referrals with the same NHS number, else the
same name (any case) and date of birth, become one child. Says what it linked."""

from django.db import migrations


def forwards(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    Child = apps.get_model("referrals", "Child")
    by_nhs, by_name, children, linked = {}, {}, 0, {"nhs": 0, "name": 0}
    submitted = Referral.objects.exclude(reference="").order_by("submitted_at", "pk")
    for referral in submitted.iterator():
        name_key = None
        if referral.child_first_name and referral.child_last_name and referral.child_date_of_birth:
            name_key = (
                referral.child_first_name.strip().lower(),
                referral.child_last_name.strip().lower(),
                referral.child_date_of_birth,
            )
        child_id = None
        if referral.child_nhs_number and referral.child_nhs_number in by_nhs:
            child_id, linked["nhs"] = by_nhs[referral.child_nhs_number], linked["nhs"] + 1
        elif name_key and name_key in by_name:
            child_id, linked["name"] = by_name[name_key], linked["name"] + 1
        else:
            child_id = Child.objects.create().pk
            children += 1
        if referral.child_nhs_number:
            by_nhs.setdefault(referral.child_nhs_number, child_id)
        if name_key:
            by_name.setdefault(name_key, child_id)
        Referral.objects.filter(pk=referral.pk).update(child_id=child_id)
    if children:
        print(
            f"\n  Children: {children} children for the submitted referrals; "
            f"{linked['nhs']} referrals joined an earlier one's child by NHS number and "
            f"{linked['name']} by name and date of birth"
        )


class Migration(migrations.Migration):
    # The history trigger writes the new column: the audit table must have it first.
    dependencies = [("referrals", "0012_children"), ("audit", "0007_referralhistory_child")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
