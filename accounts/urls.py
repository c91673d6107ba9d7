from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("people/<int:pk>/", views.PeopleDetailView.as_view(), name="people_detail"),
    path("account/profile/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("account/privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("account/privacy/export/", views.DataExportView.as_view(), name="data_export"),
    path("account/privacy/delete/", views.AccountDeleteView.as_view(), name="delete"),
]
