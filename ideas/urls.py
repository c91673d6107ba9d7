from django.urls import path

from ideas import views

app_name = "ideas"

urlpatterns = [
    path("ideas/", views.IdeaListView.as_view(), name="list"),
    path("ideas/new/", views.IdeaCreateView.as_view(), name="create"),
    path("ideas/<int:pk>-<slug:slug>/", views.IdeaDetailView.as_view(), name="detail"),
    path("ideas/<int:pk>/", views.IdeaDetailView.as_view(), name="detail_short"),
    path("ideas/<int:pk>/edit/", views.IdeaEditView.as_view(), name="edit"),
    path("ideas/<int:pk>/history/", views.IdeaHistoryView.as_view(), name="history"),
    path("ideas/<int:pk>/support/", views.SupportView.as_view(), name="support"),
    path("ideas/<int:pk>/status/", views.StatusChangeView.as_view(), name="status"),
    path("ideas/<int:pk>/answer/", views.AnswerView.as_view(), name="answer"),
    path("ideas/<int:pk>/follow/", views.FollowView.as_view(), name="follow"),
]
