"""Synthetic corpora for benchmarking: `scale` × the seed corpus, as a complete project copy.

scale 1 is the real project unchanged (data, templates, docs, seeds, mkdocs.yml). scale N adds
(N-1) × 5 synthetic documents: each round makes one new document per real document (its
*template*), placed in a new region of the same level (provinces for Tianjin, Liaoning and Jilin;
prefecture-level cities for Wenzhou and Fangchenggang). A synthetic document keeps its template's
provision tree (ids, labels, kinds, containers) and recombines the template's measures: the
content of each measure (heading and text with their English, responsibility, themes, framework
items, notes) is shuffled among the measures of the same shape, so every zh/en pair, theme and
framework reference stays a real one and the measure count is exactly the template's.

Responsibility units are re-pointed to clones of the template region's agencies, made once per new
region with ids `<region>-<suffix>` (same function, kind and aliases: aliases are per jurisdiction),
so every unit still resolves within the document's own region. Each new region is bound to one
template, so two templates never clone clashing aliases into one region.

Synthetic documents have `source.seed: null` (no seed text to check) and ids `<region>-synth-<n>`.
Everything is drawn from `random.Random(seed)`: the same (source, scale, seed) gives byte-identical files.
"""

from __future__ import annotations

import copy
import random
import shutil
from pathlib import Path
from typing import Any

from generator.data.model import GlossaryTerm, Text, Where
from generator.data.translation import chinese_left_in_english, glossary_mismatches, missing_quantities
from generator.data.yamlio import dump_yaml, load_yaml
from generator.errors import GeneratorError, Problem
from generator.paths import Project

# GB/T 2260 provincial-level divisions: (id, zh name, zh short name, en name, code).
PROVINCES: list[tuple[str, str, str, str, str]] = [
    ("beijing", "北京市", "北京", "Beijing", "110000"),
    ("tianjin", "天津市", "天津", "Tianjin", "120000"),
    ("hebei", "河北省", "河北", "Hebei", "130000"),
    ("shanxi", "山西省", "山西", "Shanxi", "140000"),
    ("inner-mongolia", "内蒙古自治区", "内蒙古", "Inner Mongolia Autonomous Region", "150000"),
    ("liaoning", "辽宁省", "辽宁", "Liaoning", "210000"),
    ("jilin", "吉林省", "吉林", "Jilin", "220000"),
    ("heilongjiang", "黑龙江省", "黑龙江", "Heilongjiang", "230000"),
    ("shanghai", "上海市", "上海", "Shanghai", "310000"),
    ("jiangsu", "江苏省", "江苏", "Jiangsu", "320000"),
    ("zhejiang", "浙江省", "浙江", "Zhejiang", "330000"),
    ("anhui", "安徽省", "安徽", "Anhui", "340000"),
    ("fujian", "福建省", "福建", "Fujian", "350000"),
    ("jiangxi", "江西省", "江西", "Jiangxi", "360000"),
    ("shandong", "山东省", "山东", "Shandong", "370000"),
    ("henan", "河南省", "河南", "Henan", "410000"),
    ("hubei", "湖北省", "湖北", "Hubei", "420000"),
    ("hunan", "湖南省", "湖南", "Hunan", "430000"),
    ("guangdong", "广东省", "广东", "Guangdong", "440000"),
    ("guangxi", "广西壮族自治区", "广西", "Guangxi Zhuang Autonomous Region", "450000"),
    ("hainan", "海南省", "海南", "Hainan", "460000"),
    ("chongqing", "重庆市", "重庆", "Chongqing", "500000"),
    ("sichuan", "四川省", "四川", "Sichuan", "510000"),
    ("guizhou", "贵州省", "贵州", "Guizhou", "520000"),
    ("yunnan", "云南省", "云南", "Yunnan", "530000"),
    ("tibet", "西藏自治区", "西藏", "Tibet Autonomous Region", "540000"),
    ("shaanxi", "陕西省", "陕西", "Shaanxi", "610000"),
    ("gansu", "甘肃省", "甘肃", "Gansu", "620000"),
    ("qinghai", "青海省", "青海", "Qinghai", "630000"),
    ("ningxia", "宁夏回族自治区", "宁夏", "Ningxia Hui Autonomous Region", "640000"),
    ("xinjiang", "新疆维吾尔自治区", "新疆", "Xinjiang Uygur Autonomous Region", "650000"),
]

