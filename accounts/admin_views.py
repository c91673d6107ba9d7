from wagtail.users.views.users import UserViewSet

from accounts.admin_forms import IdestadUserCreationForm, IdestadUserEditForm


class IdestadUserViewSet(UserViewSet):
    def get_form_class(self, for_update: bool = False) -> type:
        return IdestadUserEditForm if for_update else IdestadUserCreationForm
