"""The triage's cached facet counts follow every write to an idea."""

from django.db import transaction

from backoffice.selectors import counts_changed


def idea_saved(sender: type, **kwargs: object) -> None:
    # Now, for this transaction's own next read; and after commit, because a
    # request in between may have counted (and cached) the rows before it.
    counts_changed()
    transaction.on_commit(counts_changed)
