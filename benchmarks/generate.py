"""Synthetic enforcement records at any scale, for the benchmark: seeded, streamed, valid.

    python benchmarks/generate.py --officers N --out DIR [--seed S] [--jobs J]

writes DIR/departments.jsonl, officers.jsonl, certificates.jsonl, training_records.jsonl, actions.jsonl and
filings.jsonl: the JSON Lines collections ``compliance check`` reads. Every person and department is made up.

The shape, per department of about 50 officers (30 to 70):

- departments come in counties of 20: a judicial bureau (司法局), 17 enforcement departments and 2 streets
  (township level); every tenth county is a city (all city level, no streets);
- officers: most in post throughout; some join or leave mid-year, some are transferred in from another
  department of the county, some are seconded away for part of 2024, a few join only in 2025;
- certificates valid five years (a few with no expiry), renewed on the day after expiry or a little before;
  in each department a few officers have a certificate that lapses before its renewal, expires unrenewed, is
  suspended and restored, reported lost and reissued, or revoked, a joiner acts before the first certificate is
  issued, and one officer now and then has none at all; leavers' certificates are revoked and cancelled;
- training: about 20 records per officer a year in 2023 and 2024 and a few in early 2025, in quarter hours, in
  all four categories, some before the officer's first day (pre-job training);
- actions: about 10 per officer over two years, 1 to 3 officers each, from 2023 to the end of March 2025;
- filings: a training plan per department per year 2023-2025, problem lists and progress reports, the
  judicial bureaus' mid-term and final evaluations.

About 5 % of the subjects of each of the four headline rules break it (certificate-before-enforcement,
training-annual-hours, training-plan-filed, midterm-evaluation, as of 2025-03-01 under the Kuangqu pack), and
the edges appear: actions on a certificate's expiry day and on the day after, 29.5 public legal hours against
30 exactly, a training plan filed on the deadline (2025-02-28) and on the day after, one on 2024-02-29, records
dated after 2025-03-01.

Quarter hours keep every sum of hours exact in binary floating point, so that no order of summation can move a
total across a threshold. Each department draws from its own random generator, seeded by the seed and the
department's number: the output depends only on ``--officers`` and ``--seed``, not on ``--jobs``. Records are
written one department at a time, so memory does not grow with the number of officers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

try:
    import orjson

    def _line(record: dict) -> bytes:
        return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)
except ImportError:  # pragma: no cover - orjson is in the bench extra; the output is the same without it
    import json

    def _line(record: dict) -> bytes:
        return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


COLLECTIONS = ("departments", "officers", "certificates", "training_records", "actions", "filings")

# --- days --------------------------------------------------------------------------------------------------
# Days are proleptic ordinals (int); their ISO text comes from one table.

_FIRST_DAY = dt.date(1990, 1, 1).toordinal()
_ISO = [dt.date.fromordinal(n).isoformat() for n in range(_FIRST_DAY, dt.date(2040, 1, 1).toordinal())]


def iso(day: int) -> str:
    return _ISO[day - _FIRST_DAY]


def day(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


def add_years(d: int, years: int) -> int:
    date = dt.date.fromordinal(d)
    try:
        return date.replace(year=date.year + years).toordinal()
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28).toordinal()


#: Activity (training, actions) runs from here to a month past the default as-of day, 2025-03-01.
ACTIVITY_START, ACTIVITY_END = day("2023-01-01"), day("2025-03-31")
AS_OF = day("2025-03-01")
YEARS = {year: (day(f"{year}-01-01"), day(f"{year}-12-31")) for year in (2023, 2024, 2025)}
ACTIONS_PER_DAY = 10 / 731  # about 10 per officer over 2023-2024
TRAINING_PER_YEAR = 20

# --- names -------------------------------------------------------------------------------------------------

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
            "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱"
            "严覃武戴莫孔向汤")
GIVEN = ("建国志强海燕秀兰俊杰文博晓东丽娜振华明轩子涵思远国栋雅琴宏伟春梅立新雪芳永刚佳怡晨曦浩然欣怡"
         "宇航婷婷鹏飞瑞雪红霞德胜玉珍光辉桂英淑华凤英")
PLACES = ("平定盂县郊城阳泉昔阳和顺左权榆社太谷祁县平遥介休灵石汾阳孝义文水交城清徐娄烦古交阳曲晋源尖草坪"
          "万柏林迎泽杏花岭小店沁源沁县武乡襄垣屯留长子壶关陵川高平泽州阳城沁水")

#: (id suffix, name) of the departments of a county, after its judicial bureau
ENFORCEMENT_KINDS = [
    ("fgj", "发展和改革局"), ("jyj", "教育局"), ("gxj", "工业和信息化局"), ("mzj", "民政局"),
    ("rsj", "人力资源和社会保障局"), ("zrzyj", "自然资源局"), ("sthj", "生态环境分局"), ("zjj", "住房和城乡建设局"),
    ("jtj", "交通运输局"), ("slj", "水利局"), ("nyj", "农业农村局"), ("swj", "商务局"), ("wlj", "文化和旅游局"),
    ("wjj", "卫生健康局"), ("yjj", "应急管理局"), ("scjg", "市场监督管理局"), ("cgj", "城市管理局"),
]
STREETS = [("jd1", "东街道办事处"), ("jd2", "西街道办事处")]
COUNTY_SIZE = 1 + len(ENFORCEMENT_KINDS) + len(STREETS)  # 20

COURSES = {
    "public_legal": ["行政处罚法专题培训", "行政许可法解读", "行政复议法(2023年修订)学习", "行政诉讼法与应诉实务",
                     "民法典与行政执法", "宪法学习宣传", "提升行政执法质量三年行动计划解读"],
    "professional": ["执法文书制作规范", "现场检查与证据收集", "行政裁量权基准适用", "执法全过程记录",
                     "本领域法律法规与执法实务", "行政执法案卷评查", "执法风险防控"],
    "political_theory": ["习近平法治思想专题学习", "党性教育专题", "理论学习中心组学习"],
    "other": ["公文写作", "执法信息化平台操作", "应急处置演练", "群众工作方法"],
}
ACTION_KINDS = (["inspection"] * 45 + ["penalty"] * 25 + ["licensing"] * 15 + ["coercion"] * 7 + ["levy"] * 3
                + ["other"] * 5)
LEFT_REASONS = ["transferred", "resigned", "retired", "retired", "dismissed", "other"]
CURRICULUM = "国办发〔2023〕27号"

# --- profiles ----------------------------------------------------------------------------------------------

#: Certificate histories that leave an officer without a valid certificate for a while, one of each in every
#: department (where it has officers enough); "uncertified" only in every other department.
CERTIFICATE_TROUBLE = ["lapsed", "lapsed", "expired", "suspended", "lost", "revoked", "late_issue"]
INVALIDATING = frozenset({"suspended", "revoked", "cancelled", "lost"})
RESTORING = frozenset({"restored", "reissued"})


class Officer:
    """An officer while the department is generated: postings, certificates, and the days without a valid one."""

    __slots__ = ("id", "postings", "certificates", "gaps", "acting", "edges")

    def __init__(self, officer_id: str):
        self.id = officer_id
        #: (start, end or None, left_reason or None, department or None)
        self.postings: list[tuple[int, int | None, str | None, str | None]] = []
        #: [id, issued_on, expires_on or None, exam_passed_on, [(day, event), ...]]
        self.certificates: list[list] = []
        #: (first, last) days without a valid certificate that actions are steered into
        self.gaps: list[tuple[int, int]] = []
        #: (first, last) days in post in this department within the activity period
        self.acting: list[tuple[int, int]] = []
        #: days on which the officer takes part in an action whatever else happens (certificate edges)
        self.edges: list[int] = []

    def in_post(self, first: int, last: int) -> list[tuple[int, int]]:
        """The days in post between ``first`` and ``last``, as (first, last) pieces."""
        pieces = []
        for start, end, _, _ in self.postings:
            a, b = max(start, first), min(end if end is not None else last, last)
            if a <= b:
                pieces.append((a, b))
        return pieces

    def acts_on(self, d: int) -> bool:
        return any(a <= d <= b for a, b in self.acting)

    def valid_on(self, d: int) -> bool:
        """Whether one of the certificates is valid on ``d``: the library's rule, written again."""
        for _, issued, expires, _, events in self.certificates:
            if d < issued or (expires is not None and d > expires):
                continue
            valid = True
            for event_day, event in events:
                if event_day > d:
                    break
                if event in INVALIDATING:
                    valid = False
                elif event in RESTORING:
                    valid = True
            if valid:
                return True
        return False