# GB/T 2260 prefecture-level cities: (id, zh short name, en name, code, province id). zh name = short + 市.
# Names that two cities share in pinyin (台州/泰州, 宿州/苏州, 抚州/福州, 玉林/榆林) keep only one.
CITIES: list[tuple[str, str, str, str, str]] = [
    ("shijiazhuang", "石家庄", "Shijiazhuang", "130100", "hebei"),
    ("tangshan", "唐山", "Tangshan", "130200", "hebei"),
    ("qinhuangdao", "秦皇岛", "Qinhuangdao", "130300", "hebei"),
    ("handan", "邯郸", "Handan", "130400", "hebei"),
    ("xingtai", "邢台", "Xingtai", "130500", "hebei"),
    ("baoding", "保定", "Baoding", "130600", "hebei"),
    ("zhangjiakou", "张家口", "Zhangjiakou", "130700", "hebei"),
    ("chengde", "承德", "Chengde", "130800", "hebei"),
    ("cangzhou", "沧州", "Cangzhou", "130900", "hebei"),
    ("langfang", "廊坊", "Langfang", "131000", "hebei"),
    ("hengshui", "衡水", "Hengshui", "131100", "hebei"),
    ("taiyuan", "太原", "Taiyuan", "140100", "shanxi"),
    ("datong", "大同", "Datong", "140200", "shanxi"),
    ("changzhi", "长治", "Changzhi", "140400", "shanxi"),
    ("jinzhong", "晋中", "Jinzhong", "140700", "shanxi"),
    ("yuncheng", "运城", "Yuncheng", "140800", "shanxi"),
    ("hohhot", "呼和浩特", "Hohhot", "150100", "inner-mongolia"),
    ("baotou", "包头", "Baotou", "150200", "inner-mongolia"),
    ("ordos", "鄂尔多斯", "Ordos", "150600", "inner-mongolia"),
    ("shenyang", "沈阳", "Shenyang", "210100", "liaoning"),
    ("dalian", "大连", "Dalian", "210200", "liaoning"),
    ("anshan", "鞍山", "Anshan", "210300", "liaoning"),
    ("fushun", "抚顺", "Fushun", "210400", "liaoning"),
    ("dandong", "丹东", "Dandong", "210600", "liaoning"),
    ("jinzhou", "锦州", "Jinzhou", "210700", "liaoning"),
    ("yingkou", "营口", "Yingkou", "210800", "liaoning"),
    ("changchun", "长春", "Changchun", "220100", "jilin"),
    ("siping", "四平", "Siping", "220300", "jilin"),
    ("tonghua", "通化", "Tonghua", "220500", "jilin"),
    ("harbin", "哈尔滨", "Harbin", "230100", "heilongjiang"),
    ("qiqihar", "齐齐哈尔", "Qiqihar", "230200", "heilongjiang"),
    ("daqing", "大庆", "Daqing", "230600", "heilongjiang"),
    ("jiamusi", "佳木斯", "Jiamusi", "230800", "heilongjiang"),
    ("mudanjiang", "牡丹江", "Mudanjiang", "231000", "heilongjiang"),
    ("nanjing", "南京", "Nanjing", "320100", "jiangsu"),
    ("wuxi", "无锡", "Wuxi", "320200", "jiangsu"),
    ("xuzhou", "徐州", "Xuzhou", "320300", "jiangsu"),
    ("changzhou", "常州", "Changzhou", "320400", "jiangsu"),
    ("suzhou", "苏州", "Suzhou", "320500", "jiangsu"),
    ("nantong", "南通", "Nantong", "320600", "jiangsu"),
    ("lianyungang", "连云港", "Lianyungang", "320700", "jiangsu"),
    ("huaian", "淮安", "Huai'an", "320800", "jiangsu"),
    ("yancheng", "盐城", "Yancheng", "320900", "jiangsu"),
    ("yangzhou", "扬州", "Yangzhou", "321000", "jiangsu"),
    ("zhenjiang", "镇江", "Zhenjiang", "321100", "jiangsu"),
    ("taizhou", "泰州", "Taizhou", "321200", "jiangsu"),
    ("suqian", "宿迁", "Suqian", "321300", "jiangsu"),
    ("hangzhou", "杭州", "Hangzhou", "330100", "zhejiang"),
    ("ningbo", "宁波", "Ningbo", "330200", "zhejiang"),
    ("wenzhou", "温州", "Wenzhou", "330300", "zhejiang"),
    ("jiaxing", "嘉兴", "Jiaxing", "330400", "zhejiang"),
    ("huzhou", "湖州", "Huzhou", "330500", "zhejiang"),
    ("shaoxing", "绍兴", "Shaoxing", "330600", "zhejiang"),
    ("jinhua", "金华", "Jinhua", "330700", "zhejiang"),
    ("quzhou", "衢州", "Quzhou", "330800", "zhejiang"),
    ("zhoushan", "舟山", "Zhoushan", "330900", "zhejiang"),
    ("lishui", "丽水", "Lishui", "331100", "zhejiang"),
    ("hefei", "合肥", "Hefei", "340100", "anhui"),
    ("wuhu", "芜湖", "Wuhu", "340200", "anhui"),
    ("bengbu", "蚌埠", "Bengbu", "340300", "anhui"),
    ("maanshan", "马鞍山", "Ma'anshan", "340500", "anhui"),
    ("anqing", "安庆", "Anqing", "340800", "anhui"),
    ("huangshan", "黄山", "Huangshan", "341000", "anhui"),
    ("fuzhou", "福州", "Fuzhou", "350100", "fujian"),
    ("xiamen", "厦门", "Xiamen", "350200", "fujian"),
    ("putian", "莆田", "Putian", "350300", "fujian"),
    ("quanzhou", "泉州", "Quanzhou", "350500", "fujian"),
    ("zhangzhou", "漳州", "Zhangzhou", "350600", "fujian"),
    ("longyan", "龙岩", "Longyan", "350800", "fujian"),
    ("nanchang", "南昌", "Nanchang", "360100", "jiangxi"),
    ("jingdezhen", "景德镇", "Jingdezhen", "360200", "jiangxi"),
    ("jiujiang", "九江", "Jiujiang", "360400", "jiangxi"),
    ("ganzhou", "赣州", "Ganzhou", "360700", "jiangxi"),
    ("jian", "吉安", "Ji'an", "360800", "jiangxi"),
    ("jinan", "济南", "Jinan", "370100", "shandong"),
    ("qingdao", "青岛", "Qingdao", "370200", "shandong"),
    ("zibo", "淄博", "Zibo", "370300", "shandong"),
    ("yantai", "烟台", "Yantai", "370600", "shandong"),
    ("weifang", "潍坊", "Weifang", "370700", "shandong"),
    ("jining", "济宁", "Jining", "370800", "shandong"),
    ("weihai", "威海", "Weihai", "371000", "shandong"),
    ("linyi", "临沂", "Linyi", "371300", "shandong"),
    ("zhengzhou", "郑州", "Zhengzhou", "410100", "henan"),
    ("kaifeng", "开封", "Kaifeng", "410200", "henan"),
    ("luoyang", "洛阳", "Luoyang", "410300", "henan"),
    ("xinxiang", "新乡", "Xinxiang", "410700", "henan"),
    ("nanyang", "南阳", "Nanyang", "411300", "henan"),
    ("wuhan", "武汉", "Wuhan", "420100", "hubei"),
    ("huangshi", "黄石", "Huangshi", "420200", "hubei"),
    ("shiyan", "十堰", "Shiyan", "420300", "hubei"),
    ("yichang", "宜昌", "Yichang", "420500", "hubei"),
    ("xiangyang", "襄阳", "Xiangyang", "420600", "hubei"),
    ("jingzhou", "荆州", "Jingzhou", "421000", "hubei"),
    ("changsha", "长沙", "Changsha", "430100", "hunan"),
    ("zhuzhou", "株洲", "Zhuzhou", "430200", "hunan"),
    ("xiangtan", "湘潭", "Xiangtan", "430300", "hunan"),
    ("hengyang", "衡阳", "Hengyang", "430400", "hunan"),
    ("yueyang", "岳阳", "Yueyang", "430600", "hunan"),
    ("changde", "常德", "Changde", "430700", "hunan"),
    ("guangzhou", "广州", "Guangzhou", "440100", "guangdong"),
    ("shenzhen", "深圳", "Shenzhen", "440300", "guangdong"),
    ("zhuhai", "珠海", "Zhuhai", "440400", "guangdong"),
    ("shantou", "汕头", "Shantou", "440500", "guangdong"),
    ("foshan", "佛山", "Foshan", "440600", "guangdong"),
    ("jiangmen", "江门", "Jiangmen", "440700", "guangdong"),
    ("zhanjiang", "湛江", "Zhanjiang", "440800", "guangdong"),
    ("huizhou", "惠州", "Huizhou", "441300", "guangdong"),
    ("dongguan", "东莞", "Dongguan", "441900", "guangdong"),
    ("zhongshan", "中山", "Zhongshan", "442000", "guangdong"),
    ("nanning", "南宁", "Nanning", "450100", "guangxi"),
    ("liuzhou", "柳州", "Liuzhou", "450200", "guangxi"),
    ("guilin", "桂林", "Guilin", "450300", "guangxi"),
    ("beihai", "北海", "Beihai", "450500", "guangxi"),
    ("fangchenggang", "防城港", "Fangchenggang", "450600", "guangxi"),
    ("haikou", "海口", "Haikou", "460100", "hainan"),
    ("sanya", "三亚", "Sanya", "460200", "hainan"),
    ("chengdu", "成都", "Chengdu", "510100", "sichuan"),
    ("zigong", "自贡", "Zigong", "510300", "sichuan"),
    ("luzhou", "泸州", "Luzhou", "510500", "sichuan"),
    ("deyang", "德阳", "Deyang", "510600", "sichuan"),
    ("mianyang", "绵阳", "Mianyang", "510700", "sichuan"),
    ("nanchong", "南充", "Nanchong", "511300", "sichuan"),
    ("yibin", "宜宾", "Yibin", "511500", "sichuan"),
    ("guiyang", "贵阳", "Guiyang", "520100", "guizhou"),
    ("liupanshui", "六盘水", "Liupanshui", "520200", "guizhou"),
    ("zunyi", "遵义", "Zunyi", "520300", "guizhou"),
    ("kunming", "昆明", "Kunming", "530100", "yunnan"),
    ("qujing", "曲靖", "Qujing", "530300", "yunnan"),
    ("yuxi", "玉溪", "Yuxi", "530400", "yunnan"),
    ("lhasa", "拉萨", "Lhasa", "540100", "tibet"),
    ("xian", "西安", "Xi'an", "610100", "shaanxi"),
    ("tongchuan", "铜川", "Tongchuan", "610200", "shaanxi"),
    ("baoji", "宝鸡", "Baoji", "610300", "shaanxi"),
    ("xianyang", "咸阳", "Xianyang", "610400", "shaanxi"),
    ("yulin", "榆林", "Yulin", "610800", "shaanxi"),
    ("lanzhou", "兰州", "Lanzhou", "620100", "gansu"),
    ("jiayuguan", "嘉峪关", "Jiayuguan", "620200", "gansu"),
    ("tianshui", "天水", "Tianshui", "620500", "gansu"),
    ("xining", "西宁", "Xining", "630100", "qinghai"),
    ("yinchuan", "银川", "Yinchuan", "640100", "ningxia"),
    ("wuzhong", "吴忠", "Wuzhong", "640300", "ningxia"),
    ("urumqi", "乌鲁木齐", "Urumqi", "650100", "xinjiang"),
    ("karamay", "克拉玛依", "Karamay", "650200", "xinjiang"),
]

