"""What can go wrong importing, exporting or building school data, worded for the person at the CLI."""
from __future__ import annotations

from dataclasses import dataclass


class SchoolDataError(Exception):
    """Base for every user-facing failure here: the CLI prints str(error) and exits 1."""


class UnknownSchool(SchoolDataError):
    """No school has the URN given (or none was given and there is not exactly one)."""


class UnknownPupil(SchoolDataError):
    """No pupil of the school has the UPN given."""


@dataclass(frozen=True)
class ImportProblem:
    """One problem in an import file. Named so as not to shadow Python's own ImportError."""

    line: int | None  # physical line in the file; 1 is the header
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportFailed(SchoolDataError):
    """The file was rejected whole: nothing was written. `errors` lists every problem found."""

    def __init__(self, errors: list[ImportProblem], *, filename: str | None = None) -> None:
        self.errors = list(errors)
        self.filename = filename
        head = f"{filename} was not imported" if filename else "Not imported"
        count = len(self.errors)
        lines = "\n".join(f"  {e}" for e in self.errors)
        super().__init__(f"{head}: {count} problem{'s' if count != 1 else ''}; nothing was changed.\n{lines}")
