"""Finding ideas like the one being written, for the review step before
publishing. The finder belongs to search (above ideas), which fills this hook
in its AppConfig.ready(); without it, no idea is ever held for review."""

from collections.abc import Callable, Sequence

from ideas.models import Idea

Finder = Callable[..., Sequence[Idea]]
_finder: list[Finder] = []


def register_similar_ideas_finder(finder: Finder) -> None:
    """``finder(title=..., summary=..., exclude=...)`` returns similar ideas."""
    _finder[:] = [finder]


def similar_ideas(*, title: str, summary: str, exclude: int | None) -> list[Idea]:
    if not _finder:
        return []
    return list(_finder[0](title=title, summary=summary, exclude=exclude))
