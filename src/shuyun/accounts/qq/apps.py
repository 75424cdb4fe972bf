from django.apps import AppConfig


class QQConfig(AppConfig):
    """Installed so that allauth's provider registry finds `provider.py` (it scans the apps)."""

    name = "shuyun.accounts.qq"
    label = "accounts_qq"
    verbose_name = "QQ sign-in"
