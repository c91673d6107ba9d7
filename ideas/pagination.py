"""Pagination for long idea lists.

- The total is counted at most once a minute per filter combination (cached),
  so "N ideas" may lag a new idea by up to a minute while every row shown is
  live.
- A page is fetched in two steps: the ids first, through the narrow partial
  index of the chosen sort, then the full rows for those ids. A deep page then
  walks index entries instead of whole rows.
"""

import hashlib
from functools import cached_property

from django.core.cache import cache
from django.core.paginator import Page, Paginator

COUNT_CACHE_SECONDS = 60


class IdeaPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        query = str(self.object_list.query).encode()
        key = "ideas:count:" + hashlib.sha256(query).hexdigest()
        return cache.get_or_set(key, self.object_list.count, COUNT_CACHE_SECONDS)

    def page(self, number: object) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(
            self.object_list.values_list("pk", flat=True)[
                bottom : bottom + self.per_page
            ]
        )
        by_id = self.object_list.in_bulk(ids)
        return self._get_page([by_id[pk] for pk in ids if pk in by_id], number, self)
