"""The demo's identifiers: prefixes down to Zhuji, Lu Xun's lectures with their real SHA-256."""

from __future__ import annotations

import hashlib

from shuyun.identifiers import demo
from shuyun.identifiers.models import Identifier, Prefix
from tests.conftest import SHARED_DATA

LECTURES = SHARED_DATA / "luxun-lectures-pd"


def test_demo_delegates_registers_and_runs_again_adding_nothing(client, network, operator):
    handles = demo.load_identifiers(operator, network)
    assert demo.load_identifiers(operator, network) == handles
    assert dict(Prefix.objects.values_list("library__code", "name")) == {
        "NLC": "20.500.12345",
        "ZJ": "20.500.12345.zj",
        "ZJ-SX": "20.500.12345.zj.sx",
        "ZJ-SX-ZJ": "20.500.12345.zj.sx.zhuji",
    }
    nora = (LECTURES / "娜拉走后怎样.md").read_bytes()
    identifier = Identifier.objects.get(sha256=hashlib.sha256(nora).hexdigest())
    assert identifier.handle == "20.500.12345.zj.sx/luxun/娜拉走后怎样" == handles[0]
    assert Identifier.objects.count() == 2 and identifier.library.code == "ZJ-SX"
    response = client.get(f"/id/{identifier.handle}")
    assert response.status_code == 302
    assert response["Location"].startswith("https://github.com/hmtx233/luxunwenji/blob/")
