from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts import signals  # noqa: F401 - connects the receivers
        from accounts.privacy_parts import register_account_parts

        register_account_parts()


class IdestadUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with our forms (e-mail login plus display name)."""

    user_viewset = "accounts.admin_views.IdestadUserViewSet"
