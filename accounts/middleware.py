"""Staff must have multi-factor authentication before they reach staff areas."""

import re
from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.rules import is_staff_member


class StaffMFARequiredMiddleware:
    """Sends moderators, city staff and editors without MFA to MFA set-up when
    they open the Wagtail admin, the Django admin or a moderation view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.protected = [re.compile(p) for p in settings.STAFF_MFA_PROTECTED_PATHS]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.must_set_up_mfa(request):
            messages.warning(
                request,
                _(
                    "Staff accounts need two-factor authentication. Set it up "
                    "with an authenticator app to continue to the staff pages."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def must_set_up_mfa(self, request: HttpRequest) -> bool:
        if not settings.STAFF_MFA_REQUIRED:
            return False
        if not any(pattern.match(request.path) for pattern in self.protected):
            return False
        user = request.user
        if not user.is_authenticated or not is_staff_member(user):
            return False
        return not is_mfa_enabled(user)
