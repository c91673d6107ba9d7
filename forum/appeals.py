"""Appeals: the author of a hidden idea or post, or a suspended person, asks a
moderator to look again. An appeal waits in the back office's moderation queue;
a moderator restores (the idea or post is shown again, the suspension lifted,
through the same services as always) or keeps the decision, and the person is
told the answer, by notification and e-mail."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.parsing import plain_text
from forum.models import Appeal, Post
from forum.moderation import post_restore, user_unsuspend
from ideas.models import Idea
from ideas.moderation import idea_restore
from notifications.models import NotificationKind
from notifications.services import notify_people_after_commit

APPEAL_MAX = 2000


def appeal_subject(
    actor: User, *, idea: Idea | None = None, post: Post | None = None
) -> str:
    """The decision ``actor`` may appeal (its public reason), or refused: only
    the author of hidden content, or a suspended person, may appeal."""
    hidden = idea or post
    if hidden is not None:
        if hidden.author_id != actor.pk or hidden.hidden_at is None:
            raise PermissionDenied(_("Only the author of hidden content may appeal."))
        return hidden.hidden_reason
    if not actor.is_suspended:
        raise PermissionDenied(_("Your account is not suspended."))
    return _("Suspended until %(until)s.") % {
        "until": timezone.localtime(actor.suspended_until).strftime("%Y-%m-%d %H:%M")
    }


@transaction.atomic
def appeal_create(
    *, actor: User, text: str, idea: Idea | None = None, post: Post | None = None
) -> Appeal:
    decision = appeal_subject(actor, idea=idea, post=post)
    text = plain_text(text, maximum=APPEAL_MAX + 1).strip()
    if len(text) < 10:
        why = _("Tell the moderators why, in a sentence or two.")
        raise ValidationError({"text": why})
    if len(text) > APPEAL_MAX:
        raise ValidationError(
            {"text": _("Keep it under %(max)s characters.") % {"max": APPEAL_MAX}}
        )
    # One open appeal per decision: the person's row is the lock, so two
    # appeals sent at once cannot both pass the check.
    User.objects.select_for_update().get(pk=actor.pk)
    waiting = Appeal.objects.filter(
        appellant=actor, idea=idea, post=post, decided_at__isnull=True
    )
    if waiting.exists():
        raise ValidationError(_("You have appealed already; a moderator will answer."))
    return Appeal.objects.create(
        appellant=actor, idea=idea, post=post, decision=decision, text=text
    )


@transaction.atomic
def appeal_decide(*, actor: User, appeal: Appeal, restore: bool, answer: str) -> Appeal:
    if not actor.has_perm("forum.moderate_post"):
        raise PermissionDenied(_("Only moderators decide appeals."))
    answer = plain_text(answer, maximum=APPEAL_MAX).strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer the person will get.")})
    # Lock the appeal's own row only (its idea and post are joined nullably).
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("appellant", "idea", "post")
        .get(pk=appeal.pk)
    )
    if appeal.decided_at is not None:
        raise ValidationError(_("This appeal has been decided already."))
    if restore:
        _restore(actor, appeal, answer)
    appeal.decided_at = timezone.now()
    appeal.decided_by = actor
    appeal.outcome = Appeal.Outcome.RESTORED if restore else Appeal.Outcome.UPHELD
    appeal.answer = answer
    appeal.save(update_fields=["decided_at", "decided_by", "outcome", "answer"])
    notify_people_after_commit(
        kind=NotificationKind.APPEAL_DECIDED,
        recipient_ids={appeal.appellant_id},
        actor=actor,
        url=appeal_url(appeal),
        params={
            "title": _subject_title(appeal),
            "about": appeal.about,
            "outcome": appeal.outcome,
            "answer": answer,
        },
    )
    return appeal


def _restore(actor: User, appeal: Appeal, answer: str) -> None:
    if appeal.idea is not None:
        idea_restore(actor=actor, idea=appeal.idea, reason=answer)
    elif appeal.post is not None:
        post_restore(actor=actor, post=appeal.post, reason=answer)
    else:
        user_unsuspend(actor=actor, user=appeal.appellant, reason=answer)


def _subject_title(appeal: Appeal) -> str:
    if appeal.idea is not None:
        return appeal.idea.title
    if appeal.post is not None:
        return (appeal.post.body or "")[:80]
    return ""


def appeal_url(appeal: Appeal) -> str:
    from django.urls import reverse

    if appeal.idea_id:
        return reverse("forum:appeal", args=["idea", appeal.idea_id])
    if appeal.post_id:
        return reverse("forum:appeal", args=["post", appeal.post_id])
    return reverse("forum:appeal_suspension")