COPIED = ("templates", "docs", "seeds", "mkdocs.yml")
DATA_COPIED = ("schema", "frameworks", "functions.yaml", "themes.yaml", "glossary.yaml",
               "dataset.yaml", "releases.json", "CHANGELOG.md")  # the last three: the release history (issue 14)
# every editorial field of a measure travels with its text (target overrides name spans of that text)
CONTENT_KEYS = ("heading", "text", "responsibility", "themes", "framework", "notes", "themes_not", "targets", "deadline")
DOCUMENT_SCHEMA = "../schema/document.schema.json"


def region_table() -> dict[str, dict]:
    """Every region of the tables above as a regions.yaml entry, keyed by id."""
    table: dict[str, dict] = {}
    for rid, zh, short, en, code in PROVINCES:
        table[rid] = {"id": rid, "name": {"zh": zh, "en": en}, "level": "province", "parent": "china",
                      "code": code, "aliases": [short]}
    for rid, short, en, code, province in CITIES:
        table[rid] = {"id": rid, "name": {"zh": short + "市", "en": en}, "level": "prefecture", "parent": province,
                      "code": code, "aliases": [short]}
    return table


def _plain(value: Any) -> Any:
    """LineDict/LineList → plain dict/list (deep), so the dumper's output never depends on line info."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


MARKER = ".synthetic-project"


def _copy_tree(source: Project, target: Project) -> None:
    if target.root.exists():
        if any(target.root.iterdir()) and not (target.root / MARKER).exists():
            raise GeneratorError(Problem(str(target.root), 0, 0, "exists and is not a synthesized project",
                                         "give --out a new or a synthesized folder: this one is not replaced",
                                         code="E-ARGUMENT"))
        shutil.rmtree(target.root)
    target.root.mkdir(parents=True)
    (target.root / MARKER).write_text("written by generator/tools/synth.py; safe to delete\n", encoding="utf-8")
    for name in COPIED:
        src = source.root / name
        if src.is_dir():
            shutil.copytree(src, target.root / name)
        elif src.exists():
            shutil.copyfile(src, target.root / name)
    target.documents.mkdir(parents=True)
    for name in DATA_COPIED:
        src = source.data / name
        if not src.exists():
            continue
        if src.is_dir():
            shutil.copytree(src, target.data / name)
        else:
            shutil.copyfile(src, target.data / name)
    for name in ("regions.yaml", "agencies.yaml"):
        shutil.copyfile(source.data / name, target.data / name)
    for path in sorted(source.documents.glob("*.yaml")):
        shutil.copyfile(path, target.documents / path.name)


class _Renamer:
    """Replaces a template region's names with a new region's in metadata texts (zh and en alike).

    A renamed text that the translation checks would reject (a glossary term that the new name
    completes, such as 上海市 + 就业工作领导小组) keeps the template's wording instead."""

    def __init__(self, old: dict, new: dict, glossary: list[GlossaryTerm]):
        self.zh = [(old["name"]["zh"], new["name"]["zh"])] + \
                  [(alias, new["aliases"][0]) for alias in old.get("aliases") or [] if new.get("aliases")]
        self.en = [(old["name"]["en"], new["name"]["en"])]
        self.glossary = glossary

    def __call__(self, value: str | None, lang: str) -> str | None:
        if not value:
            return value
        for a, b in self.zh if lang == "zh" else self.en:
            value = value.replace(a, b)
        return value

    def acceptable(self, zh: str | None, en: str | None) -> bool:
        if not zh or not en:
            return True
        text = Text(zh, en)
        return not (glossary_mismatches(text, self.glossary) or missing_quantities(zh, en)
                    or chinese_left_in_english(en))

    def text(self, value: dict | None) -> dict | None:
        if not isinstance(value, dict):
            return value
        out = dict(value)
        for lang in ("zh", "en"):
            if out.get(lang):
                out[lang] = self(out[lang], lang)
        return out if self.acceptable(out.get("zh"), out.get("en")) else dict(value)


