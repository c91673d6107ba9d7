from django.urls import path

from forum import appeal_views, moderation_views, views

app_name = "forum"

urlpatterns = [
    path("forum/", views.ForumIndexView.as_view(), name="index"),
    path("forum/threads/<int:pk>/", views.ThreadView.as_view(), name="thread"),
    path(
        "forum/threads/<int:pk>/moderate/",
        moderation_views.ThreadModerateView.as_view(),
        name="thread_moderate",
    ),
    path("forum/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path(
        "forum/<slug:slug>/new/",
        views.ThreadCreateView.as_view(),
        name="thread_create",
    ),
    path(
        "discussion/<str:kind>/<int:pk>/post/",
        views.PostCreateView.as_view(),
        name="post_create",
    ),
    path(
        "discussion/posts/<int:pk>/",
        views.PostFragmentView.as_view(),
        name="post_fragment",
    ),
    path(
        "discussion/posts/<int:pk>/edit/",
        views.PostEditView.as_view(),
        name="post_edit",
    ),
    path(
        "discussion/posts/<int:pk>/remove/",
        views.PostRemoveView.as_view(),
        name="post_remove",
    ),
    path(
        "discussion/posts/<int:pk>/history/",
        views.PostHistoryView.as_view(),
        name="post_history",
    ),
    path(
        "discussion/posts/<int:pk>/link/", views.PostLinkView.as_view(), name="post_go"
    ),
    path("discussion/posts/<int:pk>/react/", views.ReactView.as_view(), name="react"),
    path(
        "discussion/posts/<int:pk>/flag/",
        moderation_views.PostFlagView.as_view(),
        name="post_flag",
    ),
    path(
        "discussion/people/",
        views.MentionSuggestionsView.as_view(),
        name="mention_suggestions",
    ),
    path(
        "moderation/posts/", moderation_views.PostQueueView.as_view(), name="moderation"
    ),
    path(
        "moderation/posts/<int:pk>/",
        moderation_views.PostModerateView.as_view(),
        name="post_moderate",
    ),
    path(
        "moderation/people/<int:pk>/suspend/",
        moderation_views.SuspendView.as_view(),
        name="suspend",
    ),
    path(
        "appeal/<str:kind>/<int:pk>/",
        appeal_views.AppealView.as_view(),
        name="appeal",
    ),
    path(
        "appeal/suspension/",
        appeal_views.AppealView.as_view(),
        {"kind": "suspension", "pk": 0},
        name="appeal_suspension",
    ),
]
