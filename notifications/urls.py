from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.InboxView.as_view(), name="inbox"),
    path(
        "follow/page/<int:page_id>/",
        views.PageFollowView.as_view(),
        name="follow_page",
    ),
    path(
        "notifications/preferences/",
        views.PreferencesView.as_view(),
        name="preferences",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
]
