"""A school's data in and out: CSV import, a pupil's full export, and the fictional demo school."""
from bot.schooldata.demo import DEMO_LOGINS, DEMO_URN, build_demo, demo_if_empty
from bot.schooldata.errors import ImportFailed, ImportProblem, SchoolDataError, UnknownPupil, UnknownSchool
from bot.schooldata.export import export_pupil
from bot.schooldata.importer import COLUMNS, KINDS, ImportResult, import_csv

__all__ = [
    "COLUMNS", "DEMO_LOGINS", "DEMO_URN", "KINDS", "ImportFailed", "ImportProblem", "ImportResult",
    "SchoolDataError", "UnknownPupil", "UnknownSchool", "build_demo", "demo_if_empty", "export_pupil", "import_csv",
]
