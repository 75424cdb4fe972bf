from django.urls import path

from shuyun.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("register/", views.register, name="register"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("phone-code/", views.send_phone_code, name="phone_code"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("cards/", views.bind_card, name="bind_card"),
    path("phone/", views.bind_phone, name="bind_phone"),
    path("id-number/", views.set_national_id, name="set_national_id"),
    path("third-party/<int:account_id>/unbind/", views.unbind_third_party, name="unbind"),
    path("merge/", views.merge, name="merge"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete_account, name="delete"),
]