def _glossary(source: Project) -> list[GlossaryTerm]:
    terms = []
    for item in _plain(load_yaml(source.data / "glossary.yaml")) or []:
        terms.append(GlossaryTerm(item["zh"], item["en"], list(item.get("accept") or []), None,
                                  Where("glossary.yaml"), list(item.get("exclude") or [])))
    return terms


def _measure_groups(provisions: list[dict], unordered_from: str | None) -> dict[tuple, list[int]]:
    """Indexes of measures that may swap content: same depth, same shape, same side of 排序不分先后."""
    groups: dict[tuple, list[int]] = {}
    unordered = False
    for i, p in enumerate(provisions):
        if unordered_from and p["id"] == unordered_from:
            unordered = True
        if p["kind"] != "measure":
            continue
        key = (p["id"].count("."), bool(p.get("heading")), bool(p.get("text")), bool(p.get("responsibility")), unordered)
        groups.setdefault(key, []).append(i)
    return groups


def _clone_agencies(template_agencies: list[dict], old_region: str, new_region: dict,
                    rename: _Renamer) -> tuple[list[dict], dict[str, str]]:
    mapping = {a["id"]: f"{new_region['id']}-{a['id'].removeprefix(old_region + '-')}" for a in template_agencies}
    clones = []
    for a in template_agencies:
        clone = {
            "id": mapping[a["id"]],
            "name": rename.text(a["name"]),
        }
        if a.get("short") is not None:
            clone["short"] = rename.text(a["short"])
        clone.update({
            "jurisdiction": new_region["id"],
            "function": a["function"],
            "kind": a["kind"],
            "parent": mapping.get(a.get("parent"), a.get("parent")),
            "aliases": list(a.get("aliases") or []),
            "note": {"zh": f"基准测试用的合成数据，复制自 {a['id']}（generator/tools/synth.py）。",
                     "en": f"Synthetic benchmark clone of {a['id']} (generator/tools/synth.py)."},
        })
        clones.append(clone)
    return clones, mapping


