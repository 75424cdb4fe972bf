from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "shuyun.search"
    label = "search"
    verbose_name = "Search and discovery"

    def ready(self) -> None:
        from shuyun.catalog.signals import works_changed
        from shuyun.search import receivers, tantivy_backend  # noqa: F401 - registers the engine

        works_changed.connect(receivers.reindex_changed_works, dispatch_uid="search-reindex")
