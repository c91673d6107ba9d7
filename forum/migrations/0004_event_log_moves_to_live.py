"""The event log moves to the live app (live.0001). Only Django's idea of which
app owns the two models changes; the tables, their rows, ids and indexes stay
exactly as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0003_editors_manage_categories"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="StreamEvent"),
                migrations.DeleteModel(name="StreamCounter"),
            ],
            database_operations=[],
        ),
    ]
