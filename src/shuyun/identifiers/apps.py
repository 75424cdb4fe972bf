from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentifiersConfig(AppConfig):
    name = "shuyun.identifiers"
    verbose_name = _("Identifiers")

    def ready(self) -> None:
        from shuyun.catalog.signals import works_changed
        from shuyun.identifiers import works

        works_changed.connect(works.on_works_changed, dispatch_uid="identifiers.works")
