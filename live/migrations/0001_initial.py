"""The event log, taken over from forum (forum.0004) on its existing tables:
no table is created or dropped, so every event and counter is kept and a
client's ``since`` still means the same event."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("forum", "0004_event_log_moves_to_live"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StreamCounter",
                    fields=[
                        (
                            "stream",
                            models.CharField(
                                max_length=80, primary_key=True, serialize=False
                            ),
                        ),
                        ("last_id", models.PositiveBigIntegerField(default=0)),
                    ],
                    options={"db_table": "forum_streamcounter"},
                ),
                migrations.CreateModel(
                    name="StreamEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("stream", models.CharField(max_length=80)),
                        ("seq", models.PositiveBigIntegerField()),
                        ("event", models.CharField(max_length=40)),
                        ("data", models.JSONField(default=dict)),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, db_index=True),
                        ),
                    ],
                    options={
                        "db_table": "forum_streamevent",
                        "ordering": ["stream", "seq"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("stream", "seq"), name="event_seq_unique"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
