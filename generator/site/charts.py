"""Pictures generated at build time as HTML/CSS (no chart library, no runtime data fetch).

Every chart is also text: the tile map is a list of links with names and counts, bar charts are
tables with a caption, heatmap cells print their numbers. Colours come from one single-hue
sequential scale (ColorBrewer Blues), which stays ordered in greyscale and for colour-blind readers.
"""

from __future__ import annotations

from markupsafe import Markup

from generator.site.escaping import escape_html

# Province-level divisions on an approximate tile grid: (GB/T 2260 code, zh short, en, column, row).
PROVINCE_TILES = [
    ("230000", "黑龙江", "Heilongjiang", 7, 0),
    ("150000", "内蒙古", "Inner Mongolia", 4, 1), ("110000", "北京", "Beijing", 5, 1), ("210000", "辽宁", "Liaoning", 6, 1),
    ("220000", "吉林", "Jilin", 7, 1),
    ("650000", "新疆", "Xinjiang", 0, 2), ("640000", "宁夏", "Ningxia", 2, 2), ("140000", "山西", "Shanxi", 3, 2),
    ("130000", "河北", "Hebei", 4, 2), ("120000", "天津", "Tianjin", 5, 2),
    ("630000", "青海", "Qinghai", 1, 3), ("620000", "甘肃", "Gansu", 2, 3), ("610000", "陕西", "Shaanxi", 3, 3),
    ("410000", "河南", "Henan", 4, 3), ("370000", "山东", "Shandong", 5, 3),
    ("540000", "西藏", "Tibet", 0, 4), ("510000", "四川", "Sichuan", 1, 4), ("500000", "重庆", "Chongqing", 2, 4),
    ("420000", "湖北", "Hubei", 3, 4), ("340000", "安徽", "Anhui", 4, 4), ("320000", "江苏", "Jiangsu", 5, 4),
    ("310000", "上海", "Shanghai", 6, 4),
    ("520000", "贵州", "Guizhou", 1, 5), ("430000", "湖南", "Hunan", 2, 5), ("360000", "江西", "Jiangxi", 3, 5),
    ("330000", "浙江", "Zhejiang", 4, 5),
    ("530000", "云南", "Yunnan", 1, 6), ("450000", "广西", "Guangxi", 2, 6), ("440000", "广东", "Guangdong", 3, 6),
    ("350000", "福建", "Fujian", 4, 6), ("710000", "台湾", "Taiwan", 5, 6),
    ("460000", "海南", "Hainan", 2, 7), ("810000", "香港", "Hong Kong", 3, 7), ("820000", "澳门", "Macao", 4, 7),
]
# ISO 3166-2:CN subdivision codes, shown instead of long English names where tiles are narrow (phones).
ISO_CODES = {"11": "BJ", "12": "TJ", "13": "HE", "14": "SX", "15": "NM", "21": "LN", "22": "JL", "23": "HL", "31": "SH",
             "32": "JS", "33": "ZJ", "34": "AH", "35": "FJ", "36": "JX", "37": "SD", "41": "HA", "42": "HB", "43": "HN",
             "44": "GD", "45": "GX", "46": "HI", "50": "CQ", "51": "SC", "52": "GZ", "53": "YN", "54": "XZ", "61": "SN",
             "62": "GS", "63": "QH", "64": "NX", "65": "XJ", "71": "TW", "81": "HK", "82": "MO"}
# Shares of a whole (a document's or region's measures) at which the shading steps up: raw counts would
# shade a finely divided document darker than a terse one with the same policy.
SHARE_STEPS = (0.05, 0.10, 0.20)


def share_class(count: int, total: int) -> str:
    """Bucket 1..4 by count/total ('' for zero: an empty cell stays empty)."""
    if count <= 0 or total <= 0:
        return ""
    share = count / total
    return f"heat-{1 + sum(share >= step for step in SHARE_STEPS)}"


def share_legend(t, whole: str) -> Markup:
    """The key to share_class: four swatches with their ranges, and what the number in a cell is.
    `t` is the page's interface-string lookup (PageView.t)."""
    bounds = [0, *SHARE_STEPS]
    items = []
    for i, low in enumerate(bounds):
        high = bounds[i + 1] if i + 1 < len(bounds) else None
        rng = f"≥ {round(low * 100)}%" if high is None else f"{round(low * 100)}–{round(high * 100)}%" if low else f"< {round(high * 100)}%"
        items.append(f'<li><span class="sw heat-{i + 1}" aria-hidden="true"></span>{rng}</li>')
    head = t("share_legend_head", whole=whole)
    colon = escape_html(t("legend_colon"))
    return Markup(f'<ul class="heat-legend" aria-label="{escape_html(head)}"><li>{escape_html(head)}{colon}</li>{"".join(items)}</ul>')


