"""Where the record a finding is about is written, so that annotations (SARIF, GitHub) point at it.

The report names its dataset by the path it was read from. For a directory of JSON Lines files the record is on
one line of its collection's file; for a single file the whole file is given (line 1). Records built in memory
have no location. A path under the current directory is given relative to it, as code scanning and workflow
annotations want paths relative to the checkout.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..report import Subject, SubjectKind

#: The collection that holds each kind of subject.
COLLECTIONS = {
    SubjectKind.officer: "officers",
    SubjectKind.department: "departments",
    SubjectKind.action: "actions",
    SubjectKind.certificate: "certificates",
}


class RecordLocations:
    """The file and line of each subject's record in the dataset at ``source``; each file is read once, and only
    when a finding is about one of its records."""

    def __init__(self, source: str):
        source_path = Path(source)
        if source_path.is_absolute() and source_path.is_relative_to(Path.cwd()):
            source_path = source_path.relative_to(Path.cwd())
        self.source = source_path
        self._lines: dict[str, dict[str, int]] = {}

    def __call__(self, subject: Subject) -> tuple[Path, int] | None:
        collection = COLLECTIONS[subject.kind]
        if self.source.is_file():
            return self.source, 1
        file = self.source / f"{collection}.jsonl"
        if collection not in self._lines:
            self._lines[collection] = _record_lines(file) if file.is_file() else {}
        line = self._lines[collection].get(subject.id)
        return (file, line) if line is not None else None


def _record_lines(file: Path) -> dict[str, int]:
    lines: dict[str, int] = {}
    with file.open(encoding="utf-8") as records:
        for number, line in enumerate(records, 1):
            try:
                record_id = json.loads(line).get("id")
            except (ValueError, AttributeError):
                continue  # the loader has already reported it, or it is blank
            if isinstance(record_id, str):
                lines.setdefault(record_id, number)
    return lines