class Layout:
    """How many officers each department has, and where it stands: the same in every worker process."""

    def __init__(self, officers: int, seed: int):
        rng = random.Random(f"{seed}/layout")
        self.sizes: list[int] = []
        left = officers
        while left > 0:
            size = min(rng.randint(30, 70), left)
            if 0 < left - size < 10:
                size = left  # no department of a handful
            self.sizes.append(size)
            left -= size

    def __len__(self) -> int:
        return len(self.sizes)

    @staticmethod
    def county(d: int) -> int:
        return d // COUNTY_SIZE

    @staticmethod
    def is_city(county: int) -> bool:
        return county % 10 == 9

    @staticmethod
    def department(d: int) -> dict:
        county, slot = divmod(d, COUNTY_SIZE)
        code = f"c{county:04d}"
        city = Layout.is_city(county)
        a, b = PLACES[(county * 2) % len(PLACES)], PLACES[(county * 7 + 3) % len(PLACES)]
        locality = "阳泉市矿区" if county == 0 else (f"{a}{b}市" if city else f"{a}{b}县{county}")
        if slot == 0:
            suffix, name, kind = "sfj", "司法局", "judicial_bureau"
        elif slot <= len(ENFORCEMENT_KINDS):
            (suffix, name), kind = ENFORCEMENT_KINDS[slot - 1], "enforcement"
        elif city:
            suffix, name, kind = f"zf{slot}", f"综合行政执法支队{slot - len(ENFORCEMENT_KINDS)}", "enforcement"
        else:
            (suffix, name), kind = STREETS[slot - 1 - len(ENFORCEMENT_KINDS)], "enforcement"
        if suffix.startswith("jd"):  # a street: the kind left to its default, enforcement
            return {"id": f"{code}-{suffix}", "name": f"{locality}{name}", "level": "township", "locality": locality}
        return {"id": f"{code}-{suffix}", "name": f"{locality}{name}", "level": "city" if city else "county",
                "department_kind": kind, "locality": locality}