def tile_map(tiles: list[dict], t, caption: str, data_href: str, names_fit: bool) -> Markup:
    """tiles: one dict per province tile: code, name, href (or None), documents (int), cities [(name, href)].
    `t` is the page's interface-string lookup (PageView.t); `names_fit`: the page's city names fit in a
    tile (Chinese ones wrap between characters; English ones do not)."""

    def documents(n: int) -> str:
        return t("documents_count_one" if n == 1 else "documents_count_other", n=n)

    parts = [f'<figure class="tilemap-figure"><div class="tilemap" role="list" aria-label="{escape_html(caption)}">']
    for tile in tiles:
        style = f'grid-column:{tile["col"] + 1};grid-row:{tile["row"] + 1}'
        state = "has-docs" if tile["documents"] else ("has-city-docs" if tile["cities"] else "no-docs")
        count = tile["documents"] + sum(c[2] for c in tile["cities"])
        # visible short name first, then (for screen readers) the full name and the count
        extra = "" if tile["name"] == tile["short"] else t("tile_full_name", name=tile["name"])
        if count:
            extra += t("colon") + documents(count)
        hidden = f'<span class="sr-only">{escape_html(extra)}</span>' if extra else ""
        # Chinese city names fit a tile (they wrap between characters); English ones do not, so there the
        # tile shows a dot and the legend under the map names the city: nothing is cut off
        def city_name(name: str) -> str:
            return escape_html(name) if names_fit else f'<span class="city-name outside">{escape_html(name)}</span>'
        cities = "".join(f'<a class="city" href="{escape_html(href)}" title="{escape_html(name)}">{city_name(name)}</a>'
                         for name, href, _ in tile["cities"])
        # English names are too long for a phone's tiles: there the ISO code shows, the name stays for screen readers
        code = None if names_fit else ISO_CODES.get(tile["code"][:2])
        short = escape_html(tile["short"])
        visible = (f'<span class="long" aria-hidden="true">{short}</span><span class="abbr" aria-hidden="true">{code}</span>'
                   f'<span class="sr-only">{short}</span>') if code else short
        if tile["href"]:
            name = f'<a class="tile-name" href="{escape_html(tile["href"])}" title="{short}">{visible}{hidden}</a>'
        else:
            name = f'<span class="tile-name" title="{short}">{visible}{hidden}</span>'
        parts.append(f'<div role="listitem" class="tile {state}" style="{style}">{name}{cities}</div>')
    legend = t("tile_map_legend")
    data = escape_html(t("data_label"))
    listed = [(city, tile) for tile in tiles for city in tile["cities"]]
    if listed:
        items = "".join(f'<li>● <a href="{escape_html(href)}">{escape_html(name)}</a> ({escape_html(tile["short"])}, '
                        f'{escape_html(documents(n))})</li>'
                        for (name, href, n), tile in listed)
        city_list = f'<ul class="tilemap-cities" aria-label="{escape_html(t("cities_with_documents"))}">{items}</ul>'
    else:
        city_list = ""
    parts.append(f'</div><figcaption>{escape_html(caption)}. {escape_html(legend)}. '
                 f'<a href="{escape_html(data_href)}">{data}: regions.csv</a>{city_list}</figcaption></figure>')
    return Markup("".join(parts))


def bar_table(rows: list[tuple[str, int, str | None]], caption: str, label_header: str, value_header: str,
              data_href: str, data_label: str, empty: str = "") -> Markup:
    """A horizontal bar chart that is a real table: (label, value, href) rows, bars scaled to the maximum.
    With no rows, the `empty` sentence says why there is no chart."""
    if not rows:
        return Markup(f'<p class="empty">{escape_html(empty)}</p>' if empty else "")
    maximum = max(v for _, v, _ in rows) or 1
    body = []
    for label, value, href in rows:
        name = f'<a href="{escape_html(href)}">{escape_html(label)}</a>' if href else escape_html(label)
        # a zero draws no bar at all (a sliver would read as "a little")
        bar = f'<span class="bar" style="width:{round(100 * value / maximum)}%" aria-hidden="true"></span>' if value > 0 else ""
        body.append(f'<tr><th scope="row">{name}</th><td>{bar}<span class="bar-value">{value}</span></td></tr>')
    return Markup(
        f'<table class="bar-chart"><caption>{escape_html(caption)} '
        f'(<a href="{escape_html(data_href)}">{escape_html(data_label)}</a>)</caption>'
        f'<thead data-pagefind-ignore><tr><th scope="col">{escape_html(label_header)}</th>'
        f'<th scope="col">{escape_html(value_header)}</th></tr></thead>'
        f'<tbody data-pagefind-ignore="all">{"".join(body)}</tbody></table>')
