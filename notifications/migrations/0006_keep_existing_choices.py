"""New accounts get e-mail about their own contributions as a daily digest
(notifications.services.DIGESTED_BY_DEFAULT). Accounts made before keep what
they had: where they never chose, the old default ("only here on the site") is
written down for them, so nothing changes for them until they choose."""

from django.db import migrations

# The kinds as they were when the default changed (not imported: a later
# change of the set must not rewrite this history).
KINDS = [
    "idea.status_changed",
    "idea.answered",
    "idea.promoted",
    "post.mentioned",
    "post.created",
]
BATCH = 1000


def keep_existing_choices(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    people = User.objects.only("pk", "notification_preferences").order_by("pk")
    changed = []
    for person in people.iterator(chunk_size=BATCH):
        preferences = dict(person.notification_preferences or {})
        missing = [kind for kind in KINDS if kind not in preferences]
        if missing:
            person.notification_preferences = {
                **preferences,
                **dict.fromkeys(missing, "in_app"),
            }
            changed.append(person)
        if len(changed) >= BATCH:
            User.objects.bulk_update(changed, ["notification_preferences"])
            changed = []
    User.objects.bulk_update(changed, ["notification_preferences"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0005_notification_site")]

    operations = [
        migrations.RunPython(
            keep_existing_choices, migrations.RunPython.noop, elidable=True
        )
    ]