def _synthetic_document(template: dict, doc_id: str, region: dict, sample: int, rename: _Renamer,
                        agency_map: dict[str, str], rng: random.Random) -> dict:
    doc = copy.deepcopy(template)
    doc["id"] = doc_id
    doc["region"] = region["id"]
    original = doc.get("title") or {"zh": "", "en": ""}
    for title in (rename.text(original), original):
        zh, en = title.get("zh") or "", title.get("en") or ""
        if region["name"]["zh"] not in zh or region["name"]["en"] not in en:
            zh, en = f"{region['name']['zh']}：{zh}", f"{region['name']['en']}: {en}"
        zh, en = f"{zh}（合成样本{sample}）", f"{en} (synthetic sample {sample})"
        if rename.acceptable(zh, en):
            break
    doc["title"] = {**original, "zh": zh, "en": en}
    doc.pop("editorial_title", None)  # a synthetic document always has a title; the template's editorial one names its region
    for key in ("issuer", "issuer_note", "preamble", "closing"):
        doc[key] = rename.text(doc.get(key))
    doc["doc_number"] = None
    source = doc.get("source") or {}
    doc["source"] = {"seed": None, "sha256": None, "encoding": None,
                     "publisher": rename.text(source.get("publisher")), "url": None}
    doc["front"] = [{**f, "text": rename.text(f["text"])} for f in doc.get("front") or []]
    doc["chrome"] = []
    provisions = doc["provisions"]
    for indexes in _measure_groups(provisions, doc.get("unordered_units_from")).values():
        contents = [{k: provisions[i].get(k) for k in CONTENT_KEYS if k in provisions[i]} for i in indexes]
        rng.shuffle(contents)
        for i, content in zip(indexes, contents):
            p = provisions[i]
            for k in CONTENT_KEYS:
                p.pop(k, None)
            # keep the canonical key order: id, label, kind, then content
            head = {k: p[k] for k in ("id", "label", "kind") if k in p}
            rest = {k: v for k, v in p.items() if k not in head}
            p.clear()
            p.update(head)
            for k in CONTENT_KEYS:
                if k in content:
                    p[k] = content[k]
            p.update(rest)
    for p in provisions:
        for unit in (p.get("responsibility") or {}).get("units") or []:
            if unit.get("agency"):
                unit["agency"] = agency_map.get(unit["agency"], unit["agency"])
    return doc


