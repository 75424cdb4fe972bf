"""The demo network: the National Library, the provincial libraries named in seed 000, Zhejiang's
eleven city libraries and Shaoxing's county and district libraries from seed 004.

Division codes are GB/T 2260 (Shaoxing's former 绍兴县 and 上虞市 appear under today's 柯桥区 and
上虞区). Coordinates are the libraries' buildings, to about a hundred metres. Zhejiang's volume is
the seed's figure for its self-built databases (1,840.3 GB); the other volumes are illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shuyun.accounts.models import User
from shuyun.federation import services
from shuyun.federation.models import Level, Library


@dataclass(frozen=True)
class DemoLibrary:
    code: str
    name_zh: str
    name_en: str
    level: Level
    parent: str | None
    division_code: str
    address: str
    latitude: str
    longitude: str
    volume_tb: str
    website: str = ""


P, C, K = Level.PROVINCIAL, Level.CITY, Level.COUNTY

NETWORK = [
    DemoLibrary(
        "NLC",
        "国家图书馆",
        "National Library of China",
        Level.NATIONAL,
        None,
        "110108",
        "北京市海淀区中关村南大街33号",
        "39.942600",
        "116.322400",
        "2300",
        "http://www.nlc.cn/",
    ),
    DemoLibrary(
        "ZJ",
        "浙江图书馆",
        "Zhejiang Library",
        P,
        "NLC",
        "330000",
        "杭州市西湖区曙光路73号",
        "30.274800",
        "120.140400",
        "1.84",
        "https://www.zjlib.cn/",
    ),
    DemoLibrary(
        "FJ",
        "福建省图书馆",
        "Fujian Provincial Library",
        P,
        "NLC",
        "350000",
        "福州市鼓楼区湖东路227号",
        "26.092600",
        "119.304500",
        "96",
    ),
    DemoLibrary(
        "LN",
        "辽宁省图书馆",
        "Liaoning Provincial Library",
        P,
        "NLC",
        "210000",
        "沈阳市沈河区青年大街157号",
        "41.789600",
        "123.436600",
        "88",
    ),
    DemoLibrary(
        "HB",
        "湖北省图书馆",
        "Hubei Provincial Library",
        P,
        "NLC",
        "420000",
        "武汉市武昌区公正路1号",
        "30.563400",
        "114.321200",
        "120",
    ),
    DemoLibrary(
        "HN",
        "湖南图书馆",
        "Hunan Library",
        P,
        "NLC",
        "430000",
        "长沙市芙蓉区韶山北路169号",
        "28.200600",
        "112.994700",
        "104",
    ),
    DemoLibrary(
        "SD",
        "山东省图书馆",
        "Shandong Library",
        P,
        "NLC",
        "370000",
        "济南市历城区二环东路2912号",
        "36.676900",
        "117.076800",
        "130",
    ),
    DemoLibrary(
        "TJ",
        "天津图书馆",
        "Tianjin Library",
        P,
        "NLC",
        "120000",
        "天津市河西区平江道58号",
        "39.086900",
        "117.208900",
        "92",
    ),
    DemoLibrary(
        "NX",
        "宁夏图书馆",
        "Ningxia Library",
        P,
        "NLC",
        "640000",
        "银川市金凤区人民广场东街",
        "38.485600",
        "106.232000",
        "61",
    ),
    DemoLibrary(
        "ZJ-HZ",
        "杭州图书馆",
        "Hangzhou Public Library",
        C,
        "ZJ",
        "330100",
        "杭州市上城区解放东路58号",
        "30.245400",
        "120.209700",
        "58",
    ),
    DemoLibrary(
        "ZJ-NB",
        "宁波图书馆",
        "Ningbo Library",
        C,
        "ZJ",
        "330200",
        "宁波市鄞州区天童北路1191号",
        "29.819000",
        "121.556000",
        "49",
    ),
    DemoLibrary(
        "ZJ-WZ",
        "温州市图书馆",
        "Wenzhou Library",
        C,
        "ZJ",
        "330300",
        "温州市鹿城区市府路168号",
        "27.994900",
        "120.699400",
        "41",
    ),
    DemoLibrary(
        "ZJ-JX",
        "嘉兴市图书馆",
        "Jiaxing Library",
        C,
        "ZJ",
        "330400",
        "嘉兴市南湖区海盐塘路339号",
        "30.752200",
        "120.755500",
        "37",
    ),
    DemoLibrary(
        "ZJ-HU",
        "湖州市图书馆",
        "Huzhou Library",
        C,
        "ZJ",
        "330500",
        "湖州市吴兴区仁皇山路666号",
        "30.870300",
        "120.093100",
        "26",
    ),
    DemoLibrary(
        "ZJ-SX",
        "绍兴图书馆",
        "Shaoxing Library",
        C,
        "ZJ",
        "330600",
        "绍兴市越城区胜利西路",
        "30.001800",
        "120.580000",
        "33",
    ),
    DemoLibrary(
        "ZJ-JH",
        "金华市图书馆",
        "Jinhua Library",
        C,
        "ZJ",
        "330700",
        "金华市婺城区双溪西路",
        "29.079100",
        "119.647400",
        "24",
    ),
    DemoLibrary(
        "ZJ-QZ",
        "衢州市图书馆",
        "Quzhou Library",
        C,
        "ZJ",
        "330800",
        "衢州市柯城区荷花中路",
        "28.970000",
        "118.859300",
        "18",
    ),
    DemoLibrary(
        "ZJ-ZS",
        "舟山市图书馆",
        "Zhoushan Library",
        C,
        "ZJ",
        "330900",
        "舟山市定海区昌国路",
        "29.985300",
        "122.207200",
        "15",
    ),
    DemoLibrary(
        "ZJ-TZ",
        "台州市图书馆",
        "Taizhou Library",
        C,
        "ZJ",
        "331000",
        "台州市椒江区市府大道",
        "28.656400",
        "121.420800",
        "22",
    ),
    DemoLibrary(
        "ZJ-LS",
        "丽水市图书馆",
        "Lishui Library",
        C,
        "ZJ",
        "331100",
        "丽水市莲都区人民街",
        "28.451700",
        "119.922900",
        "12",
    ),
    DemoLibrary(
        "ZJ-SX-YC",
        "越城区图书馆",
        "Yuecheng District Library",
        K,
        "ZJ-SX",
        "330602",
        "绍兴市越城区",
        "29.997000",
        "120.582000",
        "3.1",
    ),
    DemoLibrary(
        "ZJ-SX-KQ",
        "柯桥区图书馆",
        "Keqiao District Library",
        K,
        "ZJ-SX",
        "330603",
        "绍兴市柯桥区",
        "30.083400",
        "120.493000",
        "6.2",
    ),
    DemoLibrary(
        "ZJ-SX-SY",
        "上虞区图书馆",
        "Shangyu District Library",
        K,
        "ZJ-SX",
        "330604",
        "绍兴市上虞区",
        "30.032700",
        "120.868400",
        "5.5",
    ),
    DemoLibrary(
        "ZJ-SX-XC",
        "新昌县图书馆",
        "Xinchang County Library",
        K,
        "ZJ-SX",
        "330624",
        "绍兴市新昌县",
        "29.499900",
        "120.903900",
        "2.8",
    ),
    DemoLibrary(
        "ZJ-SX-ZJ",
        "诸暨市图书馆",
        "Zhuji Library",
        K,
        "ZJ-SX",
        "330681",
        "绍兴市诸暨市",
        "29.713500",
        "120.244400",
        "7.4",
    ),
    DemoLibrary(
        "ZJ-SX-SZ",
        "嵊州市图书馆",
        "Shengzhou Library",
        K,
        "ZJ-SX",
        "330683",
        "绍兴市嵊州市",
        "29.588600",
        "120.821000",
        "4.0",
    ),
]

# Zhejiang's own plan (seed 004): 200 TB for the province, 60 TB per city, 10 TB per county.
ZHEJIANG_TARGETS = {Level.PROVINCIAL: 200, Level.CITY: 60, Level.COUNTY: 10}

SITES = {
    "NLC": services.SiteLook("书云 · 国家数字图书馆", "", "#8c1c13", "#c9a227", []),
    "ZJ": services.SiteLook("浙江图书馆 · 书云", "", "#1f5c99", "#f0b429", ["zj.localhost"]),
    "ZJ-SX": services.SiteLook(
        "绍兴图书馆 · 书云", "", "#2f6b4f", "#e8c547", ["sx.localhost", "shaoxing.localhost"]
    ),
    "ZJ-SX-ZJ": services.SiteLook(
        "诸暨市图书馆 · 书云", "", "#6b3fa0", "#f2a65a", ["zhuji.localhost"]
    ),
}


def load_network(operator: User) -> list[Library]:
    """Create or update every demo library; running it again changes nothing."""
    libraries = []
    by_code: dict[str, Library] = {}
    for item in NETWORK:
        fields = {
            "name_zh": item.name_zh,
            "name_en": item.name_en,
            "level": item.level,
            "division_code": item.division_code,
            "address": item.address,
            "latitude": Decimal(item.latitude),
            "longitude": Decimal(item.longitude),
            "resource_volume_tb": Decimal(item.volume_tb),
            "website": item.website,
        }
        parent = by_code[item.parent] if item.parent else None
        existing = Library.objects.filter(code=item.code).first()
        if existing:
            library = services.update_library(operator, existing, parent=parent, **fields)
        else:
            library = services.create_library(operator, parent=parent, code=item.code, **fields)
        by_code[item.code] = library
        libraries.append(library)
    for level, target in ZHEJIANG_TARGETS.items():
        services.set_provincial_target(operator, by_code["ZJ"], level, Decimal(target))
    for code, look in SITES.items():
        services.save_branch_site(operator, by_code[code], look)
    return libraries
