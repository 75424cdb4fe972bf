from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "shuyun.accounts"
    label = "accounts"

    def ready(self) -> None:
        from shuyun.accounts import signals  # noqa: F401 - connects the sign-in audit trail
