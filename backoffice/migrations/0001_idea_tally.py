from django.db import migrations, models

from backoffice import tally


def install(apps, schema_editor):
    tally.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    tally.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("ideas", "0010_back_office_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name='IdeaTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('goal', models.BigIntegerField(default=0)),
                ('status', models.CharField(max_length=20)),
                ('kind', models.CharField(max_length=20)),
                ('author_role', models.CharField(max_length=20)),
                ('waiting', models.BooleanField()),
                ('district', models.BigIntegerField(default=0)),
                ('challenge', models.BigIntegerField(default=0)),
                ('organisation', models.BigIntegerField(default=0)),
                ('ideas', models.IntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('goal', 'status', 'kind', 'author_role', 'waiting', 'district', 'challenge', 'organisation'), name='ideatally_key')],
            },
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
