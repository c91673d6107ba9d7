"""Signals the forum sends for apps it must not know about (search)."""

from django.dispatch import Signal

# Sent with ``ids`` (post primary keys) when posts change through a bulk update,
# which sends no post_save: when an account's posts are emptied, for instance.
posts_changed = Signal()
