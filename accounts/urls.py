from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("people/<int:pk>/", views.PeopleDetailView.as_view(), name="people_detail"),
    path("account/profile/", views.ProfileEditView.as_view(), name="profile_edit"),
]