# --- one department ----------------------------------------------------------------------------------------


def _uniform(rng: random.Random, pieces: list[tuple[int, int]]) -> int | None:
    """A day drawn uniformly from (first, last) pieces; None if there are none."""
    total = sum(b - a + 1 for a, b in pieces)
    if total <= 0:
        return None
    k = rng.randrange(total)
    for a, b in pieces:
        if k <= b - a:
            return a + k
        k -= b - a + 1
    raise AssertionError


def _clip(pieces: list[tuple[int, int]], first: int, last: int) -> list[tuple[int, int]]:
    return [(max(a, first), min(b, last)) for a, b in pieces if max(a, first) <= min(b, last)]


def _split(rng: random.Random, quarters: int, parts: int) -> list[int]:
    """``quarters`` quarter hours in ``parts`` positive pieces (fewer if there are not enough)."""
    if quarters <= 0:
        return []
    parts = max(1, min(parts, quarters))
    cuts = sorted(rng.sample(range(1, quarters), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, quarters])]


def _ceil_q(hours: float) -> int:
    """Quarter hours at least ``hours``."""
    return math.ceil(hours * 4 - 1e-9)


class Department:
    """Generates the records of one department; ``lines`` holds them, by collection, as JSON Lines."""

    def __init__(self, layout: Layout, d: int, seed: int):
        self.rng = random.Random(f"{seed}/{d}")
        self.d = d
        self.record = Layout.department(d)
        self.id = self.record["id"]
        self.county = Layout.county(d)
        self.bureau = f"c{self.county:04d}-sfj"
        county = range(self.county * COUNTY_SIZE, min((self.county + 1) * COUNTY_SIZE, len(layout)))
        self.neighbours = [Layout.department(n)["id"] for n in county if n != d]
        self.size = layout.sizes[d]
        self.lines: dict[str, list[bytes]] = {c: [] for c in COLLECTIONS}
        self.officers: list[Officer] = []
        self.certificate_serial = 0
        self.action_serial = 0

    def generate(self) -> dict[str, list[bytes]]:
        self.lines["departments"].append(_line(self.record))
        rng = self.rng
        trouble = CERTIFICATE_TROUBLE + (["uncertified"] if self.d % 2 == 0 else [])
        profiles = (trouble + ["normal"] * self.size)[:self.size]
        rng.shuffle(profiles)
        for k, profile in enumerate(profiles, start=1):
            self.officers.append(self._officer(f"{self.id}-{k:03d}", profile))
        self._training()
        for officer in self.officers:
            self._actions(officer)
        self._filings()
        return self.lines

    # --- officers and certificates -------------------------------------------------------------------------

    def _officer(self, officer_id: str, profile: str) -> Officer:
        rng = self.rng
        officer = Officer(officer_id)
        veteran_start = rng.randint(day("2003-01-01"), day("2022-06-30"))
        if profile == "late_issue":
            kind = "joiner"
        elif profile != "normal":
            kind = "veteran"
        else:
            kind = rng.choices(["veteran", "joiner", "future", "leaver", "transfer", "seconded", "short"],
                               [82, 6, 1, 6, 2, 2, 1])[0]
        if kind == "veteran":
            officer.postings = [(veteran_start, None, None, None)]
        elif kind == "joiner":
            officer.postings = [(rng.randint(day("2023-02-01"), day("2024-11-30")), None, None, None)]
        elif kind == "future":
            officer.postings = [(rng.randint(day("2025-01-02"), day("2025-06-30")), None, None, None)]
        elif kind == "leaver":
            officer.postings = [(veteran_start, rng.randint(day("2023-02-01"), day("2025-02-20")),
                                 rng.choice(LEFT_REASONS), None)]
        elif kind == "transfer" and self.neighbours:
            left = rng.randint(day("2023-03-01"), day("2024-10-31"))
            officer.postings = [(veteran_start, left, "transferred", rng.choice(self.neighbours)),
                                (left + rng.randint(1, 60), None, None, None)]
        elif kind == "seconded":
            away = rng.randint(day("2024-02-01"), day("2024-08-31"))
            officer.postings = [(veteran_start, away, "other", None), (away + rng.randint(30, 150), None, None, None)]
        else:  # short, or a transfer in a county of one department
            start = rng.randint(day("2023-01-15"), day("2023-12-15"))
            end = rng.randint(day("2024-02-01"), day("2024-11-30"))
            officer.postings = [(start, end, rng.choice(LEFT_REASONS), None)]
        officer.acting = _clip([(a, b if b is not None else ACTIVITY_END) for a, b, _, dept in officer.postings
                                if dept is None], ACTIVITY_START, ACTIVITY_END)
        start = officer.postings[0][0]
        if profile == "normal":
            self._career(officer, start + rng.randint(10, 90))
        else:
            self._trouble(officer, profile, start)
        self._leaving(officer)
        self.lines["officers"].append(_line({
            "id": officer.id, "name": rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2)))),
            "department": self.id,
            "postings": [{"start": iso(a)} | ({"end": iso(b)} if b is not None else {})
                         | ({"left_reason": reason} if reason else {}) | ({"department": dept} if dept else {})
                         for a, b, reason, dept in officer.postings],
        }))
        for certificate_id, issued, expires, exam, events in officer.certificates:
            record = {"id": certificate_id, "officer": officer.id, "issued_by": "阳泉市人民政府",
                      "issued_on": iso(issued), "exam_passed_on": iso(exam)}
            if expires is not None:
                record["expires_on"] = iso(expires)
            if events:
                record["events"] = [{"date": iso(d), "event": event} for d, event in events]
            self.lines["certificates"].append(_line(record))
        return officer

    def _certificate(self, officer: Officer, issued: int, expires: int | None, events=None) -> list:
        self.certificate_serial += 1
        exam = issued - self.rng.randint(0, 60)
        certificate = [f"14{self.d:06d}{self.certificate_serial:04d}", issued, expires, exam, events or []]
        officer.certificates.append(certificate)
        return certificate

    def _career(self, officer: Officer, first_issue: int) -> None:
        """Five-year certificates from ``first_issue`` on, each renewed on the day after it expires or a little
        before; those that expired before 2021 are left out."""
        rng, issued = self.rng, first_issue
        while True:
            expires = None if rng.random() < 0.08 else add_years(issued, 5) - 1
            if expires is None or expires >= day("2021-01-01"):
                self._certificate(officer, issued, expires)
            if expires is None or expires > day("2026-06-30"):
                return
            renewed = expires + 1 if rng.random() < 0.6 else expires - rng.randint(1, 60)
            if ACTIVITY_START <= expires < ACTIVITY_END and renewed == expires + 1 and rng.random() < 0.3:
                officer.edges.append(expires + 1)  # acts on the first day of the new certificate
            issued = max(renewed, issued + 1)

    def _trouble(self, officer: Officer, profile: str, start: int) -> None:
        """A certificate history with days without a valid certificate, steered into by some actions."""
        rng = self.rng
        if profile in ("lapsed", "expired"):
            expires = rng.randint(day("2023-03-01"), day("2024-12-15"))
            issued = max(add_years(expires + 1, -5), start)
            self._certificate(officer, issued, expires)
            officer.edges += [expires, expires + 1]  # the last valid day, and the first day without
            if profile == "lapsed":
                renewed = expires + rng.randint(5, 60)
                self._certificate(officer, renewed, add_years(renewed, 5) - 1)
                officer.gaps.append((expires + 1, renewed - 1))
            else:
                officer.gaps.append((expires + 1, ACTIVITY_END))
        elif profile in ("suspended", "lost", "revoked"):
            issued = max(rng.randint(day("2021-02-01"), day("2022-12-31")), start)
            certificate = self._certificate(officer, issued, add_years(issued, 5) - 1)
            events = certificate[4]
            began = rng.randint(day("2023-03-01"), day("2024-11-30"))
            if profile == "suspended":
                events.append((began, "suspended"))
                if rng.random() < 0.1:  # lifted the same day: valid again that very day
                    events.append((began, "restored"))
                    officer.edges.append(began)
                elif rng.random() < 0.8:
                    restored = began + rng.randint(20, 120)
                    events.append((restored, "restored"))
                    officer.gaps.append((began, restored - 1))
                    officer.edges.append(restored)  # valid again that day
                else:
                    officer.gaps.append((began, ACTIVITY_END))
            elif profile == "lost":
                applied, reissued = began + rng.randint(2, 25), began + rng.randint(26, 60)
                events += [(began, "lost"), (applied, "reissue_applied"), (reissued, "reissued")]
                officer.gaps.append((began, reissued - 1))
            else:
                events += [(began, "revoked"), (began + rng.randint(5, 30), "cancelled")]
                again = began + rng.randint(120, 400)
                self._certificate(officer, again, add_years(again, 5) - 1)
                officer.gaps.append((began, again - 1))
        elif profile == "late_issue":
            issued = start + rng.randint(45, 150)
            self._certificate(officer, issued, add_years(issued, 5) - 1)
            officer.gaps.append((start, issued - 1))
            officer.edges.append(issued)  # acts on the day of issue
        else:  # uncertified: no certificate at all
            officer.gaps.append((start, ACTIVITY_END))

    def _leaving(self, officer: Officer) -> None:
        """A leaver's certificate is revoked and cancelled (usually within 30 days); none is issued after."""
        last = officer.postings[-1][1]
        if last is None:
            return
        officer.certificates[:] = [c for c in officer.certificates if c[1] <= last]
        held = [c for c in officer.certificates if (c[2] is None or c[2] >= last) and not c[4]]
        if held and self.rng.random() < 0.9:
            revoked = last + self.rng.randint(0, 40)
            held[-1][4] += [(revoked, "revoked"), (revoked + self.rng.randint(0, 20), "cancelled")]

    # --- training ------------------------------------------------------------------------------------------

    def _training(self) -> None:
        rng = self.rng
        first, last = YEARS[2024]
        whole_2024 = [o for o in self.officers if o.in_post(first, last) == [(first, last)]]
        rng.shuffle(whole_2024)
        # The edges, in every department: 29.5 public legal hours, and 30 exactly; and one short of professional.
        planned = {o.id: p for o, p in zip(whole_2024, ["public_29_5", "public_30", "short_professional"])}
        for officer in self.officers:
            serial = 0
            for year in (2023, 2024):
                if year == 2024:
                    plan = planned.get(officer.id) or rng.choices(
                        ["enough", "just_enough", "political_heavy", "short_public", "none"], [92, 6, 0.5, 0.5, 0.3])[0]
                else:
                    plan = rng.choices(["enough", "short_public", "short_professional"], [94, 3, 3])[0]
                serial = self._training_year(officer, year, plan, serial)
            pieces = officer.in_post(day("2025-01-02"), ACTIVITY_END)
            for _ in range(rng.randint(2, 6) if pieces else 0):
                serial += 1
                category = rng.choice(["public_legal", "professional", "political_theory"])
                self._training_record(officer, serial, _uniform(rng, pieces), rng.randint(2, 16), category)

    def _training_year(self, officer: Officer, year: int, plan: str, serial: int) -> int:
        rng = self.rng
        first, last = YEARS[year]
        pieces = officer.in_post(first, last)
        days = sum(b - a + 1 for a, b in pieces)
        if not days:
            return serial
        share = days / (last - first + 1)
        need_public, need_professional = _ceil_q(round(30 * share, 1)), _ceil_q(round(30 * share, 1))
        extra = max(1, round(40 * share))
        public = need_public + rng.randint(0, extra)
        professional = need_professional + rng.randint(0, extra)
        other = rng.randint(0, round(24 * share))
        political = rng.randint(16, max(16, round(64 * share)))
        if plan == "just_enough":
            public, professional, other = need_public, need_professional, 0
        elif plan == "public_29_5":
            public = 118
        elif plan == "public_30":
            public, professional = 120, 120 + rng.randint(0, 8)
        elif plan == "short_public":
            public = max(0, need_public - rng.randint(1, 40))
        elif plan == "short_professional":
            professional = max(0, need_professional - rng.randint(1, 40))
        elif plan == "political_heavy":
            public, political = max(0, need_public - rng.randint(8, 40)), rng.randint(120, 200)
        elif plan == "none":
            return serial
        n = max(1, round(TRAINING_PER_YEAR * share))
        counts = {"public_legal": n * 7 // 20, "professional": n * 7 // 20, "political_theory": n * 4 // 20,
                  "other": n * 2 // 20}
        quarters = {"public_legal": public, "professional": professional, "political_theory": political, "other": other}
        joined = pieces[0][0] > first
        for category, total in quarters.items():
            for n_part, part in enumerate(_split(rng, total, max(1, counts[category]))):
                if joined and category == "public_legal" and n_part == 0 and pieces[0][0] - 20 >= first:
                    when = pieces[0][0] - rng.randint(1, 20)  # pre-job training, before the first day in post
                else:
                    when = _uniform(rng, pieces)
                serial += 1
                self._training_record(officer, serial, when, part, category)
        return serial

    def _training_record(self, officer: Officer, serial: int, when: int, quarters: int, category: str) -> None:
        rng = self.rng
        record = {"id": f"{officer.id}-T{serial:03d}", "officer": officer.id, "date": iso(when),
                  "hours": quarters / 4, "category": category, "title": rng.choice(COURSES[category])}
        if category in ("public_legal", "professional") and day("2024-04-01") <= when <= day("2024-06-30") \
                and rng.random() < 0.4:
            record["rotation"] = True
        if category == "public_legal" and when >= day("2024-01-01") and rng.random() < 0.1:
            record["documents"] = [CURRICULUM]
        self.lines["training_records"].append(_line(record))

    # --- actions -------------------------------------------------------------------------------------------

    def _actions(self, officer: Officer) -> None:
        rng = self.rng
        acting_days = sum(b - a + 1 for a, b in officer.acting)
        if not acting_days:
            return
        n = round(ACTIONS_PER_DAY * acting_days * rng.uniform(0.6, 1.4))
        days = [d for d in officer.edges if officer.acts_on(d)]
        gaps = _clip([g for a, b in officer.gaps for g in _clip(officer.acting, a, b)], ACTIVITY_START, ACTIVITY_END)
        if gaps:
            for _ in range(min(n, rng.randint(3, 7))):
                days.append(_uniform(rng, gaps))
        while len(days) < n:
            for _ in range(20):  # mostly on days with a valid certificate
                d = _uniform(rng, officer.acting)
                if officer.valid_on(d):
                    break
            days.append(d)
        for d in days:
            self._action(officer, d)

    def _action(self, lead: Officer, d: int) -> None:
        rng = self.rng
        team = [lead]
        for _ in range(rng.choices((0, 1, 2), (15, 65, 20))[0]):
            for _ in range(8):
                other = rng.choice(self.officers)
                if other not in team and other.acts_on(d) and (other.valid_on(d) or rng.random() < 0.05):
                    team.append(other)
                    break
        self.action_serial += 1
        kind = rng.choice(ACTION_KINDS)
        record = {"id": f"{self.id}-{iso(d)[:4]}-{self.action_serial:05d}", "department": self.id,
                  "action_kind": kind, "officers": [o.id for o in team], "date": iso(d)}
        if kind == "penalty":
            record["filed_on"] = iso(d - rng.randint(3, 95))
            record["decided_on"] = iso(d)
            if rng.random() < 0.1:
                record["major_decision"] = True
                record["legal_review_on"] = iso(d - rng.randint(-2, 15))
        self.lines["actions"].append(_line(record))

    # --- filings -------------------------------------------------------------------------------------------

    def _filing(self, kind: str, filed_on: int, period: str | None = None, filed_with: str | None = None) -> None:
        n = len(self.lines["filings"]) + 1
        record = {"id": f"{self.id}-F{n:02d}", "department": self.id, "filing_kind": kind, "filed_on": iso(filed_on)}
        if period is not None:
            record["period"] = period
        if filed_with is not None:
            record["filed_with"] = filed_with
        self.lines["filings"].append(_line(record))

    def _filings(self) -> None:
        rng, d = self.rng, self.d
        bureau = self.record.get("department_kind") == "judicial_bureau"
        to = None if bureau else self.bureau
        # Training plans, 2023-2025. Which departments are late or missing in 2025 goes by their number, so that
        # every size has some (departments 1 to 4 are the first edges), about 5 % in all; a judicial bureau's
        # number is a multiple of 20 and its plans are not checked.
        for year in (2023, 2024, 2025):
            jan, feb_end = day(f"{year}-01-05"), day(f"{year}-03-01") - 1
            filed_on, period = rng.randint(jan, feb_end - 3), (str(year) if rng.random() < 0.85 else None)
            if year == 2023 and rng.random() < 0.1:
                filed_on = feb_end + rng.randint(1, 40)  # late, before the measures took effect
            if year == 2024 and d % 40 == 4:
                filed_on, period = day("2024-02-29"), "2024"  # the leap day: on time
            if year == 2025:
                slot = d % 80
                if slot in (1, 41):
                    filed_on = day("2025-02-28")  # on the deadline
                elif slot in (2, 42):
                    filed_on, period = day("2025-03-01"), "2025"  # the day after: late
                elif slot == 3:
                    continue  # missing
                elif slot in (5, 45):
                    filed_on, period = day("2024-12-20"), "2025"  # early, for the year ahead
                elif slot in (6, 46):
                    self._filing("training_plan", day("2025-03-20"), "2025", to)  # a revision after the deadline
                elif slot == 47:
                    self._filing("training_plan", day("2024-12-18"), None, to)  # no period: counts for 2024
                    continue
                elif slot == 48:
                    filed_on, period = day("2025-03-12"), "2025"  # after the as-of day: missing as of then
            self._filing("training_plan", filed_on, period, to)
        if not bureau:
            self._filing("problem_list", rng.randint(day("2024-03-10"), day("2024-04-10")), None, self.bureau)
            self._filing("progress_report", rng.randint(day("2024-07-01"), day("2024-07-25")), "2024", self.bureau)
            return
        # The judicial bureau's mid-term evaluation (due 2024-08-31 for a county) and final one (2025-08-31).
        county = self.county
        if county % 40 == 0:
            self._filing("midterm_evaluation", day("2024-08-31") + rng.randint(1, 20))  # late
        elif county % 40 == 10:
            self._filing("midterm_evaluation", day("2024-08-31"), "2024")  # on the deadline
        elif county % 40 == 20 or (Layout.is_city(county) and county % 20 == 19):
            pass  # missing (a city's is not checked)
        elif county % 80 == 30:
            self._filing("midterm_evaluation", day("2025-03-10"))  # after the as-of day
        else:
            self._filing("midterm_evaluation", rng.randint(day("2024-06-01"), day("2024-08-30")), "2024")
        if county % 40 == 5:
            self._filing("final_evaluation", rng.randint(day("2025-01-10"), day("2025-02-27")))


# --- writing -----------------------------------------------------------------------------------------------


def _write_departments(layout: Layout, seed: int, first: int, last: int, out: Path) -> dict[str, int]:
    """Write departments ``first`` to ``last - 1`` into ``out``; the counts of records written."""
    counts = dict.fromkeys(COLLECTIONS, 0)
    files = {c: open(out / f"{c}.jsonl", "wb", buffering=1 << 20) for c in COLLECTIONS}
    try:
        for d in range(first, last):
            for collection, lines in Department(layout, d, seed).generate().items():
                files[collection].write(b"".join(lines))
                counts[collection] += len(lines)
    finally:
        for f in files.values():
            f.close()
    return counts


def _write_part(args: tuple[int, int, int, int, str]) -> dict[str, int]:
    officers, seed, first, last, out = args
    Path(out).mkdir(parents=True, exist_ok=True)
    return _write_departments(Layout(officers, seed), seed, first, last, Path(out))


def _chunks(n: int, jobs: int) -> Iterator[tuple[int, int]]:
    size = max(1, min(200, math.ceil(n / (jobs * 8))))
    for first in range(0, n, size):
        yield first, min(first + size, n)


def generate(officers: int, out: str | Path, seed: int = 1, jobs: int = 1) -> dict[str, int]:
    """Write the collections for ``officers`` officers into the directory ``out``; the count of each."""
    if officers < 1:
        raise ValueError("officers must be 1 or more")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    layout = Layout(officers, seed)
    if jobs <= 1:
        return _write_departments(layout, seed, 0, len(layout), out)
    import multiprocessing

    # fork where there is one: the workers need this module, which may not be importable by name
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    parts = out / ".parts"
    chunks = [(officers, seed, first, last, str(parts / f"{n:06d}"))
              for n, (first, last) in enumerate(_chunks(len(layout), jobs))]
    counts = dict.fromkeys(COLLECTIONS, 0)
    try:
        with context.Pool(jobs) as pool:
            for part_counts in pool.imap(_write_part, chunks):
                for c in COLLECTIONS:
                    counts[c] += part_counts[c]
        for c in COLLECTIONS:
            with open(out / f"{c}.jsonl", "wb") as whole:
                for *_, part in chunks:
                    with open(Path(part) / f"{c}.jsonl", "rb") as piece:
                        shutil.copyfileobj(piece, whole, 1 << 22)
    finally:
        shutil.rmtree(parts, ignore_errors=True)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--officers", type=int, required=True, help="number of officers (about 57 records each)")
    parser.add_argument("--out", required=True, metavar="DIR", help="directory to write the .jsonl files into")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (the output does not depend on it)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(args.officers, args.out, args.seed, args.jobs)
    size = sum((Path(args.out) / f"{c}.jsonl").stat().st_size for c in COLLECTIONS)
    print(f"{sum(counts.values()):,} records, {size / 1e6:,.1f} MB in {time.perf_counter() - started:.1f} s: "
          + ", ".join(f"{c} {n:,}" for c, n in counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
