"""Supporting an idea, exactly once per person, and withdrawing.

Concurrency: the database keeps each count exact, with as little held as
possible, so that a crowd can support one popular idea at once.

- Once per person is the unique (idea, user) constraint: of two requests from
  one person at the same moment, the second's insert waits for the first and
  fails, and is answered "you already support this idea".
- A withdrawal counts only if its DELETE removed the row, so two at once
  move the count once.
- A challenge's support budget is counted per person: only there is the
  person's row locked first, so one person's supports in that challenge are
  made one after another.
- The idea's row is the last thing written: one UPDATE moves its counts, on
  the condition that it may still be supported (not hidden, not decided since
  the checks read it), and returns the new count; the live event follows in
  one more statement, and the commit. A popular idea is held for those alone.
- On PostgreSQL a person's own support (not assisted, not in a challenge with
  a budget) is written in one statement of its own: the count, the support
  row, the follow, the live event and the copies of the count other apps
  keep (``copy_support_count``: search's entry) (``_support_add_at_once``; a
  withdrawal, ``_support_withdraw_at_once``, likewise). The database
  commits it as it ends, so the idea's row is held only while the server runs
  it: before, the lock was held across two round trips to a process that, on
  a busy machine, waited milliseconds for a core each time
  (``bench/hot_idea.py``, ``docs/decisions.md``).

Locks are taken person first, then idea, so two transactions never wait for
each other in a circle.
"""

from collections import defaultdict
from collections.abc import Callable
from contextlib import nullcontext
from typing import NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditLogEntry, User
from accounts.services import audit_log
from cms.models import ChallengePage, PhaseKind
from common.compiled import (
    ID_MARKER,
    SECOND_ID_MARKER,
    CompiledQuery,
    planned_cursor,
)
from ideas import ranking
from ideas.models import Idea, IdeaStatus, Support
from live.events import event_emit, event_logged, logging_ctes
from notifications.services import follow_add, follow_insert_cte

# Support is for ideas still being considered.
SUPPORTABLE_STATUSES = {IdeaStatus.SUBMITTED, IdeaStatus.UNDER_REVIEW}

# A copy of the support count kept by an app above this one (search's entry),
# moved in the one statement that moves the count. Given the idea's id and the
# name of the CTE whose row is the moved idea (columns ``id`` and
# ``support_count``), it gives its name, a CTE of its own and that CTE's
# parameters; or None, and is told afterwards by the support's post_save or
# post_delete, as for any support.
CountCopy = Callable[[int, str], tuple[str, str, list] | None]
_count_copies: list[CountCopy] = []


def copy_support_count(copy: CountCopy) -> None:
    """Have ``copy`` written in every support made in one statement. The
    support's signal then names it in ``copied``: its receiver has nothing
    left to do, and a popular idea saves a statement and a commit a support."""
    if copy not in _count_copies:
        _count_copies.append(copy)


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


def support_add(*, actor: User, idea: Idea, on_behalf_of: User | None = None) -> bool:
    """Support ``idea``; False if the person already does. With
    ``on_behalf_of``, city staff support for a person they registered (who
    consented then); the support is the person's, marked as assisted."""
    helper = None
    if on_behalf_of is not None:
        if not actor.has_perm("accounts.assist_person", on_behalf_of):
            raise PermissionDenied
        helper, actor = actor, on_behalf_of
    try:
        if _at_once(idea, helper):
            return _support_add_at_once(actor, idea)
        return _support_add(actor, idea, helper)
    except IntegrityError:
        # The same person's support, committed by another request meanwhile.
        if Support.objects.filter(idea=idea, user=actor).exists():
            return False
        raise


def _budgeted(idea: Idea) -> bool:
    return idea.challenge is not None and idea.challenge.support_budget is not None


def _at_once(idea: Idea, helper: User | None) -> bool:
    """Whether the support is one statement (module docstring); a budget or an
    assisting official needs reads and writes of their own in the transaction."""
    return connection.vendor == "postgresql" and helper is None and not _budgeted(idea)


def _may_support(actor: User, idea: Idea) -> None:
    if not actor.has_perm("ideas.support_idea", idea):
        raise PermissionDenied(_("You cannot support this idea."))
    if reason := support_closed_reason(idea):
        raise ValidationError(reason, code="closed")


@transaction.atomic
def _support_add(actor: User, idea: Idea, helper: User | None) -> bool:
    budgeted = _budgeted(idea)
    if budgeted:
        User.objects.select_for_update().only("pk").get(pk=actor.pk)
    _may_support(actor, idea)
    if budgeted:
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


