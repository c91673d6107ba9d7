"""allauth adapters: how Idéstad creates people from sign-up and single sign-on."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User


def cache_answers() -> bool:
    """Does the shared cache answer? (config.cache's Redis cache can say; a
    local cache always does.)"""
    ping = getattr(caches["default"], "ping", None)
    return ping is None or bool(ping())


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Signing in is refused, with an explanation, while the cache is away:
        its rate limit on failed attempts lives there, and a password must not
        be open to unlimited guessing, even for a minute. Everything else on
        the site goes on without the cache."""
        if not cache_answers():
            raise ValidationError(
                _(
                    "Signing in is paused for a moment while part of the service "
                    "restarts. Please try again in a minute."
                )
            )
        super().pre_authenticate(request, **credentials)

    def save_user(
        self, request: HttpRequest, user: User, form: Form, commit: bool = True
    ) -> User:
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data["display_name"]
        user.preferred_language = translation.get_language() or user.preferred_language
        if commit:
            user.save()
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request: HttpRequest, sociallogin, data: dict) -> User:
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.display_name = (name or user.email.split("@")[0])[:60]
        return user
