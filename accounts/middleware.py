"""Staff without their second factor are sent to set it up when they open a
staff area. This only guides them: the permission itself is refused where it
is decided (accounts.rules, accounts.backends), whatever the URL."""

import re
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.second_factor import lacks_second_factor


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
        if not any(pattern.match(request.path) for pattern in self.protected):
            return False
        return lacks_second_factor(request.user)