def synthesize(source: Project, target_root: Path, scale: int, seed: int = 1) -> Project:
    """Write a project at target_root holding scale × the source corpus (see the module docstring)."""
    if scale < 1:
        raise GeneratorError(Problem("--scale", 0, 0, f"{scale} is below 1", "give a whole number of 1 or more "
                                     "(1 = the project as it is, N = N times its documents)", code="E-ARGUMENT"))
    target = Project(Path(target_root))
    if target.root.resolve() in (source.root.resolve(), *source.root.resolve().parents):
        raise GeneratorError(Problem(str(target.root), 0, 0, "is the source project or holds it",
                                     "give --out a folder of its own", code="E-ARGUMENT"))
    _copy_tree(source, target)
    if scale == 1:
        return target

    rng = random.Random(seed)
    glossary = _glossary(source)
    regions = {r["id"]: r for r in _plain(load_yaml(source.data / "regions.yaml"))}
    agencies = _plain(load_yaml(source.data / "agencies.yaml"))
    templates = [_plain(load_yaml(path)) for path in sorted(source.documents.glob("*.yaml"))]
    used_codes = {r.get("code") for r in regions.values()}
    table = region_table()
    # Autonomous regions only serve as parents: the glossary renders 自治区 as "the Autonomous Region",
    # which renamed template titles would not satisfy.
    fresh = [r for r in table.values() if r["id"] not in regions and r["code"] not in used_codes
             and "自治区" not in r["name"]["zh"]]
    by_level = {level: [r for r in fresh if r["level"] == level] for level in ("province", "prefecture")}
    for pool in by_level.values():
        rng.shuffle(pool)

    # Bind each new region to one template of the same level (round-robin over the shuffled pool).
    pools: dict[str, list[dict]] = {}
    for level, pool in by_level.items():
        same_level = [t for t in templates if regions.get(t["region"], {}).get("level") == level]
        for j, template in enumerate(same_level):
            pools[template["id"]] = pool[j::len(same_level)]
    for template in templates:
        if not pools.get(template["id"]):
            raise GeneratorError(Problem(template["id"], 0, 0, f"no new regions of the level of its region "
                                         f"{template['region']} in synth's region table",
                                         "add regions of that level to PROVINCES/CITIES in generator/tools/synth.py",
                                         code="E-SYNTH-REGIONS"))

    new_regions: dict[str, dict] = {}
    new_agencies: list[dict] = []
    cloned: dict[str, dict[str, str]] = {}  # region id → template agency id → clone id
    counters: dict[str, int] = {}
    for round_ in range(1, scale):
        for template in templates:
            pool = pools[template["id"]]
            region = pool[(round_ - 1) % len(pool)]
            old_region = regions[template["region"]]
            rename = _Renamer(old_region, region, glossary)
            if region["id"] not in cloned:
                _add_region(region, regions, new_regions, table)
                template_agencies = [a for a in agencies if a["jurisdiction"] == template["region"]]
                clones, mapping = _clone_agencies(template_agencies, template["region"], region, rename)
                new_agencies += clones
                cloned[region["id"]] = mapping
            counters[region["id"]] = counters.get(region["id"], 0) + 1
            n = counters[region["id"]]
            doc_id = f"{region['id']}-synth-{n}"
            doc = _synthetic_document(template, doc_id, region, n, rename, cloned[region["id"]], rng)
            (target.documents / f"{doc_id}.yaml").write_text(dump_yaml(doc, schema=DOCUMENT_SCHEMA), encoding="utf-8")

    _append(target.data / "regions.yaml", "regions", list(new_regions.values()))
    _append(target.data / "agencies.yaml", "agencies", new_agencies)
    return target


def _add_region(region: dict, known: dict[str, dict], new_regions: dict[str, dict], table: dict[str, dict]) -> None:
    """Add a region and (first) any ancestors the project does not have yet."""
    parent = region.get("parent")
    if parent and parent not in known and parent not in new_regions:
        _add_region(table[parent], known, new_regions, table)
    new_regions.setdefault(region["id"], region)


def _append(path: Path, what: str, entries: list[dict]) -> None:
    """Append entries to a reference list, keeping the real file (header, comments) byte for byte."""
    if not entries:
        return
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    text += f"# Synthetic {what} for benchmarking (generator/tools/synth.py): not real data.\n" + dump_yaml(entries)
    path.write_text(text, encoding="utf-8")