def _support_add_at_once(actor: User, idea: Idea) -> bool:
    _may_support(actor, idea)
    support = Support(idea=idea, user=actor, role=actor.role, created_at=timezone.now())
    moved, params = _moved_cte(idea.pk, support, +1, "AND hidden_at IS NULL")
    follow, follow_params = follow_insert_cte(actor, Idea, "moved")
    events, event_params = logging_ctes(
        f"idea.{idea.pk}", "idea.support_count", "moved", _COUNT_DATA
    )
    copies, copy_params, copied = _copies(idea.pk, "moved")
    row = _one_statement(
        f"WITH {moved}, added AS (INSERT INTO {Support._meta.db_table} "  # noqa: S608
        "(idea_id, user_id, role, created_at) SELECT id, %s, %s, %s FROM moved "
        f"RETURNING id), {follow}, {events}{copies} "
        "SELECT moved.support_count, added.id, logged_event.id, logged_event.seq, "
        "logged_event.data, logged_event.created_at FROM moved, added, logged_event",
        [
            *params,
            actor.pk,
            support.role,
            support.created_at,
            *follow_params,
            *event_params,
            *copy_params,
        ],
    )
    if row is None:
        _refuse_closed(idea, adding=True)
    count, support.pk, *logged = row
    _written(support, post_save, created=True, copied=copied)
    idea.support_count = count
    event_logged(f"idea.{idea.pk}", "idea.support_count", logged)
    return True


def support_withdraw(*, actor: User, idea: Idea) -> bool:
    """Withdraw one's support while support is open; False if there was none."""
    if connection.vendor == "postgresql":
        return _support_withdraw_at_once(actor, idea)
    return _support_withdraw(actor, idea)


# A person's support of an idea, as a withdrawal reads it first: SQL written
# and planned once (common.compiled).
_support_of = CompiledQuery(
    lambda idea, user: Support.objects.filter(idea_id=idea, user_id=user).only(
        "pk", "idea_id", "user_id", "role", "created_at"
    ),
    markers=(ID_MARKER, SECOND_ID_MARKER),
)


def _support_withdraw_at_once(actor: User, idea: Idea) -> bool:
    support = _support_of.first(idea.pk, actor.pk)
    if support is None:
        return False
    if reason := support_closed_reason(idea):
        raise ValidationError(reason, code="closed")
    table, supports = Idea._meta.db_table, Support._meta.db_table
    # The idea is locked first, and only while support is open; the support
    # row goes only then, and the count moves only if this statement removed
    # it (two withdrawals at once move it once).
    moved, params = _moved_cte(
        idea.pk,
        support,
        -1,
        "AND id IN (SELECT id FROM locked) AND EXISTS (SELECT 1 FROM gone)",
    )
    events, event_params = logging_ctes(
        f"idea.{idea.pk}", "idea.support_count", "moved", _COUNT_DATA
    )
    copies, copy_params, copied = _copies(idea.pk, "moved")
    row = _one_statement(
        f"WITH locked AS (SELECT id FROM {table} WHERE id = %s "  # noqa: S608
        f"AND status IN ({_OPEN_PLACEHOLDERS}) FOR UPDATE), "
        f"gone AS (DELETE FROM {supports} WHERE id = %s "
        "AND EXISTS (SELECT 1 FROM locked) RETURNING id), "
        f"{moved}, {events}{copies} "
        "SELECT moved.support_count, logged_event.id, logged_event.seq, "
        "logged_event.data, logged_event.created_at FROM moved, logged_event",
        [idea.pk, *_OPEN, support.pk, *params, *event_params, *copy_params],
    )
    if row is None:
        if not Support.objects.filter(pk=support.pk).exists():
            return False  # withdrawn by another request meanwhile
        _refuse_closed(idea, adding=False)
    count, *logged = row
    _written(support, post_delete, copied=copied)
    idea.support_count = count
    event_logged(f"idea.{idea.pk}", "idea.support_count", logged)
    return True


@transaction.atomic
def _support_withdraw(actor: User, idea: Idea) -> bool:
    support = Support.objects.filter(idea=idea, user=actor).first()
    if support is None:
        return False
    if reason := support_closed_reason(idea):
        raise ValidationError(reason, code="closed")
    deleted, _rows = support.delete()
    if not deleted:  # withdrawn by another request meanwhile
        return False
    _count_change(idea, support, -1)
    return True


def _count_change(idea: Idea, support: Support, change: int) -> None:
    """Move the idea's counts by ``change`` if it may still be supported, else
    refuse with the reason; the last write of a support's transaction.
    ``idea.support_count`` becomes the count this change committed."""
    count = _counts_move(
        idea.pk,
        role=support.role,
        change=change,
        heat=change * ranking.heat(support.created_at, ranking.SUPPORT_WEIGHT),
    )
    if count is None:
        _refuse_closed(idea, adding=change > 0)
    idea.support_count = count
    _emit_count(idea, count)


