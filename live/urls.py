"""The HTTP fallback for live updates (the WebSocket is in live.routing)."""

from django.urls import path

from live import views

app_name = "live"
urlpatterns = [
    path("live/events/", views.LiveEventsView.as_view(), name="events"),
]
