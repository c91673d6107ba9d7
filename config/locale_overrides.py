"""Our corrections to django-allauth's Swedish, compiled beside our own
catalogue at install time (``manage.py compiletranslations``).

allauth's Swedish catalogue writes "epost" where the rest of the site (and
Språkrådet) writes "e-post", and its login page says "Already have an
account? Then sign in" above a link to sign-up. Rather than copy its
catalogue into the repository, the installed one is read and only the texts
these rules change are written to ``locale/generated``, which Django reads
after our own catalogue and before allauth's.
"""

import re
from pathlib import Path

import polib

# Whole texts we write ourselves, by allauth's msgid.
FIXES = {
    "If you have not created an account yet, then please %(link)ssign "
    "up%(end_link)s first.": "Har du inget konto än? Då kan du "
    "%(link)sskapa ett%(end_link)s först.",
}
# Spelling, in every text: "epost-adress" → "e-postadress", "Epost" → "E-post".
SPELLING = (
    (re.compile(r"\b([Ee])post-(\w)"), r"\1-post\2"),
    (re.compile(r"\b([Ee])post\b"), r"\1-post"),
)


def corrected(text: str) -> str:
    for pattern, replacement in SPELLING:
        text = pattern.sub(replacement, text)
    return text


def allauth_overrides(language: str) -> polib.POFile:
    """The entries of allauth's catalogue for ``language`` that our rules
    change, with our text."""
    import allauth

    source = Path(allauth.__file__).parent / "locale" / language / "LC_MESSAGES"
    catalogue = polib.pofile(str(source / "django.po"))
    overrides = polib.POFile()
    overrides.metadata = dict(catalogue.metadata)
    for entry in catalogue.translated_entries():
        if entry.obsolete:
            continue
        changed = _changed(entry)
        if changed is not None:
            overrides.append(changed)
    return overrides


def _changed(entry: polib.POEntry) -> polib.POEntry | None:
    if entry.msgid in FIXES:
        return polib.POEntry(msgid=entry.msgid, msgstr=FIXES[entry.msgid])
    if entry.msgid_plural:
        plural = {n: corrected(text) for n, text in entry.msgstr_plural.items()}
        if plural == entry.msgstr_plural:
            return None
        return polib.POEntry(
            msgid=entry.msgid,
            msgid_plural=entry.msgid_plural,
            msgstr_plural=plural,
            msgctxt=entry.msgctxt,
        )
    text = corrected(entry.msgstr)
    if text == entry.msgstr:
        return None
    return polib.POEntry(msgid=entry.msgid, msgstr=text, msgctxt=entry.msgctxt)
