from django.urls import path
from django.utils.translation import gettext_lazy as _

from ideas import author_views, moderation_views, project_views, views

app_name = "ideas"

urlpatterns = [
    path("ideas/", views.IdeaListView.as_view(), name="list"),
    path("ideas/new/", views.IdeaCreateView.as_view(), name="create"),
    path("ideas/<int:pk>-<slug:slug>/", views.IdeaDetailView.as_view(), name="detail"),
    path("ideas/<int:pk>/", views.IdeaDetailView.as_view(), name="detail_short"),
    path("ideas/<int:pk>/edit/", views.IdeaEditView.as_view(), name="edit"),
    path("ideas/<int:pk>/media/", views.IdeaMediaView.as_view(), name="media"),
    path(
        "ideas/<int:pk>/attachments/<int:attachment_id>/",
        views.AttachmentView.as_view(),
        name="attachment",
    ),
    path("ideas/<int:pk>/history/", views.IdeaHistoryView.as_view(), name="history"),
    path(
        "ideas/<int:pk>/withdraw/",
        author_views.IdeaWithdrawView.as_view(),
        name="withdraw",
    ),
    path(
        "ideas/<int:pk>/co-authors/",
        author_views.CoAuthorsView.as_view(),
        name="co_authors",
    ),
    path(
        "ideas/co-authors/<str:token>/",
        author_views.CoAuthorAcceptView.as_view(),
        name="co_author_accept",
    ),
    path("ideas/<int:pk>/support/", views.SupportView.as_view(), name="support"),
    path("ideas/<int:pk>/status/", views.StatusChangeView.as_view(), name="status"),
    path("ideas/<int:pk>/answer/", views.AnswerView.as_view(), name="answer"),
    path("ideas/<int:pk>/follow/", views.FollowView.as_view(), name="follow"),
    path(
        "ideas/<int:pk>/promote/",
        project_views.IdeaPromoteView.as_view(),
        name="promote",
    ),
    path("ideas/<int:pk>/flag/", moderation_views.IdeaFlagView.as_view(), name="flag"),
    path(
        "moderation/ideas/",
        moderation_views.ModerationQueueView.as_view(),
        name="moderation",
    ),
    path(
        "moderation/ideas/<int:pk>/",
        moderation_views.ModerationActionView.as_view(),
        name="moderation_action",
    ),
    path("projects/", project_views.ProjectListView.as_view(), name="project_list"),
    # Translated, as people say it: /sv/mitt-deltagande/, /en/my-participation/.
    path(
        _("my-participation/"),
        views.ParticipationView.as_view(),
        name="participation",
    ),
    path(
        "projects/<int:pk>-<slug:slug>/",
        project_views.ProjectDetailView.as_view(),
        name="project",
    ),
    path(
        "projects/<int:pk>/",
        project_views.ProjectDetailView.as_view(),
        name="project_short",
    ),
    path(
        "projects/<int:pk>/follow/",
        project_views.ProjectFollowView.as_view(),
        name="project_follow",
    ),
    path(
        "projects/<int:pk>/edit/",
        project_views.ProjectEditView.as_view(),
        name="project_edit",
    ),
    path(
        "projects/<int:pk>/follow-up/",
        project_views.ProjectFollowUpView.as_view(),
        name="project_follow_up",
    ),
]
