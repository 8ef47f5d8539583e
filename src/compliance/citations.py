"""The source documents the rules cite, and the citation model.

A citation names the document (title and 文号 where the document has one), the item (e.g. 二(一)4) and the
original sentence the rule enforces. Rule modules build their citations from these documents; a plug-in pack
may cite a document of its own with an inline citation table.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class Document(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    number: str | None = Field(None, description="文号, where the document has one")
    issuer: str
    issued: dt.date | None = None
    in_force: dt.date | None = Field(None, description="Day it took effect, where that differs from issued")


class Citation(BaseModel):
    """Where a rule comes from: the document, the item within it, and the original sentence."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    document: str = Field(description="Title of the source document")
    number: str | None = Field(None, description="文号 (document number), where the document has one")
    item: str = Field(description="Item or article within the document, e.g. 二(一)4 or 第四十二条")
    text: str = Field(description="The original sentence, in Chinese")

    @classmethod
    def of(cls, document: Document, item: str, text: str) -> Citation:
        return cls(document=document.title, number=document.number, item=item, text=text)

    def __str__(self) -> str:
        return f"{self.number or self.document} {self.item}"


PENALTY_LAW = Document(
    title="《中华人民共和国行政处罚法》(2021年修订)",
    number="中华人民共和国主席令第七十号",
    issuer="全国人民代表大会常务委员会",
    issued=dt.date(2021, 1, 22),
    in_force=dt.date(2021, 7, 15),
)
STATE_COUNCIL_PLAN = Document(
    title="《提升行政执法质量三年行动计划(2023—2025年)》",
    number="国办发〔2023〕27号",
    issuer="国务院办公厅",
    issued=dt.date(2023, 8, 9),
)
# The measures as published carry no document number; they are cited by title, issuer and date.
KUANGQU_MEASURES = Document(
    title="《阳泉市矿区贯彻落实〈山西省提升行政执法质量三年行动计划实施方案(2023-2025年)〉的工作措施》",
    issuer="阳泉市矿区人民政府办公室",
    issued=dt.date(2024, 3, 20),
)
YUNCHENG_PLAN = Document(
    title="《运城市提升行政执法质量三年行动计划工作方案(2023-2025年)》",
    number="运政办发〔2024〕4号",
    issuer="运城市人民政府办公室",
    issued=dt.date(2024, 1, 28),
)
# Known through the county's published interpretation, which gives neither a number nor an issue date.
YUANMOU_TASKS = Document(
    title="《元谋县提升行政执法质量三年行动(2023—2025年)重点任务清单》",
    issuer="元谋县人民政府办公室",
)
