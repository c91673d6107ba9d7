"""Who may do what with ideas. The detailed reasons (a closed phase, a used-up
budget) are explained by the services; these are the role and ownership gates."""

import rules

from accounts.rules import is_city_staff, is_moderator, is_verified, may_take_part


@rules.predicate
def is_author(user, idea) -> bool:
    return idea is not None and user.is_authenticated and idea.author_id == user.pk


@rules.predicate
def is_co_author(user, idea) -> bool:
    """Invited by the author and accepted; may edit, not withdraw or invite."""
    if idea is None or not user.is_authenticated:
        return False
    if hasattr(idea, "shown_co_authors"):  # read with the idea (ideas.beside)
        return any(c.user_id == user.pk for c in idea.shown_co_authors)
    return idea.co_authors.filter(
        user_id=user.pk, accepted_at__isnull=False, ended_at__isnull=True
    ).exists()


is_writer = is_author | is_co_author


@rules.predicate
def is_visible(user, idea) -> bool:
    return idea is not None and idea.published_at is not None and idea.hidden_at is None


is_official = is_moderator | is_city_staff

rules.add_perm("ideas.add_idea", may_take_part)
rules.add_perm("ideas.change_idea", may_take_part & is_writer)
rules.add_perm("ideas.withdraw_idea", may_take_part & is_author)
rules.add_perm("ideas.invite_co_author", may_take_part & is_author)
rules.add_perm("ideas.view_idea", is_visible | is_writer | is_moderator)
rules.add_perm("ideas.support_idea", may_take_part & is_visible & ~is_writer)
rules.add_perm("ideas.change_status_idea", is_official)
rules.add_perm("ideas.answer_idea", is_official)
# The back office's triage list and assignment: the city's officials.
rules.add_perm("ideas.triage_idea", is_official)
rules.add_perm("ideas.assign_idea", is_official)
rules.add_perm("ideas.follow_idea", is_verified & is_visible)


@rules.predicate
def is_project_owner(user, project) -> bool:
    return (
        project is not None
        and user.is_authenticated
        and project.owners.filter(pk=user.pk).exists()
    )


rules.add_perm("ideas.promote_idea", is_moderator)
rules.add_perm(
    "ideas.change_project", is_moderator | (is_city_staff & is_project_owner)
)
# Reminding project owners of a missing annual follow-up report.
rules.add_perm("ideas.remind_report", is_official)
rules.add_perm("ideas.flag_idea", may_take_part & is_visible & ~is_writer)
rules.add_perm("ideas.moderate_idea", is_moderator)
