from wagtail import hooks
from wagtail.permissions import register_permission_policy

from opendata.admin_views import RulesPermissionPolicy, WebhookViewSet
from opendata.models import WebhookEndpoint

register_permission_policy(WebhookEndpoint, RulesPermissionPolicy(WebhookEndpoint))


@hooks.register("register_admin_viewset")
def register_webhooks() -> WebhookViewSet:
    return WebhookViewSet()
