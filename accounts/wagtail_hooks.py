from wagtail import hooks
from wagtail.permissions import register_permission_policy

from accounts.audit_admin import AuditLogViewSet, ReadOnlyForModeratorsPolicy
from accounts.models import AuditLogEntry

register_permission_policy(AuditLogEntry, ReadOnlyForModeratorsPolicy(AuditLogEntry))


@hooks.register("register_admin_viewset")
def register_audit_log() -> AuditLogViewSet:
    return AuditLogViewSet("audit_log")
