"""The "Idéstad" menu of the Wagtail admin: one viewset per kind of work, in
one group. A menu item is shown to those whose permission its views ask;
the views ask again on every request (backoffice.views.base)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from backoffice.views import assisted, ideas, moderation, organisations, projects


class PermittedMenuItem(MenuItem):
    permission = ""

    def is_shown(self, request) -> bool:
        return request.user.has_perm(self.permission)


class BackOfficeViewSet(ViewSet):
    permission = ""
    add_to_admin_menu = False

    @property
    def menu_item_class(self) -> type[MenuItem]:
        return type(
            f"{self.__class__.__name__}MenuItem",
            (PermittedMenuItem,),
            {"permission": self.permission},
        )


class IdeaTriageViewSet(BackOfficeViewSet):
    name = "backoffice_ideas"
    url_prefix = "idestad/ideas"
    menu_label = _("Ideas")
    icon = "doc-full"
    permission = "ideas.triage_idea"

    def get_urlpatterns(self) -> list:
        return [
            path("", ideas.IdeaTriageView.as_view(), name="index"),
            path("bulk/", ideas.IdeaBulkView.as_view(), name="bulk"),
            path("<int:pk>/", ideas.IdeaTriageDetailView.as_view(), name="detail"),
            path("<int:pk>/promote/", ideas.IdeaPromoteView.as_view(), name="promote"),
        ]


class ModerationViewSet(BackOfficeViewSet):
    name = "backoffice_moderation"
    url_prefix = "idestad/moderation"
    menu_label = _("Moderation")
    icon = "warning"
    permission = "ideas.moderate_idea"

    def get_urlpatterns(self) -> list:
        return [
            path("", moderation.ModerationQueueView.as_view(), name="index"),
            path(
                "ideas/<int:pk>/",
                moderation.IdeaModerateView.as_view(),
                name="idea",
            ),
            path(
                "posts/<int:pk>/",
                moderation.PostModerateView.as_view(),
                name="post",
            ),
            path(
                "organisations/<int:pk>/",
                moderation.OrganisationModerateView.as_view(),
                name="organisation",
            ),
            path(
                "appeals/<int:pk>/",
                moderation.AppealDecideView.as_view(),
                name="appeal",
            ),
        ]


class OrganisationsViewSet(BackOfficeViewSet):
    name = "backoffice_organisations"
    url_prefix = "idestad/organisations"
    menu_label = _("Organisations")
    icon = "group"
    permission = "accounts.review_organisations"

    def get_urlpatterns(self) -> list:
        return [
            path("", organisations.OrganisationQueueView.as_view(), name="index"),
            path("all/", organisations.OrganisationListView.as_view(), name="all"),
            path(
                "<int:pk>/decide/",
                organisations.OrganisationDecideView.as_view(),
                name="decide",
            ),
        ]


class AnswerTimesViewSet(BackOfficeViewSet):
    name = "backoffice_answer_times"
    url_prefix = "idestad/answer-times"
    menu_label = _("Answer times")
    icon = "time"
    permission = "ideas.triage_idea"

    def get_urlpatterns(self) -> list:
        return [path("", ideas.AnswerTimesView.as_view(), name="index")]


class ProjectsViewSet(BackOfficeViewSet):
    name = "backoffice_projects"
    url_prefix = "idestad/projects"
    menu_label = _("Projects")
    icon = "tasks"
    permission = "ideas.triage_idea"

    def get_urlpatterns(self) -> list:
        return [
            path("", projects.ProjectListView.as_view(), name="index"),
            path("<int:pk>/", projects.ProjectAdminEditView.as_view(), name="edit"),
        ]


class FollowUpReportsViewSet(BackOfficeViewSet):
    name = "backoffice_reports"
    url_prefix = "idestad/follow-up"
    menu_label = _("Follow-up reports")
    icon = "list-ul"
    permission = "ideas.triage_idea"

    def get_urlpatterns(self) -> list:
        return [
            path("", projects.FollowUpOverviewView.as_view(), name="index"),
            path("remind/", projects.FollowUpRemindView.as_view(), name="remind"),
        ]


class AssistedViewSet(BackOfficeViewSet):
    name = "backoffice_assisted"
    url_prefix = "idestad/assisted"
    menu_label = _("Assisted participation")
    icon = "user"
    permission = "accounts.register_assisted"

    def get_urlpatterns(self) -> list:
        return [
            path("", assisted.AssistedListView.as_view(), name="index"),
            path("<int:pk>/", assisted.AssistedPersonView.as_view(), name="person"),
        ]


class IdestadGroup(ViewSetGroup):
    menu_label = "Idéstad"
    menu_icon = "site"
    menu_order = 150
    items = (
        IdeaTriageViewSet,
        AnswerTimesViewSet,
        ModerationViewSet,
        OrganisationsViewSet,
        ProjectsViewSet,
        FollowUpReportsViewSet,
        AssistedViewSet,
    )
