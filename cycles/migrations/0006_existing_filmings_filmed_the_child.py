"""Filmings recorded before the children filmed were asked for: the child referred was filmed.

VIG films the child referred with their parent or carer, so that is what an older filming
recorded; household children filmed then are not known.
"""

from django.db import migrations


def mark_focus_child_filmed(apps, schema_editor):
    Cycle = apps.get_model("cycles", "Cycle")
    Cycle.objects.filter(filmed_on__isnull=False).update(focus_child_filmed=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0005_cycle_children_filmed_started_by"),
        ("audit", "0002_history_children_filmed"),
    ]

    operations = [migrations.RunPython(mark_focus_child_filmed, migrations.RunPython.noop)]
