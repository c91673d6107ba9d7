"""What every back-office view shares: the Wagtail admin's furniture, and the
permission asked of ``rules`` on every request (not only the menu's)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class BackOfficeView(WagtailAdminTemplateMixin, View):
    """``permission`` is a rules permission without an object; views that act
    on one object check its own permission again in the service."""

    permission = ""
    header_icon = "clipboard-list"

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, PermissionDenied):
        return str(error) or "403"
    return " ".join(error.messages)


def report(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    messages.error(request, error_text(error))


def form_errors(request: HttpRequest, form: object) -> None:
    """A refused form's errors, as one message the admin shows on the page."""
    texts = [str(e) for errors in form.errors.values() for e in errors]  # type: ignore[attr-defined]
    messages.error(request, " ".join(texts))
