from tests.oai.conftest import own_search_index

__all__ = ["own_search_index"]
