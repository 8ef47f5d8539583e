"""The field reference in docs/fields.md is generated from the models and documents every field."""

from pathlib import Path

import pytest

from compliance.fieldref import field_reference, sections, zh
from compliance.models import RECORD_TYPES, CertificateEvent, Posting, fields_of

FIELDS_MD = Path(__file__).resolve().parents[1] / "docs" / "fields.md"
MODELS = [model for _, model in sections()]


def test_docs_page_is_up_to_date():
    assert FIELDS_MD.read_text(encoding="utf-8") == field_reference(), (
        "docs/fields.md is out of date: run `python -m compliance.fieldref > docs/fields.md`"
    )


def test_every_record_kind_and_nested_part_has_a_section():
    assert set(RECORD_TYPES) | {Posting, CertificateEvent} <= set(MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_has_a_description_and_a_chinese_term(model):
    for name, field in fields_of(model).items():
        assert (field.description or "").strip(), f"{model.__name__}.{name} has no description"
        assert (zh(field) or "").strip(), f'{model.__name__}.{name} has no json_schema_extra["zh"]'


@pytest.mark.parametrize("row", [
    "| `hours` | number | yes | Hours credited; may be fractional (e.g. 1.5). | 学时 |",
    "| `level` | one of: province \\| city \\| county \\| township | yes |",
    "| `end` | date (YYYY-MM-DD) | no | Last day in the post; empty while still in post. | 离岗日期 |",
    "| `officers` | list of string | yes |",
    "| `events` | list of CertificateEvent | no |",
])
def test_rendered_rows(row):
    assert row in field_reference()


def test_collections_are_introduced_with_their_chinese_names():
    text = field_reference()
    assert text.startswith("# Input records: field reference\n")
    assert "## training_records (培训记录)\n\nHours of training one officer received on one day" in text
