from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def test_every_interface_text_has_a_swedish_translation():
    catalogue = polib.pofile(str(CATALOGUE))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_translations_keep_their_placeholders():
    for entry in polib.pofile(str(CATALOGUE)).translated_entries():
        for placeholder in ("%(date)s", "%(start)s", "%(end)s", "%(number)s"):
            assert (placeholder in entry.msgid) == (placeholder in entry.msgstr), (
                entry.msgid
            )


def test_the_compiled_catalogue_is_what_django_uses():
    call_command("compiletranslations", verbosity=0)
    with translation.override("sv"):
        assert (
            translation.gettext("Skip to main content") == "Hoppa till huvudinnehållet"
        )


def test_the_swedish_site_speaks_swedish_and_the_english_site_english(
    client, demo_site
):
    assert "Hoppa till huvudinnehållet" in client.get("/sv/").content.decode()
    assert "Skip to main content" in client.get("/en/").content.decode()
