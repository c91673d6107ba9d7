"""The site's locales are read once per process and version (common.locales):
a page asks the database for none, Wagtail's own ``Locale.get_active()`` and
``get_default()`` included, and a language an administrator adds or removes
is seen at once."""

import pytest
from django.utils import translation
from wagtail.models import Locale

from common.locales import active_locale, default_locale

pytestmark = pytest.mark.django_db


def swedish() -> Locale:
    return Locale.objects.get(language_code="sv")


def test_the_active_locale_is_read_once_not_per_call(django_assert_num_queries):
    Locale.objects.get_or_create(language_code="en")
    with translation.override("en"):
        assert active_locale().language_code == "en"
        with django_assert_num_queries(0):
            assert active_locale().language_code == "en"
            assert Locale.get_active().language_code == "en"  # Wagtail's, too
    with django_assert_num_queries(0), translation.override("sv"):
        kept = active_locale()
        assert default_locale() == Locale.get_default() == kept
    assert kept == swedish()


def test_a_language_added_later_is_the_active_locale_at_once():
    Locale.objects.filter(language_code="en").delete()
    with translation.override("en"):
        # No English locale: the default one, as Wagtail's get_active() gives.
        assert active_locale() == swedish()
        english = Locale.objects.create(language_code="en")
        assert active_locale() == english
    english.delete()
    with translation.override("en"):
        assert active_locale() == swedish()


def test_a_language_the_site_does_not_have_falls_back_to_the_default():
    with translation.override("fi"):
        assert active_locale() == swedish()
