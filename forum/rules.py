"""Who may do what in discussions. Services explain the finer reasons (a locked
thread, a rate limit); these are the role, ownership and state gates."""

import rules

from accounts.rules import is_city_staff, is_moderator, is_verified, may_take_part


@rules.predicate
def is_post_author(user, post) -> bool:
    return post is not None and user.is_authenticated and post.author_id == user.pk


@rules.predicate
def is_post_visible(user, post) -> bool:
    return post is not None and post.hidden_at is None and post.removed_at is None


@rules.predicate
def is_thread_visible(user, thread) -> bool:
    return thread is not None and thread.hidden_at is None


rules.add_perm("forum.add_thread", may_take_part)
rules.add_perm("forum.add_post", may_take_part)
rules.add_perm("forum.change_post", may_take_part & is_post_author & is_post_visible)
rules.add_perm("forum.delete_post", is_post_author & is_post_visible)
rules.add_perm("forum.react_post", may_take_part & is_post_visible & ~is_post_author)
rules.add_perm("forum.flag_post", may_take_part & is_post_visible & ~is_post_author)
rules.add_perm("forum.answer_officially", is_moderator | is_city_staff)
rules.add_perm("forum.moderate_post", is_moderator)
rules.add_perm("forum.view_thread", is_thread_visible | is_moderator)
rules.add_perm("forum.follow_thread", is_verified & is_thread_visible)
rules.add_perm("forum.suspend_user", is_moderator)
