"""Tree queries at the seeds' scale (2,900+ county libraries): the materialised path against
walking parent links one level at a time, the obvious alternative."""

from __future__ import annotations

from bench.harness import median_ms, setup_django, timed, write_section

PROVINCES, CITIES_PER_PROVINCE, COUNTIES_PER_CITY = 31, 10, 10  # 3,100 counties, 3,442 in all


def build_network() -> None:
    from shuyun.accounts.models import Role, User
    from shuyun.federation import services
    from shuyun.federation.models import Level, Library

    operator = User.objects.create_user("bench", role=Role.PLATFORM_OPERATOR)
    root = services.create_library(
        operator, parent=None, code="NLC", name_zh="国家图书馆", level=Level.NATIONAL
    )
    rows = []
    for p in range(PROVINCES):
        rows.append(Library(code=f"P{p}", name_zh=f"省馆{p}", level=Level.PROVINCIAL))
        rows[-1].path = f"{root.path}P{p}/"
        for c in range(CITIES_PER_PROVINCE):
            rows.append(Library(code=f"P{p}-C{c}", name_zh=f"市馆{p}-{c}", level=Level.CITY))
            rows[-1].path = f"{root.path}P{p}/P{p}-C{c}/"
            for k in range(COUNTIES_PER_CITY):
                code = f"P{p}-C{c}-K{k}"
                rows.append(Library(code=code, name_zh=f"县馆{code}", level=Level.COUNTY))
                rows[-1].path = f"{root.path}P{p}/P{p}-C{c}/{code}/"
    for row in rows:
        row.depth = row.path.count("/") - 2
    Library.objects.bulk_create(rows, batch_size=1000)
    by_path = {lib.path: lib.pk for lib in Library.objects.only("pk", "path")}
    for lib in rows:
        lib.parent_id = by_path[lib.path.rsplit("/", 2)[0] + "/"]
    Library.objects.bulk_update(rows, ["parent"], batch_size=1000)


def subtree_by_path(code: str) -> int:
    from shuyun.federation import access

    return len(list(access.subtree_of(access.get_library(code)).values_list("pk", flat=True)))


def subtree_by_parent_walk(code: str) -> int:
    from shuyun.federation.models import Library

    frontier = [Library.objects.get(code=code).pk]
    found = list(frontier)
    while frontier:
        frontier = list(Library.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        found += frontier
    return len(found)


def ancestors_by_path(code: str) -> list[str]:
    from shuyun.federation.models import Library

    return Library.objects.only("path").get(code=code).ancestor_codes


def ancestors_by_parent_walk(code: str) -> list[str]:
    from shuyun.federation.models import Library

    library = Library.objects.get(code=code)
    codes = []
    while library.parent_id:
        library = Library.objects.get(pk=library.parent_id)
        codes.append(library.code)
    return codes[::-1]


def render_tree_page() -> None:
    from django.test import Client

    from shuyun.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench"))
    assert client.get("/console/libraries/").status_code == 200


def main() -> None:
    setup_django()
    build_network()
    from shuyun.federation.models import Library
    from shuyun.federation.tree import build_tree

    total = Library.objects.count()
    assert subtree_by_path("P7") == subtree_by_parent_walk("P7")
    assert ancestors_by_path("P7-C3-K5") == ancestors_by_parent_walk("P7-C3-K5")
    rows = [
        ("subtree of a province (111 libraries)", "P7", subtree_by_path, subtree_by_parent_walk),
        ("subtree of the whole network", "NLC", subtree_by_path, subtree_by_parent_walk),
        ("ancestors of a county", "P7-C3-K5", ancestors_by_path, ancestors_by_parent_walk),
    ]
    lines = [
        f"{total:,} libraries in SQLite. Median of 50 runs; baseline = walking parent links.",
        "",
        "| query | materialised path (ms) | parent walk (ms) | speed-up |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, code, fast, slow in rows:
        fast_ms = median_ms(timed(lambda f=fast, c=code: f(c), 50))
        slow_ms = median_ms(timed(lambda s=slow, c=code: s(c), 50))
        lines.append(f"| {label} | {fast_ms:.2f} | {slow_ms:.2f} | {slow_ms / fast_ms:.1f}× |")
    tree_ms = median_ms(timed(lambda: build_tree(Library.objects.all()), 10))
    page_ms = median_ms(timed(render_tree_page, 5))
    lines += [
        "",
        f"Whole network as a tree with targets and counts (`build_tree`): {tree_ms:.0f} ms; "
        f"the console tree page for a platform operator (two levels rendered, the rest "
        f"loaded when opened): {page_ms:.0f} ms.",
    ]
    write_section("Federation registry: tree queries", "\n".join(lines))
    print("\n".join(lines))
