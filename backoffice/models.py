"""The back office's own table: a running tally behind the triage's counts."""

from django.db import models

EVERY_GOAL = 0


class IdeaTally(models.Model):
    """How many visible ideas share one key: (status, kind, author's role,
    waiting, district, challenge, organisation), counted once over every idea
    (``goal`` 0) and once per goal the ideas are linked to. So the triage's
    counts for every facet, with any of those filters, are sums over a few
    hundred rows instead of reads of 100,000 ideas. A missing district,
    challenge or organisation is 0, so the key has no NULL in it.

    Kept by database triggers on ``ideas_idea`` and its goals (backoffice.tally),
    not by Python: every write counts, whether a service, a queryset
    ``update()``, a migration or a bulk load made it. Rows at zero stay."""

    goal = models.BigIntegerField(default=EVERY_GOAL)
    status = models.CharField(max_length=20)
    kind = models.CharField(max_length=20)
    author_role = models.CharField(max_length=20)
    waiting = models.BooleanField()
    district = models.BigIntegerField(default=0)
    challenge = models.BigIntegerField(default=0)
    organisation = models.BigIntegerField(default=0)
    ideas = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "goal", "status", "kind", "author_role", "waiting",
                    "district", "challenge", "organisation",
                ],
                name="ideatally_key",
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"goal {self.goal}, {self.status}/{self.kind}: {self.ideas}"
