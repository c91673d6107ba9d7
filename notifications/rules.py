import rules

from accounts.rules import is_verified


@rules.predicate
def is_public_target(user, target) -> bool:
    """Pages that are live; ideas and threads that are published and not
    hidden; projects (always public)."""
    if target is None:
        return False
    if hasattr(target, "live"):
        return bool(target.live)
    if getattr(target, "published_at", True) is None:
        return False
    return getattr(target, "hidden_at", None) is None


rules.add_perm("notifications.follow", is_verified & is_public_target)