def _refuse_closed(idea: Idea, *, adding: bool) -> NoReturn:
    """Why the count could not move: hidden or decided since ``idea`` was read."""
    now = Idea.objects.only("status", "hidden_at").get(pk=idea.pk)
    if adding and now.hidden_at is not None:
        raise PermissionDenied(_("You cannot support this idea."))
    idea.status = now.status
    raise ValidationError(
        support_closed_reason(idea) or _("You cannot support this idea."),
        code="closed",
    )


_OPEN = sorted(SUPPORTABLE_STATUSES)
_OPEN_PLACEHOLDERS = ", ".join(["%s"] * len(_OPEN))
_COUNT_DATA = "json_build_object('support_count', moved.support_count)"


def _moved_cte(
    idea_id: int, support: Support, change: int, condition: str
) -> tuple[str, list]:
    """The CTE ``moved`` of a statement that writes a support: the idea's
    counts move by ``change`` if support is open and ``condition`` holds."""
    heat = change * ranking.heat(support.created_at, ranking.SUPPORT_WEIGHT)
    sql = (
        f"moved AS (UPDATE {Idea._meta.db_table} SET "  # noqa: S608
        "support_count = support_count + %s, support_role_counts = jsonb_set("
        "support_role_counts, ARRAY[%s]::text[], to_jsonb(GREATEST(COALESCE("
        "(support_role_counts ->> %s)::int, 0) + %s, 0))), heat = heat + %s, "
        "updated_at = STATEMENT_TIMESTAMP() "
        f"WHERE id = %s AND status IN ({_OPEN_PLACEHOLDERS}) {condition} "
        "RETURNING id, support_count)"
    )
    role = support.role
    return sql, [change, role, role, change, heat, idea_id, *_OPEN]


def _one_statement(sql: str, params: list) -> tuple | None:
    """Run a support's statement: outside a transaction it commits as it
    ends, with nothing held in between; inside a caller's, in a savepoint,
    so that a refusal (a second support by one person) leaves the caller's
    transaction usable."""
    inside = connection.in_atomic_block
    with (
        transaction.atomic() if inside else nullcontext(),
        planned_cursor() as cursor,  # planned once per connection
    ):
        cursor.execute(sql, params)
        return cursor.fetchone()


def _copies(idea_id: int, source: str) -> tuple[str, list, frozenset[str]]:
    """The CTEs of the count's copies (``copy_support_count``) to follow the
    statement's others, their parameters, and the names of those written."""
    sql, params, names = "", [], set()
    for copy in _count_copies:
        part = copy(idea_id, source)
        if part is not None:
            name, cte, cte_params = part
            sql, params = f"{sql}, {cte}", [*params, *cte_params]
            names.add(name)
    return sql, params, frozenset(names)


def _written(support: Support, signal, **extra: object) -> None:
    """What saving or deleting the model would have told the receivers (the
    search's counters, search/signals.py), and in ``copied`` which copies of
    the count the statement wrote already."""
    support._state.adding = False
    signal.send(
        sender=Support, instance=support, using=connection.alias, origin=support,
        **({"raw": False, "update_fields": None} if signal is post_save else {}),
        **extra,
    )  # fmt: skip


def _counts_move(idea_id: int, *, role: str, change: int, heat: float) -> int | None:
    """One statement: the idea's count, its count for ``role`` and its heat
    move by ``change`` (and ``updated_at`` to now), if support is open and, for
    a new support, the idea is not hidden; the new count, or None if the idea
    no longer takes this change. The role's count never goes below zero."""
    table = Idea._meta.db_table
    if connection.vendor == "postgresql":
        role_counts = (
            "jsonb_set(support_role_counts, ARRAY[%s]::text[], to_jsonb(GREATEST("
            "COALESCE((support_role_counts ->> %s)::int, 0) + %s, 0)))"
        )
        role_params: list[object] = [role, role, change]
        now = "STATEMENT_TIMESTAMP()"
    else:
        role_counts = (
            "json_set(support_role_counts, %s, MAX("
            "COALESCE(json_extract(support_role_counts, %s), 0) + %s, 0))"
        )
        path = f'$."{role}"'
        role_params = [path, path, change]
        now = "STRFTIME('%%Y-%%m-%%d %%H:%%M:%%f', 'NOW')"
    open_statuses = sorted(SUPPORTABLE_STATUSES)
    placeholders = ", ".join(["%s"] * len(open_statuses))
    unhidden = " AND hidden_at IS NULL" if change > 0 else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET support_count = support_count + %s, "  # noqa: S608
            f"support_role_counts = {role_counts}, heat = heat + %s, "
            f"updated_at = {now} "
            f"WHERE id = %s AND status IN ({placeholders}){unhidden} "
            "RETURNING support_count",
            [change, *role_params, heat, idea_id, *open_statuses],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


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
