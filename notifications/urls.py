from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.InboxView.as_view(), name="inbox"),
    path(
        "notifications/preferences/",
        views.PreferencesView.as_view(),
        name="preferences",
    ),
]
