"""common.forms.PlainSelect draws the same markup as Django's Select."""

from django import forms
from django.test.html import parse_html

from common.forms import PlainSelect

CHOICES = [
    ("", "Alla mål"),
    (1, 'Öppen & "delad" data'),
    ("Stadsdelar", [("city", "Hela staden"), (7, "Kista <norr>")]),
]


class Pair(forms.Form):
    django = forms.ChoiceField(choices=CHOICES, required=False)
    plain = forms.ChoiceField(choices=CHOICES, required=False, widget=PlainSelect)


def drawn(data: dict | None = None) -> tuple[str, str]:
    form = Pair(data, auto_id="id_%s")
    django = str(form["django"]).replace('name="django" id="id_django"', "")
    plain = str(form["plain"]).replace('name="plain" id="id_plain"', "")
    return django, plain


def test_unbound_chosen_and_grouped_choices_draw_as_django_does():
    for data in (None, {"django": "7", "plain": "7"}, {"django": "1", "plain": "1"}):
        django, plain = drawn(data)
        assert parse_html(plain) == parse_html(django)
    assert '<option value="1" selected>Öppen &amp; &quot;delad&quot; data' in plain
    assert '<optgroup label="Stadsdelar">' in plain
    assert "Kista &lt;norr&gt;" in plain


def test_attributes_as_django_draws_them():
    widget_attrs = {"aria-describedby": 'hint "x"', "required": True, "disabled": False}
    plain = PlainSelect(choices=CHOICES, attrs=widget_attrs).render("goal", "")
    django = forms.Select(choices=CHOICES, attrs=widget_attrs).render("goal", "")
    assert parse_html(plain) == parse_html(django)
    assert 'aria-describedby="hint &quot;x&quot;" required>' in plain
    assert "disabled" not in plain
