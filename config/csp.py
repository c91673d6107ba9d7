"""Content-Security-Policy header.

Our pages carry no inline script, so the public policy forbids it. The Wagtail admin
ships inline scripts of its own; its paths get the looser overrides from settings.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def build_policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        public = dict(settings.CONTENT_SECURITY_POLICY)
        admin = public | settings.CONTENT_SECURITY_POLICY_ADMIN_OVERRIDES
        self.public_policy = build_policy(public)
        self.admin_policy = build_policy(admin)
        self.admin_paths = tuple(settings.CONTENT_SECURITY_POLICY_ADMIN_PATHS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response:
            is_admin = request.path.startswith(self.admin_paths)
            response[HEADER] = self.admin_policy if is_admin else self.public_policy
        return response
