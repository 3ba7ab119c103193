"""Reading an import CSV: encoding, header and cell parsing, with every problem collected."""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from bot.schooldata.errors import ImportFailed, ImportProblem

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Row:
    line: int  # physical line of the record's start (the header is line 1)
    cells: dict[str, str]  # stripped text per column

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


class Problems:
    """Collects problems while a whole file is checked, so the user sees all of them at once."""

    def __init__(self) -> None:
        self.items: list[ImportProblem] = []

    def add(self, line: int | None, column: str | None, message: str) -> None:
        self.items.append(ImportProblem(line, column, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, filename: str | None) -> None:
        if self.items:
            raise ImportFailed(sorted(self.items, key=lambda p: (p.line or 0)), filename=filename)


def read_rows(path: str | Path, columns: Sequence[str]) -> list[Row]:
    """The data rows of a CSV whose header must be exactly `columns` (any order, any case).

    Raises ImportFailed for an unreadable, empty, non-UTF-8 or wrongly headed file.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFailed([ImportProblem(None, None, f"cannot read {path}: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFailed(
            [ImportProblem(line, None, f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X}); "
                                       "save it again as \"CSV UTF-8\"")],
            filename=path.name,
        ) from None
    if not text.strip():
        raise ImportFailed([ImportProblem(None, None, "the file is empty")], filename=path.name)

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as exc:
        raise ImportFailed([ImportProblem(1, None, f"not a readable CSV header ({exc})")], filename=path.name) from None
    names = [h.strip().lower() for h in header]
    problems = Problems()
    expected = list(columns)
    for name in expected:
        if name not in names:
            problems.add(1, name, "missing column")
    seen: set[str] = set()
    for name in names:
        if name and name not in expected:
            problems.add(1, name, f"unexpected column (expected: {', '.join(expected)})")
        elif not name:
            problems.add(1, None, "a column has no name in the header")
        elif name in seen:
            problems.add(1, name, "column appears twice in the header")
        seen.add(name)
    problems.raise_if_any(path.name)

    rows: list[Row] = []
    start = reader.line_num + 1
    try:
        for values in reader:
            line, start = start, reader.line_num + 1
            if not any(v.strip() for v in values):
                continue  # blank lines, or a row of empty cells Excel left behind
            if len(values) != len(names):
                problems.add(line, None, f"{len(values)} values but the header has {len(names)} columns")
                continue
            rows.append(Row(line, {n: v.strip() for n, v in zip(names, values)}))
    except csv.Error as exc:
        problems.add(reader.line_num, None, f"not readable as CSV ({exc})")
    problems.raise_if_any(path.name)
    if not rows:
        raise ImportFailed([ImportProblem(None, None, "the file has a header but no rows")], filename=path.name)
    return rows


_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(text: str) -> date | None:
    """YYYY-MM-DD, or DD/MM/YYYY as UK exports write it; None when it is neither."""
    try:
        if m := _UK_DATE.match(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        return None


def split_list(text: str) -> list[str]:
    """A ';'-separated cell as a list, blanks dropped."""
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def parse_int(text: str, *, low: int, high: int) -> int | None:
    try:
        value = int(text)
    except ValueError:
        return None
    return value if low <= value <= high else None


def parse_money(text: str) -> Decimal | None:
    """'12.50' or '£12.50' -> Decimal('12.50'); None when not a non-negative amount."""
    try:
        value = Decimal(text.removeprefix("£").replace(",", ""))
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value >= Decimal("1000000"):
        return None
    return value.quantize(Decimal("0.01"))


DATE_HINT = "use YYYY-MM-DD or DD/MM/YYYY"
