"""The event log behind live updates: every event is a row written in the same
transaction as the change it describes, numbered per stream, so a client that
reconnects can ask for everything after the last id it saw.

The tables keep the names they had when the log lived in forum/ (migration
live.0001 takes them over without touching a row)."""

from django.db import models


class StreamCounter(models.Model):
    """The last event id given out on a stream (ids are per stream)."""

    stream = models.CharField(max_length=80, primary_key=True)
    last_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        db_table = "forum_streamcounter"

    def __str__(self) -> str:
        return f"{self.stream}: {self.last_id}"


class StreamEvent(models.Model):
    stream = models.CharField(max_length=80)
    seq = models.PositiveBigIntegerField()
    event = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "forum_streamevent"
        ordering = ["stream", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["stream", "seq"], name="event_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.stream}#{self.seq} {self.event}"
