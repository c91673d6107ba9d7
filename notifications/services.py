"""Following and notifications. Notifications are created after the change they
describe has committed, never inside it, and never for one's own action."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.models import User
from common.site import request_site
from live.events import event_emit
from notifications.models import Delivery, Follow, Notification, NotificationKind


def follow_add(*, actor: User, target: models.Model, check: bool = True) -> bool:
    """Follow ``target``; False if already followed. ``check=False`` is for the
    services that make authors and supporters follow automatically."""
    if check and not actor.has_perm("notifications.follow", target):
        raise PermissionDenied
    # One statement, where get_or_create took four (a read, a savepoint, the
    # insert and its release): supporting and posting follow automatically.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Follow._meta.db_table} "  # noqa: S608 - our own table
            "(user_id, content_type_id, object_id, created_at) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING id",
            [
                actor.pk,
                ContentType.objects.get_for_model(target).pk,
                target.pk,
                connection.ops.adapt_datetimefield_value(timezone.now()),
            ],
        )
        return cursor.fetchone() is not None


def follow_insert_cte(
    actor: User, model: type[models.Model], source: str
) -> tuple[str, list]:
    """A common table expression, ``follow``, by which ``actor`` follows the
    ``model`` whose id is the ``id`` column of the CTE ``source``, if it has a
    row and they do not already: ``follow_add`` inside a caller's statement."""
    sql = (
        f"follow AS (INSERT INTO {Follow._meta.db_table} "  # noqa: S608 - our table
        "(user_id, content_type_id, object_id, created_at) "
        f"SELECT %s, %s, id, STATEMENT_TIMESTAMP() FROM {source} "
        "ON CONFLICT DO NOTHING)"
    )
    return sql, [actor.pk, ContentType.objects.get_for_model(model).pk]


def follow_remove(*, actor: User, target: models.Model) -> bool:
    deleted, _rows = Follow.objects.filter(
        user=actor,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
    ).delete()
    return bool(deleted)


def follows_move(*, source: models.Model, target: models.Model) -> int:
    """Everyone following ``source`` follows ``target`` instead (a merge of
    ideas), each once; how many follows were moved."""
    kind = ContentType.objects.get_for_model(source)
    of_source = Follow.objects.filter(content_type=kind, object_id=source.pk)
    of_target = Follow.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    )
    movable = of_source.exclude(user_id__in=of_target.values("user_id"))
    moved = movable.update(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    )
    of_source.delete()  # those already following the target
    return moved


def followers_add(*, user_ids: set[int], target: models.Model) -> None:
    """Make these people follow ``target`` (those already following stay as
    they are): the supporters and followers of ideas promoted into a project."""
    kind = ContentType.objects.get_for_model(target)
    Follow.objects.bulk_create(
        [Follow(user_id=pk, content_type=kind, object_id=target.pk) for pk in user_ids],
        ignore_conflicts=True,
    )


def follower_ids(targets: list[models.Model]) -> set[int]:
    query = models.Q(pk__in=[])
    for target in targets:
        query |= models.Q(
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk,
        )
    return set(Follow.objects.filter(query).values_list("user_id", flat=True))


def notify_followers_after_commit(
    *,
    kind: str,
    targets: list[models.Model],
    actor: User | None,
    url: str,
    params: dict[str, object],
) -> None:
    """Call inside the transaction of the change. Once it has committed, the
    task worker finds the followers and writes their notifications (in
    batches): the request does one write for it however many people follow,
    and a rolled-back change tells nobody anything."""
    from notifications.tasks import notify_followers

    refs = [target_ref(target) for target in targets]
    actor_id = actor.pk if actor else None
    site = request_site()  # read now: the task runs after the request
    transaction.on_commit(
        lambda: notify_followers.enqueue(
            kind=kind,
            targets=refs,
            actor_id=actor_id,
            url=url,
            params=params,
            site=site,
        )
    )


def target_ref(target: models.Model) -> list[int]:
    """What a task is told of a followed object: its content type and id."""
    return [ContentType.objects.get_for_model(target).pk, target.pk]


# Notifications are written this many recipients to a transaction.
FAN_OUT_BATCH = 500


def followers_notify(
    *,
    kind: str,
    targets: list[list[int]],
    actor_id: int | None,
    url: str,
    params: dict[str, object],
    site: str,
    leave_out: frozenset[int] | set[int] = frozenset(),
) -> int:
    """Notify everyone who follows one of ``targets`` (``target_ref``), but
    the actor and ``leave_out``, in batches; how many were notified. Run by
    the task worker."""
    query = models.Q(pk__in=[])
    for content_type_id, object_id in targets:
        query |= models.Q(content_type_id=content_type_id, object_id=object_id)
    recipients = set(Follow.objects.filter(query).values_list("user_id", flat=True))
    recipients -= {actor_id, *leave_out}
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    ordered = sorted(recipients)
    for start in range(0, len(ordered), FAN_OUT_BATCH):
        notifications_create(
            kind=kind,
            recipient_ids=set(ordered[start : start + FAN_OUT_BATCH]),
            actor=actor,
            url=url,
            params=params,
            site=site,
        )
    return len(ordered)


