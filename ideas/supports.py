"""Supporting an idea, exactly once per person, and withdrawing.

Concurrency: the person's row is locked first, then the idea's. The person lock
keeps a challenge's support budget exact when one person supports several
ideas at once; the idea lock serialises every change to its count. Always in
that order, so two transactions never wait for each other in a circle.

The idea is locked last, just before its count changes: everything else (the
checks, the support row, the follow) happens before, so a popular idea is
held only for the count update, its live event and the commit. The checks
before read the idea as the caller loaded it; under the lock its status (and
for a new support, its hiding) is read again, and the change refused if
support closed since.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.utils.translation import gettext as _

from accounts.models import AuditLogEntry, User
from accounts.services import audit_log
from cms.models import ChallengePage, PhaseKind
from ideas import ranking
from ideas.models import Idea, IdeaStatus, Support
from live.events import event_emit
from notifications.services import follow_add

# Support is for ideas still being considered.
SUPPORTABLE_STATUSES = {IdeaStatus.SUBMITTED, IdeaStatus.UNDER_REVIEW}


def support_closed_reason(idea: Idea) -> str | None:
    """Why supporting is not possible now, in the reader's language; None if open."""
    if idea.status == IdeaStatus.WITHDRAWN:
        return _("Support is closed because the author has withdrawn the idea.")
    if idea.status not in SUPPORTABLE_STATUSES:
        return _("Support is closed because the idea has been decided on.")
    challenge = idea.challenge
    if challenge is not None and not challenge.is_in_phase(PhaseKind.SUPPORT):
        phase = challenge.phase_of(PhaseKind.SUPPORT)
        if phase is None:
            return _("This challenge does not collect support.")
        dates = phase.dates()
        if phase.ends_on is None:
            return _("Ideas in this challenge can be supported from %(start)s.") % dates
        return (
            _("Ideas in this challenge can be supported from %(start)s to %(end)s.")
            % dates
        )
    return None


def remaining_budget(user: User, challenge: ChallengePage | None) -> int | None:
    """How many more ideas in ``challenge`` the person may support, or None
    when there is no limit."""
    if challenge is None or challenge.support_budget is None:
        return None
    used = Support.objects.filter(user=user, idea__challenge=challenge).count()
    return max(challenge.support_budget - used, 0)


@transaction.atomic
def support_add(*, actor: User, idea: Idea, on_behalf_of: User | None = None) -> bool:
    """Support ``idea``; False if the person already does. With
    ``on_behalf_of``, city staff support for a person they registered (who
    consented then); the support is the person's, marked as assisted."""
    helper = None
    if on_behalf_of is not None:
        if not actor.has_perm("accounts.assist_person", on_behalf_of):
            raise PermissionDenied
        helper, actor = actor, on_behalf_of
    User.objects.select_for_update().only("pk").get(pk=actor.pk)
    if not actor.has_perm("ideas.support_idea", idea):
        raise PermissionDenied(_("You cannot support this idea."))
    if reason := support_closed_reason(idea):
        raise ValidationError(reason, code="closed")
    if Support.objects.filter(idea=idea, user=actor).exists():
        return False
    if remaining_budget(actor, idea.challenge) == 0:
        raise ValidationError(
            _("You have used all %(n)s supports you have in this challenge.")
            % {"n": idea.challenge.support_budget},
            code="budget",
        )
    support = Support.objects.create(
        idea=idea, user=actor, role=actor.role, assisted_by=helper
    )
    if helper is not None:
        audit_log(
            actor=helper,
            action=AuditLogEntry.Action.ASSISTED_CONTRIBUTION,
            target=actor,
            idea_id=idea.pk,
            support=True,
        )
    follow_add(actor=actor, target=idea, check=False)
    _count_change(idea, support, +1)
    return True


@transaction.atomic
def support_withdraw(*, actor: User, idea: Idea) -> bool:
    """Withdraw one's support while support is open; False if there was none."""
    User.objects.select_for_update().only("pk").get(pk=actor.pk)
    support = Support.objects.filter(idea=idea, user=actor).first()
    if support is None:
        return False
    if reason := support_closed_reason(idea):
        raise ValidationError(reason, code="closed")
    support.delete()
    _count_change(idea, support, -1)
    return True


def _count_change(idea: Idea, support: Support, change: int) -> None:
    """Lock the idea, refuse if support closed since ``idea`` was read, and
    move its counts by ``change``; the last step of a support's transaction.
    ``idea.support_count`` is left as committed, for the caller to show."""
    locked = (
        Idea.objects.select_for_update()
        .only("status", "hidden_at", "support_count", "support_role_counts")
        .get(pk=idea.pk)
    )
    if change > 0 and locked.hidden_at is not None:
        raise PermissionDenied(_("You cannot support this idea."))
    idea.status = locked.status
    if reason := support_closed_reason(idea):
        raise ValidationError(reason, code="closed")
    Idea.objects.filter(pk=idea.pk).update(
        support_count=F("support_count") + change,
        support_role_counts=_role_counts(locked, support.role, change),
        heat=F("heat")
        + change * ranking.heat(support.created_at, ranking.SUPPORT_WEIGHT),
    )
    idea.support_count = locked.support_count + change
    _emit_count(idea, idea.support_count)


def _role_counts(idea: Idea, role: str, change: int) -> dict[str, int]:
    """The idea's per-role counts after one change; read under the row lock."""
    counts = dict(idea.support_role_counts)
    counts[role] = max(counts.get(role, 0) + change, 0)
    return counts


def supports_recount(idea_ids: list[int]) -> None:
    """Set the stored counts of these ideas from their support rows. Call inside
    a transaction that holds their row locks (or where nobody else writes)."""
    per_idea: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Support.objects.filter(idea_id__in=idea_ids)
        .values_list("idea_id", "role")
        .annotate(n=Count("pk"))
    )
    for idea_id, role, n in rows:
        per_idea[idea_id][role] = n
    for idea_id in idea_ids:
        counts = per_idea.get(idea_id, {})
        Idea.objects.filter(pk=idea_id).update(
            support_count=sum(counts.values()), support_role_counts=counts
        )


def _emit_count(idea: Idea, count: int) -> None:
    event_emit(f"idea.{idea.pk}", "idea.support_count", {"support_count": count})
