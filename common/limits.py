"""How often one person may do a thing, counted in the database.

Counting rows that already exist (ideas, reports, invitations) holds across
every worker and needs nothing beside the database. The caller first takes the
person's row lock (``hold``) in its transaction, so two requests from one
person sent at the same moment are counted one after the other, not both
against the same count.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils import timezone


def hold(row: Model) -> None:
    """Lock ``row`` until the transaction ends."""
    manager = row._meta.model._default_manager  # row may be a lazy request.user
    list(manager.select_for_update().filter(pk=row.pk).values_list("pk", flat=True))


def refuse_over(
    recent: QuerySet, *, field: str, limit: int, window: timedelta, message: str
) -> None:
    """Refuse (with ``message``) when ``recent`` holds ``limit`` rows or more
    whose ``field`` falls within the last ``window``."""
    since = timezone.now() - window
    if recent.filter(**{f"{field}__gte": since}).count() >= limit:
        raise ValidationError(message)