@transaction.atomic
def notifications_create(
    *,
    kind: str,
    recipient_ids: set[int],
    actor: User | None,
    url: str,
    params: dict[str, object],
    site: str | None = None,
) -> list[Notification]:
    """``site``: the address the change was made on, for the links in e-mail
    sent later by the worker (default: the current request's, if any)."""
    site = request_site() if site is None else site
    created = Notification.objects.bulk_create(
        Notification(
            recipient_id=pk, kind=kind, actor=actor, url=url, params=params, site=site
        )
        for pk in sorted(recipient_ids)
    )
    _emit_live(created)
    preferences = dict(
        User.objects.filter(pk__in=recipient_ids).values_list(
            "pk", "notification_preferences"
        )
    )
    by_email = [
        n.pk
        for n in created
        if delivery_for(preferences.get(n.recipient_id), kind) == Delivery.EMAIL
    ]
    if by_email:
        from notifications.tasks import send_notification_emails

        transaction.on_commit(
            lambda: send_notification_emails.enqueue(notification_ids=by_email)
        )
    return created


def _emit_live(created: list[Notification]) -> None:
    """Each recipient's badge updates live from their own ``user.<id>`` stream."""
    unread = dict(
        Notification.objects.filter(
            recipient_id__in={n.recipient_id for n in created}, read_at__isnull=True
        )
        .values("recipient_id")
        .annotate(n=models.Count("pk"))
        .values_list("recipient_id", "n")
    )
    for notification in created:
        event_emit(
            f"user.{notification.recipient_id}",
            "notification.created",
            {
                "notification_id": notification.pk,
                "kind": notification.kind,
                "unread": unread.get(notification.recipient_id, 0),
            },
        )


# What concerns a person's own content, account or duties is e-mailed unless
# they have chosen otherwise: a moderator's decision must not go unseen.
EMAILED_BY_DEFAULT = {
    NotificationKind.CONTENT_HIDDEN,
    NotificationKind.SUSPENDED,
    NotificationKind.APPEAL_DECIDED,
    NotificationKind.ORGANISATION_DECIDED,
    NotificationKind.ASSIGNED,
    NotificationKind.REPORT_DUE,
}


# What concerns a person's own contributions (ideas they wrote, support or
# follow; replies and mentions): in a daily digest unless they chose otherwise,
# so nobody who took part misses an idea's fate (the sign-up form says so and
# offers "right away" and "off"). Accounts from before this default keep what
# they had (migration 0006).
DIGESTED_BY_DEFAULT = {
    NotificationKind.STATUS_CHANGED,
    NotificationKind.MERGED,
    NotificationKind.PROJECT_NEWS,
    NotificationKind.ANSWERED,
    NotificationKind.PROMOTED,
    NotificationKind.MENTIONED,
    NotificationKind.NEW_POST,
    NotificationKind.IDEA_EDITED,
}
# Kinds added after people chose: until they choose for it, one goes the way
# they chose for its nearest older kind (an account that turned off e-mail
# about status changes gets no mail about edits either).
LIKE_OLDER_KIND: dict[str, str] = {
    NotificationKind.IDEA_EDITED: NotificationKind.STATUS_CHANGED
}


def delivery_for(preferences: dict | None, kind: str) -> str:
    preferences = preferences or {}
    if kind in EMAILED_BY_DEFAULT:
        default = Delivery.EMAIL
    elif kind in DIGESTED_BY_DEFAULT:
        default = Delivery.DIGEST
    else:
        default = Delivery.IN_APP
    if kind not in preferences and kind in LIKE_OLDER_KIND:
        return preferences.get(LIKE_OLDER_KIND[kind], default)
    return preferences.get(kind, default)


def own_contributions_choose(*, actor: User, delivery: str) -> None:
    """One choice for every kind about the person's own contributions (the
    sign-up form's question)."""
    if delivery not in Delivery.values:
        raise ValueError(delivery)
    preferences_update(
        actor=actor, choices=dict.fromkeys(DIGESTED_BY_DEFAULT, delivery)
    )


def notify_people_after_commit(
    *,
    kind: str,
    recipient_ids: set[int],
    actor: User | None,
    url: str,
    params: dict[str, object],
) -> None:
    """Tell named people (an author, an applicant), not followers, once the
    change has committed. Call inside the transaction of the change."""
    recipients = {pk for pk in recipient_ids if pk is not None}
    if not recipients:
        return
    site = request_site()
    transaction.on_commit(
        lambda: notifications_create(
            kind=kind,
            recipient_ids=recipients,
            actor=actor,
            url=url,
            params=params,
            site=site,
        )
    )


@transaction.atomic
def preferences_update(*, actor: User, choices: dict[str, str]) -> None:
    valid = {kind for kind, _label in NotificationKind.choices}
    deliveries = {value for value, _label in Delivery.choices}
    cleaned = {k: v for k, v in choices.items() if k in valid and v in deliveries}
    user = User.objects.select_for_update().get(pk=actor.pk)
    user.notification_preferences = {**user.notification_preferences, **cleaned}
    user.save(update_fields=["notification_preferences"])


def notifications_mark_read(*, actor: User, ids: list[int] | None = None) -> int:
    """Mark the actor's notifications read (all unread ones without ``ids``)."""
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
