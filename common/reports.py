"""What a reader may report something for: ideas, posts and organisations
are reported the same way (ideas.Flag, forum.PostFlag, accounts.OrganisationFlag)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive or abusive")
    PERSONAL_DATA = "personal_data", _("Reveals personal data")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Other")
