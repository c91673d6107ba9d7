from django.urls import path

from accounts import assisted_views, views

app_name = "accounts"

urlpatterns = [
    path("people/<int:pk>/", views.PeopleDetailView.as_view(), name="people_detail"),
    path("account/profile/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("account/profile/picture/", views.AvatarView.as_view(), name="avatar"),
    path("account/privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("account/privacy/export/", views.DataExportView.as_view(), name="data_export"),
    path("account/privacy/delete/", views.AccountDeleteView.as_view(), name="delete"),
    path("account/takeover/", assisted_views.TakeOverView.as_view(), name="takeover"),
    path(
        "staff/assisted/",
        assisted_views.AssistedListView.as_view(),
        name="assisted_list",
    ),
    path(
        "staff/assisted/new/",
        assisted_views.AssistedRegisterView.as_view(),
        name="assisted_register",
    ),
    path(
        "staff/assisted/<int:pk>/code/",
        assisted_views.TakeoverCodeReissueView.as_view(),
        name="assisted_reissue",
    ),
    path(
        "organisations/<slug:slug>/logo/",
        views.OrganisationLogoView.as_view(),
        name="organisation_logo",
    ),
    path(
        "organisations/new/",
        views.OrganisationCreateView.as_view(),
        name="organisation_create",
    ),
    path(
        "organisations/invitations/<str:token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(
        "organisations/<slug:slug>/report/",
        views.OrganisationFlagView.as_view(),
        name="organisation_flag",
    ),
    path(
        "organisations/<slug:slug>/invite/",
        views.InvitationCreateView.as_view(),
        name="organisation_invite",
    ),
    path(
        "moderation/organisations/<slug:slug>/verify/",
        views.OrganisationVerifyView.as_view(),
        name="organisation_verify",
    ),
]
