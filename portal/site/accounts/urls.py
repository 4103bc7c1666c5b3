"""Officers' accounts, under /account/ (namespace ``account``)."""

from django.urls import path

from portal.site.accounts import views

app_name = "account"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("two-factor/", views.TwoFactorView.as_view(), name="two_factor"),
    path("signed-out/", views.SignedOutView.as_view(), name="signed_out"),
    path(
        "password-reset/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/check-your-email/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("invite/", views.OfficerInviteView.as_view(), name="invite"),
    path(
        "invitation/complete/",
        views.InvitationCompleteView.as_view(),
        name="invitation_complete",
    ),
    path(
        "invitation/<uidb64>/<token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
]
