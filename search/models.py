"""The database side of search: one row per public, searchable item.

Ideas, posts, projects, organisations and CMS pages are flattened into
``SearchEntry`` rows carrying the facet fields, so one indexed table answers a
query across every type with facet counts. The rows are derived data: they are
rebuilt from the source tables by ``manage.py search_rebuild`` and checked by
``manage.py search_reconcile``. ``IndexBacklog`` holds Elasticsearch updates
that have not reached the server yet.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryType(models.TextChoices):
    IDEA = "idea", _("Idea")
    POST = "post", _("Post")
    PROJECT = "project", _("Project")
    ORGANISATION = "organisation", _("Organisation")
    PAGE = "page", _("Page")


class SearchEntry(models.Model):
    type = models.CharField(max_length=20, choices=EntryType.choices)
    object_id = models.PositiveIntegerField()
    language = models.CharField(max_length=2, default="sv")
    title = models.CharField(max_length=300)
    # Title, summary and text, trimmed to what is worth indexing.
    body = models.TextField(blank=True)
    url = models.CharField(max_length=400)
    status = models.CharField(max_length=20, blank=True)
    kind = models.CharField(max_length=20, blank=True)
    organisation_kind = models.CharField(max_length=20, blank=True)
    author_role = models.CharField(max_length=20, blank=True)
    district_id = models.PositiveIntegerField(null=True, blank=True)
    challenge_id = models.PositiveIntegerField(null=True, blank=True)
    # The goals an entry serves (an idea can serve several), as a JSON list of
    # ids: counted per goal with jsonb_array_elements_text / json_each.
    goal_ids = models.JSONField(default=list)
    published_at = models.DateTimeField(null=True, blank=True)
    support_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    # documents.Entry.fingerprint of what was stored; search_reconcile compares.
    fingerprint = models.CharField(max_length=24, blank=True)
    # The text in the entry's own language ('swedish' or 'english'), title
    # weighted A and text B, plus language, facet and word-pair tokens: the SQL
    # function idestad_search_vector (migration 0004), which
    # search.database.entries_store calls.
    vector = SearchVectorField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["type", "object_id"], name="search_entry")
        ]
        # The GIN index on the vector and the title indexes are PostgreSQL-only
        # and made in migrations 0002 and 0004, which skip them on SQLite.
        # Dense searches read matches newest first and stop early; slices of
        # time are marked out by date: this index gives both.
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="search_entry_newest"),
            # Filters that narrow a broad match (read as bitmaps with the text).
            models.Index(fields=["type"], name="search_entry_type"),
            models.Index(fields=["district_id"], name="search_entry_district"),
            models.Index(fields=["challenge_id"], name="search_entry_challenge"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.object_id}: {self.title}"


class IndexBacklog(models.Model):
    """An item whose Elasticsearch document is out of date, until it is sent."""

    type = models.CharField(max_length=20, choices=EntryType.choices)
    object_id = models.PositiveIntegerField()
    queued_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["type", "object_id"], name="search_backlog")
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.object_id} (attempt {self.attempts})"
