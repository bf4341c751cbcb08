from django.contrib.auth import views as auth_views
from django.urls import path

from vig_service.accounts import second_factor_views, views
from vig_service.accounts.sso import configuration as sso_configuration
from vig_service.accounts.sso import views as sso_views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.LoginView.as_view(), name="login"),
    path("sign-in/with/<slug:slug>/", sso_views.sso_start, name="sso_start"),
    path("sign-in/callback/", sso_views.sso_callback, name="sso_callback"),
    path("providers/", sso_configuration.providers, name="providers"),
    path("providers/add/", sso_configuration.provider_edit, name="provider_add"),
    path("providers/<int:pk>/", sso_configuration.provider_edit, name="provider_edit"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("sign-up/", views.sign_up, name="sign_up"),
    path("sign-up/check-your-email/", views.sign_up_done, name="sign_up_done"),
    path("set-password/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("two-factor/", second_factor_views.second_factor_step, name="second_factor"),
    path(
        "two-factor/set-up/", second_factor_views.second_factor_set_up, name="second_factor_set_up"
    ),
    path(
        "two-factor/set-up/qr-code.svg",
        second_factor_views.second_factor_qr_code,
        name="second_factor_qr_code",
    ),
    path(
        "two-factor/backup-codes/",
        second_factor_views.second_factor_backup_codes,
        name="second_factor_backup_codes",
    ),
    path("users/", views.user_list, name="user_list"),
    path("users/invite/", views.user_invite, name="user_invite"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/team-request/", views.user_team_request, name="user_team_request"),
    path(
        "users/<int:pk>/resend-invitation/",
        views.user_resend_invitation,
        name="user_resend_invitation",
    ),
]
