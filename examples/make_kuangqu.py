"""Writes examples/kuangqu/: a fictional but realistic dataset for Kuangqu district, Yangquan (阳泉市矿区).

The departments are those the Kuangqu measures list (附件1, the police excepted: police certificates follow the
People's Police Law). Every person is made up. The records cover 2023 to February 2025 and keep to the four
headline rules almost everywhere; the PLANTED cases below break them, or sit exactly on their edges, so that a
check as of 2025-03-01 against cn-shanxi-yangquan-kuangqu shows each rule at work. Run it again to rebuild the
files: the output depends only on the seed.

    python examples/make_kuangqu.py [OUTPUT_DIRECTORY]
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path

OUT = Path(__file__).parent / "kuangqu"
D = dt.date

DEPARTMENTS = [  # id, name
    ("kq-sfj", "阳泉市矿区司法局"),
    ("kq-fgj", "阳泉市矿区发展和改革局"),
    ("kq-jyj", "阳泉市矿区教育局"),
    ("kq-rsj", "阳泉市矿区人力资源和社会保障局"),
    ("kq-zrzyj", "阳泉市矿区自然资源局"),
    ("kq-sthj", "阳泉市生态环境局矿区分局"),
    ("kq-zjj", "阳泉市矿区住房和城乡建设局"),
    ("kq-mzj", "阳泉市矿区民政局"),
    ("kq-nyj", "阳泉市矿区农业农村局"),
    ("kq-wlj", "阳泉市矿区文化和旅游局"),
    ("kq-wtj", "阳泉市矿区卫生健康和体育局"),
    ("kq-yjj", "阳泉市矿区应急管理局"),
    ("kq-scjg", "阳泉市矿区市场监督管理局"),
]
JUDICIAL_BUREAU = "kq-sfj"

SURNAMES = "王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "建国志强海燕秀兰俊杰文博晓东丽娜振华明轩子涵思远国栋雅琴宏伟春梅立新雪芳永刚佳怡"

PLANTED = {
    # certificate-before-enforcement
    "kq-scjg-03": "certificate expired 2024-06-30; acts on 2024-07-15 (violation) and on 2024-06-30, its last day (pass)",
    "kq-zjj-02": "certificate suspended 2024-09-10, restored 2024-10-08; acts on 2024-09-20 (violation)",
    "kq-nyj-05": "joined 2024-10-08, no certificate yet; joins an inspection on 2024-11-05 (violation); "
                 "trained enough for the part of 2024 in post (prorated: passes)",
    "kq-wtj-01": "certificate issued 2024-05-06; acts that very day (pass)",
    "kq-yjj-04": "certificate reported lost 2024-12-02, reissued 2024-12-20; acts on 2024-12-10 (violation)",
    # training-annual-hours (2024; 2023 is before the measures took effect)
    "kq-mzj-02": "2024: 29.5 public legal hours, 32 professional (violation: 29.5 < 30)",
    "kq-mzj-03": "2024: exactly 30 + 30 hours (pass, on the edge)",
    "kq-jyj-01": "2024: 20 public legal, 30 professional, 16 political theory (violation: political theory does not count)",
    "kq-wlj-03": "retired 2024-06-30: 182 of 366 days in post, needs 14.9 + 14.9 + 29.8 prorated; has 16 + 16 (pass)",
    "kq-sthj-04": "joined 2024-07-01: needs 15.1 + 15.1 + 30.2 prorated; has 12 public legal (violation)",
    # training-plan-filed (2025, due 2025-02-28)
    "kq-fgj": "no 2025 training plan (violation: missing, 1 day overdue as of 2025-03-01)",
    "kq-rsj": "2025 training plan filed 2025-02-28, the last day (pass)",
    "kq-zrzyj": "2025 training plan filed 2025-03-01 (violation: 1 day late, as of 2025-03-01)",
    # midterm-evaluation (due 2024-08-31)
    "kq-sfj": "mid-term evaluation completed 2024-09-03 (violation: 3 days late); final not due yet",
}

#: The rest of the catalogue (cn-shanxi-yangquan-kuangqu, as of 2025-03-01): what is planted where.
PLANTED_CATALOGUE = {
    "two-certified-officers": "KQ penalty of 2024-07-15 by kq-scjg-03 (expired) and one partner: one certified",
    "certificate-requires-exam": "kq-mzj-04: no exam on record; kq-wtj-01: exam passed after the certificate",
    "certificate-revoked-on-leaving": "kq-zjj-03 transferred out 2024-09-30, certificate never revoked "
                                      "(kq-wlj-03 retired and was revoked and cancelled in time); kq-zjj-03 is "
                                      "also short of the hours prorated to 2024-09-30",
    "lost-certificate-reported": "kq-yjj-04 lost 2024-12-02, reissued 2024-12-20 (in time: passes)",
    "annual-assessment": "kq-rsj-02 failed 2023 and nothing was done to the certificate",
    "full-rotation-training": "kq-whj: kq-wlj-01 missed the 2024 rotation (due 2024-06-30)",
    "required-curriculum": "kq-jyj-02 never took a course on 国办发〔2023〕27号 in 2024",
    "legal-review-before-major-decision": "a major penalty of kq-yjj decided without legal review",
    "decision-within-90-days": "a kq-scjg penalty decided 91 days after it was filed",
    "problem-list-filed": "kq-wtj filed its first problem list on 2024-04-03 (3 days late)",
    "problems-rectified": "kq-zjj had rectified 2 of its 3 problems by 2024-05-31 (66.7% < 70%)",
    "enforcement-catalogue": "kq-nyj has not filed its catalogue (due 2024-12-31)",
    "progress-report": "kq-mzj reported on 2024-07-25 (3 days late)",
    "annual-certificate-cleanup": "kq-wlj did no certificate cleanup in 2024",
    "pilot-sites": "蔡洼街道 chosen as pilot on 2024-06-01 (1 of 1-2: passes)",
}
STREETS = [("kq-cwjd", "阳泉市矿区蔡洼街道办事处", D(2024, 6, 1)), ("kq-spjd", "阳泉市矿区沙坪街道办事处", None)]


def main(out: Path = OUT) -> None:
    rng = random.Random(20240320)
    records: dict[str, list[dict]] = {k: [] for k in
                                      ("departments", "officers", "certificates", "training_records", "actions",
                                       "filings", "assessments", "problems")}
    used_names: set[str] = set()

    def name() -> str:
        while True:
            candidate = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
            if candidate not in used_names:
                used_names.add(candidate)
                return candidate

    for dept_id, dept_name in DEPARTMENTS:
        records["departments"].append({
            "id": dept_id, "name": dept_name, "level": "county",
            "department_kind": "judicial_bureau" if dept_id == JUDICIAL_BUREAU else "enforcement",
            "locality": "阳泉市矿区",
        })
    for street_id, street_name, pilot_since in STREETS:
        records["departments"].append({
            "id": street_id, "name": street_name, "level": "township", "department_kind": "enforcement",
            "locality": "阳泉市矿区", "parent": JUDICIAL_BUREAU,
        } | ({"pilot_since": pilot_since.isoformat()} if pilot_since else {}))

    officers_by_dept: dict[str, list[str]] = {}
    for dept_id, _ in DEPARTMENTS:
        ids = [f"{dept_id}-{n:02d}" for n in range(1, rng.randint(4, 7) + 1)]
        ids = sorted(set(ids) | {o for o in PLANTED if o.startswith(dept_id + "-")})
        officers_by_dept[dept_id] = ids
        for officer_id in ids:
            start, end, reason = D(2016 + rng.randint(0, 6), rng.randint(1, 12), 1), None, None
            if officer_id == "kq-wlj-03":
                end, reason = D(2024, 6, 30), "retired"
            if officer_id == "kq-sthj-04":
                start = D(2024, 7, 1)
            if officer_id == "kq-nyj-05":
                start = D(2024, 10, 8)
            if officer_id == "kq-zjj-03":
                end, reason = D(2024, 9, 30), "transferred"
            posting = {"start": start.isoformat()}
            if end:
                posting |= {"end": end.isoformat(), "left_reason": reason}
            records["officers"].append({"id": officer_id, "name": name(), "department": dept_id,
                                        "postings": [posting]})
            certificate(records, rng, officer_id, start)
            training(records, rng, officer_id, start, end)
            assessment(records, rng, officer_id, start, end)

    actions(records, rng, officers_by_dept)
    filings(records, rng)
    problems(records, rng)
    out.mkdir(exist_ok=True)
    for collection, rows in records.items():
        with open(out / f"{collection}.jsonl", "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


def certificate(records: dict, rng: random.Random, officer_id: str, start: dt.date) -> None:
    if officer_id == "kq-nyj-05":
        return  # planted: no certificate yet
    issued = max(start, D(2021, 1, 1)) + dt.timedelta(days=rng.randint(20, 60))
    expires = D(issued.year + 5, issued.month, 1) - dt.timedelta(days=1)
    events: list[dict] = []
    if officer_id == "kq-scjg-03":
        issued, expires = D(2019, 7, 1), D(2024, 6, 30)
    elif officer_id == "kq-zjj-02":
        events = [{"date": "2024-09-10", "event": "suspended", "note": "矿司执〔2024〕7号"},
                  {"date": "2024-10-08", "event": "restored"}]
    elif officer_id == "kq-wtj-01":
        issued = D(2024, 5, 6)
        expires = D(2029, 5, 5)
    elif officer_id == "kq-yjj-04":
        events = [{"date": "2024-12-02", "event": "lost"}, {"date": "2024-12-20", "event": "reissued"}]
    elif officer_id == "kq-wlj-03":
        events = [{"date": "2024-07-05", "event": "revoked"}, {"date": "2024-07-12", "event": "cancelled"}]
    number = f"14030{rng.randint(10000000, 99999999)}"
    exam = issued - dt.timedelta(days=rng.randint(15, 45))
    if officer_id == "kq-wtj-01":
        exam = issued + dt.timedelta(days=10)  # planted: exam after the certificate
    records["certificates"].append({
        "id": number, "officer": officer_id, "issued_by": "阳泉市人民政府", "issued_on": issued.isoformat(),
        "expires_on": expires.isoformat(), "events": events,
    } | ({} if officer_id == "kq-mzj-04" else {"exam_passed_on": exam.isoformat()}))  # planted: no exam


_PLANTED_2024_HOURS = {  # officer: (public legal, professional, political theory)
    "kq-mzj-02": (29.5, 32, 6),
    "kq-mzj-03": (30, 30, 0),
    "kq-jyj-01": (20, 30, 16),
    "kq-wlj-03": (16, 16, 0),
    "kq-sthj-04": (12, 18, 0),
}


def training(records: dict, rng: random.Random, officer_id: str, start: dt.date, end: dt.date | None) -> None:
    def add(day: dt.date, hours: float, category: str, title: str, **extra) -> None:
        if day < start or (end is not None and day > end):
            return
        records["training_records"].append({
            "id": f"T-{len(records['training_records']) + 1:05d}", "officer": officer_id, "date": day.isoformat(),
            "hours": hours, "category": category, "title": title,
        } | extra)

    def year_of_training(year: int, public: float, professional: float, political: float, months: range) -> None:
        for total, category, title in ((public, "public_legal", "行政处罚法、行政许可法专题培训"),
                                       (professional, "professional", "执法检查与调查取证实务"),
                                       (political, "political_theory", "习近平法治思想专题学习")):
            sessions = max(1, round(total / 8)) if total else 0
            for i in range(sessions):
                hours = round(total / sessions * 2) / 2 if i < sessions - 1 else total - sum(
                    round(total / sessions * 2) / 2 for _ in range(sessions - 1))
                add(D(year, rng.choice(months), rng.randint(1, 28)), hours, category, title)

    for year in (2023, 2024):
        if year == 2024 and officer_id in _PLANTED_2024_HOURS:
            public, professional, political = _PLANTED_2024_HOURS[officer_id]
            months = range(1, 7) if officer_id == "kq-wlj-03" else range(7, 13) if officer_id == "kq-sthj-04" else range(1, 13)
        else:
            public, professional, political = rng.choice((32, 34, 36, 40)), rng.choice((30, 32, 36)), rng.choice((8, 12))
            months = range(1, 13)
        year_of_training(year, public, professional, political, months)
    # the 2024 full rotation (全员轮训), by the end of June, and the required course on the State Council plan
    if officer_id not in {"kq-wlj-01", "kq-sthj-04", "kq-nyj-05"}:  # kq-wlj-01: planted, missed the rotation
        add(D(2024, rng.randint(4, 6), rng.randint(1, 28)), 2, "professional", "2024年全员轮训", rotation=True)
    if officer_id != "kq-jyj-02":  # planted: never taught the plan
        add(D(2024, rng.randint(3, 11), rng.randint(1, 28)), 2, "other", "《提升行政执法质量三年行动计划》专题学习",
            documents=["国办发〔2023〕27号"])
    if officer_id in {"kq-sthj-04", "kq-nyj-05"}:
        add(D(2024, 11, 20), 2, "other", "国办发〔2023〕27号文件学习", documents=["国办发〔2023〕27号"])
    add(D(2025, 1, rng.randint(6, 24)), 4, "public_legal", "行政复议法专题培训")


def assessment(records: dict, rng: random.Random, officer_id: str, start: dt.date, end: dt.date | None) -> None:
    for year in (2023, 2024):
        if start.year > year or (end is not None and end.year < year):
            continue
        result = rng.choice(("excellent", "pass", "pass", "pass"))
        records["assessments"].append({
            "id": f"A-{officer_id}-{year}", "officer": officer_id, "year": year,
            "result": "fail" if (officer_id, year) == ("kq-rsj-02", 2023) else result,
        })


_PLANTED_ACTIONS = [  # officer, partner needed from the same department, day, kind
    ("kq-scjg-03", D(2024, 7, 15), "penalty"),
    ("kq-scjg-03", D(2024, 6, 30), "inspection"),
    ("kq-zjj-02", D(2024, 9, 20), "inspection"),
    ("kq-nyj-05", D(2024, 11, 5), "inspection"),
    ("kq-wtj-01", D(2024, 5, 6), "inspection"),
    ("kq-yjj-04", D(2024, 12, 10), "inspection"),
]
_CLEAN_PARTNER_START = D(2022, 12, 31)  # partners must hold a valid certificate throughout 2023-2025


def actions(records: dict, rng: random.Random, officers_by_dept: dict[str, list[str]]) -> None:
    certified = _always_certified(records)
    n = 0

    def add(dept: str, officers: list[str], day: dt.date, kind: str, **planted) -> None:
        nonlocal n
        n += 1
        row = {"id": f"KQ-{day.year}-{n:04d}", "department": dept, "action_kind": kind, "officers": officers,
               "date": day.isoformat()}
        if kind == "penalty":
            filed = day - dt.timedelta(days=rng.randint(10, 60))
            row |= {"filed_on": filed.isoformat(), "decided_on": day.isoformat()}
            if rng.random() < 0.2:
                row |= {"major_decision": True, "legal_review_on": (day - dt.timedelta(days=3)).isoformat()}
        records["actions"].append({k: v for k, v in (row | planted).items() if v is not None})

    for dept, officers in officers_by_dept.items():
        if dept == JUDICIAL_BUREAU:
            continue
        pool = [o for o in officers if o in certified]
        for _ in range(rng.randint(8, 14)):
            day = D(2023, 1, 3) + dt.timedelta(days=rng.randint(0, 780))
            add(dept, sorted(rng.sample(pool, 2)), day, rng.choice(("inspection", "inspection", "penalty", "licensing")))
    for officer, day, kind in _PLANTED_ACTIONS:
        dept = officer.rsplit("-", 1)[0]
        partner = next(o for o in officers_by_dept[dept] if o in certified and o != officer)
        add(dept, sorted([officer, partner]), day, kind)
    pair = {dept: sorted(o for o in officers if o in certified)[:2] for dept, officers in officers_by_dept.items()}
    # planted: a major penalty decided without legal review; a penalty decided 91 days after it was filed
    add("kq-yjj", pair["kq-yjj"], D(2024, 10, 16), "penalty", filed_on="2024-09-02", decided_on="2024-10-16",
        major_decision=True, legal_review_on=None)
    add("kq-scjg", pair["kq-scjg"], D(2024, 8, 1), "penalty", filed_on="2024-05-02", decided_on="2024-08-01")
    records["actions"].sort(key=lambda a: (a["date"], a["id"]))


def _always_certified(records: dict) -> set[str]:
    """Officers whose certificate is valid from 2023 through February 2025, with no events and in post."""
    in_post = {o["id"] for o in records["officers"]
               if "end" not in o["postings"][0] and o["postings"][0]["start"] < "2023-01-01"}
    return {c["officer"] for c in records["certificates"]
            if not c["events"] and c["issued_on"] < "2023-01-01" and c["expires_on"] > "2025-03-01"
            and c["officer"] in in_post and c["officer"] not in PLANTED}


def filings(records: dict, rng: random.Random) -> None:
    def add(dept: str, kind: str, period: str | None, day: dt.date) -> None:
        row = {"id": f"F-{len(records['filings']) + 1:04d}", "department": dept, "filing_kind": kind,
               "filed_on": day.isoformat(), "filed_with": JUDICIAL_BUREAU}
        if period:
            row["period"] = period
        if dept == JUDICIAL_BUREAU:
            del row["filed_with"]
        records["filings"].append(row)

    def day_in(year: int, month: int, first: int = 1, last: int = 28) -> dt.date:
        return D(year, month, rng.randint(first, last))

    enforcement = [d for d, _ in DEPARTMENTS if d != JUDICIAL_BUREAU] + [s for s, _, _ in STREETS]
    for dept in enforcement:
        add(dept, "training_plan", "2023", day_in(2023, 3, 1, 20))  # before the measures: not checked
        add(dept, "training_plan", "2024", D(2024, 2, 29) if dept == "kq-scjg" else day_in(2024, 2, 5))
        if dept != "kq-fgj":  # planted: no 2025 plan
            add(dept, "training_plan", "2025",
                {"kq-rsj": D(2025, 2, 28), "kq-zrzyj": D(2025, 3, 1)}.get(dept, day_in(2025, 2, 3, 27)))
        add(dept, "problem_list", None, D(2024, 4, 3) if dept == "kq-wtj" else day_in(2024, 3, 21, 31))
        add(dept, "progress_report", "2024", D(2024, 7, 25) if dept == "kq-mzj" else day_in(2024, 7, 1, 22))
        if dept != "kq-nyj":  # planted: no catalogue
            add(dept, "enforcement_catalogue", None, day_in(2024, rng.randint(9, 12)))
        if dept != "kq-wlj":  # planted: no certificate cleanup in 2024
            add(dept, "certificate_cleanup", "2024", day_in(2024, rng.randint(10, 12)))
    add(JUDICIAL_BUREAU, "midterm_evaluation", None, D(2024, 9, 3))
    add(JUDICIAL_BUREAU, "street_items_evaluation", "2024", D(2024, 12, 18))
    add(JUDICIAL_BUREAU, "supervision_system", None, D(2024, 12, 26))


def problems(records: dict, rng: random.Random) -> None:
    """The first problems found in March 2024 (二(三)9), and their rectification (二(三)10)."""
    for dept, _ in DEPARTMENTS:
        if dept == JUDICIAL_BUREAU:
            continue
        count = 3 if dept == "kq-zjj" else rng.randint(2, 5)
        for n in range(1, count + 1):
            rectified = D(2024, rng.randint(4, 5), rng.randint(1, 28))
            if dept == "kq-zjj" and n == 3:
                rectified = D(2024, 6, 20)  # planted: 2 of 3 rectified by 2024-05-31
            records["problems"].append({
                "id": f"P-{dept}-{n}", "department": dept, "found_on": D(2024, 3, rng.randint(1, 25)).isoformat(),
                "description": rng.choice(PROBLEM_KINDS), "rectified_on": rectified.isoformat(),
            })


PROBLEM_KINDS = ["执法程序不规范", "执法文书制作不规范", "行政裁量权基准执行不到位", "涉企检查频次过多",
                 "执法全过程记录不完整", "执法公示信息更新不及时"]


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
