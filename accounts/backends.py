"""Django's model permissions, refused to staff without their second factor
(accounts.second_factor): a superuser's "every permission" and the groups'
permissions (the Wagtail admin's among them) wait for MFA."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from accounts.second_factor import lacks_second_factor
from accounts.selectors import user_for_request


class RequestUserMixin:
    """The session's person is read with what permissions ask of them
    (accounts.selectors.user_for_request), by whichever backend signed them in."""

    def get_user(self, user_id):
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = user_for_request(pk=pk)
        return user if user is not None and self.user_can_authenticate(user) else None


class SecondFactorModelBackend(RequestUserMixin, ModelBackend):
    def has_perm(self, user_obj, perm, obj=None):
        if lacks_second_factor(user_obj):
            return False
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if lacks_second_factor(user_obj):
            return False
        return super().has_module_perms(user_obj, app_label)

    def get_all_permissions(self, user_obj, obj=None):
        if lacks_second_factor(user_obj):
            return set()
        return super().get_all_permissions(user_obj, obj)


class EmailAuthenticationBackend(RequestUserMixin, AuthenticationBackend):
    """allauth's backend, for signing in only: it is a ModelBackend too, and
    would otherwise grant a superuser every permission, second factor or not.
    Model permissions come from SecondFactorModelBackend alone."""

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()
