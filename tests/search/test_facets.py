"""Facets with counts, multi-select, rolled up by province and level, and branch-site scope."""

from __future__ import annotations

from shuyun.catalog.documents import WorkDocument
from shuyun.federation.models import Library
from shuyun.federation.sites import SiteContext
from shuyun.search import access, analysis
from shuyun.search.access import Scope, SearchParams
from shuyun.search.backend import Sort

NETWORK_SITE = SiteContext(library=None, site=None, is_branch=False)


def counts(found: access.Results, facet: str) -> dict[str, int]:
    return {value.value: value.count for value in found.facets[facet]}


def test_facet_counts_add_up_to_the_works_found(indexed: list[WorkDocument]) -> None:
    found = access.search_works(SearchParams(q="中国发展报告"), NETWORK_SITE)
    assert sum(counts(found, "type").values()) == found.page.total == 9
    assert counts(found, "clc") == {"F": 8, "D": 1}
    assert counts(found, "format") == {"cnmarc": 9}
    assert sum(counts(found, "year").values()) == 9
    assert {v.label for v in found.facets["clc"]} == {"F 经济", "D 政治、法律"}


def test_library_facet_rolls_holdings_up_to_province_and_level(
    indexed: list[WorkDocument],
) -> None:
    found = access.search_works(SearchParams(q="中国发展报告"), NETWORK_SITE)
    held_in_zhejiang = [
        d
        for d in indexed
        if d.work_id <= 10 and any(h.library_code.startswith("ZJ") for h in d.holdings)
    ]
    assert counts(found, "province")["ZJ"] == len(held_in_zhejiang)
    assert counts(found, "library")["ZJ"] == len(held_in_zhejiang)  # Zhejiang and below
    assert {v.label for v in found.facets["province"]} >= {"浙江图书馆"}
    assert set(counts(found, "level")) <= {"national", "provincial", "city", "county"}


def test_multi_select_keeps_counts_of_the_other_values(indexed: list[WorkDocument]) -> None:
    chosen = SearchParams(q="李白 OR 中国发展报告", filters={"type": ("poem",)})
    found = access.search_works(chosen, NETWORK_SITE)
    assert {hit.document.resource_type for hit in found.page.hits} == {"poem"}
    assert counts(found, "type") == {"poem": 9, "book": 9}  # "book" still offered, with its count
    assert [v.value for v in found.facets["type"] if v.selected] == ["poem"]
    both = access.search_works(
        SearchParams(q="李白 OR 中国发展报告", filters={"type": ("poem", "book")}), NETWORK_SITE
    )
    assert both.page.total == 18


def test_year_sort_and_pinyin_title_sort(indexed: list[WorkDocument]) -> None:
    newest = access.search_works(SearchParams(q="中国发展报告", sort=Sort.YEAR_DESC), NETWORK_SITE)
    years = [hit.document.year or 0 for hit in newest.page.hits]
    assert years == sorted(years, reverse=True)
    by_title = access.search_works(SearchParams(q="author:李白", sort=Sort.TITLE), NETWORK_SITE)
    keys = [analysis.pinyin_sort_key(hit.document.title) for hit in by_title.page.hits]
    assert keys == sorted(keys) and keys[0].startswith("guchui quci ") and keys[-1] > "j"


def test_cursor_pages_through_without_repeats(indexed: list[WorkDocument]) -> None:
    first = access.search_works(SearchParams(q="pride", limit=5), NETWORK_SITE)
    second = access.search_works(
        SearchParams(q="pride", limit=5, cursor=first.next_cursor), NETWORK_SITE
    )
    ids = [h.document.work_id for h in first.page.hits + second.page.hits]
    assert len(set(ids)) == 10 and second.offset == 5
    assert access.decode_cursor("not a cursor!") == 0


def test_branch_site_searches_its_library_and_the_centre_first(
    indexed: list[WorkDocument], network: dict[str, Library]
) -> None:
    zhuji = SiteContext(library=network["ZJ-SX-ZJ"], site=None, is_branch=True)
    local = access.search_works(SearchParams(q="中国发展报告"), zhuji)
    assert local.scoped_to == network["ZJ-SX-ZJ"]
    held = {h.library_code for hit in local.page.hits for h in hit.document.holdings}
    assert all(
        {"ZJ-SX-ZJ", "NLC"} & {h.library_code for h in hit.document.holdings}
        for hit in local.page.hits
    ), held
    whole = access.search_works(SearchParams(q="中国发展报告", scope=Scope.NETWORK), zhuji)
    assert whole.page.total == 9 > local.page.total
    first = {h.library_code for h in whole.page.hits[0].document.holdings}
    assert "ZJ-SX-ZJ" in first  # its own library's holdings still rank first


def test_empty_result_offers_did_you_mean_and_the_folded_query(indexed: list[WorkDocument]) -> None:
    found = access.search_works(SearchParams(q="登鸛雀樓記"), NETWORK_SITE)
    assert found.page.total == 0
    assert found.did_you_mean == "登鸛雀樓"
    assert found.folded_query == "登鹳雀楼记"
