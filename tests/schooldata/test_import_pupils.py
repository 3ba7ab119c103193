"""Importing pupils: success, idempotency, and every kind of rejected file (nothing written)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.schooldata import ImportFailed, UnknownSchool, import_csv
from models.catalogue import create_school
from models.db import unit_of_work
from models.pupil import Pupil
from models.queries import classes, pupil_by_upn
from tests.schooldata.helpers import PUPIL_HEADER, pupil_lines, row_counts, upn, write_csv, wrong_check

URN = "900100"


@pytest.fixture
def school(db_factory):
    with unit_of_work(db_factory) as db:
        return create_school(db, name="Brackenfold Primary", urn=URN).id


def run(db_factory, path, kind="pupils", urn=URN):
    with unit_of_work(db_factory) as db:
        return import_csv(db, kind=kind, path=path, school_urn=urn, today=date(2026, 11, 23))


def test_pupils_import_and_reimport_is_idempotent(db_factory, school, tmp_path):
    path = write_csv(tmp_path, "pupils.csv", pupil_lines(), bom=True)
    assert run(db_factory, path)[:2] == (3, 0)
    with db_factory() as db:
        toby = pupil_by_upn(db, school_id=school, upn=upn(2).lower())
        assert (toby.known_as, toby.class_name, toby.date_of_birth) == ("Toby", "4K", date(2017, 2, 14))
        zoe = pupil_by_upn(db, school_id=school, upn=upn(3))
        assert (zoe.first_name, zoe.sen_status, zoe.primary_need, zoe.date_of_birth) == ("Zoë", "E", "ASD", None)
        assert {(c.name, c.year_group) for c in classes(db, school_id=school)} == {("4K", "4"), ("RB", "R")}
        before = row_counts(db)

    result = run(db_factory, path)
    assert result[:2] == (0, 0) and result.summary().startswith("Nothing to change")
    with db_factory() as db:
        assert row_counts(db) == before

    lines = pupil_lines()
    lines[2] = f"{upn(2)},Tobias,Toby,Marchbank,5,5D,K,SPLD,14/02/2017"
    lines[3] = lines[3].replace(",RB,", ",rb,")  # the same class, typed differently: no change
    lines.append(f"{upn(4)},Kit,,Harrowgate,3,3/4m,N,,")
    lines.append(f"{upn(5)},Ola,,Brightwater,4,3/4M,N,,")
    assert run(db_factory, write_csv(tmp_path, "moved.csv", lines))[:2] == (2, 1)
    with db_factory() as db:
        toby = pupil_by_upn(db, school_id=school, upn=upn(2))
        assert (toby.year_group, toby.class_name, toby.sen_status, toby.primary_need) == ("5", "5D", "K", "SPLD")
        assert {(c.name, c.year_group) for c in classes(db, school_id=school)} == {
            ("4K", "4"), ("RB", "R"), ("5D", "5"), ("3/4m", None)}


BAD_ROWS = [
    (f"{wrong_check(upn(9))},Ola,,Brightwater,3,3N,N,,", "column upn", f"check letter should be {upn(9)[0]}"),
    ("12345,Ola,,Brightwater,3,3N,N,,", "column upn", "must be 13 characters"),
    (f"{upn(9)},,,Brightwater,3,3N,N,,", "column first_name", "first name is missing"),
    (f"{upn(9)},Ola,,,3,3N,N,,", "column last_name", "last name is missing"),
    (f"{upn(9)},Ola,,Brightwater,Y3,3N,N,,", "column year_group", "'Y3' is not a census year group"),
    (f"{upn(9)},Ola,,Brightwater,3,3N,X,,", "column sen_status", "should be N, K"),
    (f"{upn(9)},Ola,,Brightwater,3,3N,K,DYS,", "column primary_need", "'DYS' is not a census need code"),
    (f"{upn(9)},Ola,,Brightwater,3,3N,K,,", "column primary_need", "needs a primary need code"),
    (f"{upn(9)},Ola,,Brightwater,3,3N,N,SEMH,", "column primary_need", "only for sen_status K or E"),
    (f"{upn(9)},Ola,,Brightwater,3,3N,E,NSA,", "column primary_need", "NSA is for SEN support only"),
    (f"{upn(9)},Ola,,Brightwater,3,3N,N,,31/02/2017", "column date_of_birth", "'31/02/2017' is not a date"),
    (f"{upn(9)},Ola,,Brightwater,3,3N,N,,2017-13-01", "column date_of_birth", "is not a date"),
    (f"{upn(9)},Ola,,Brightwater,3,3N,N,,2030-01-01", "column date_of_birth", "is not in the past"),
    (f"{upn(1)},Amara,,Quillfeather,4,4K,K,SLCN,2016-10-03", "column upn", f"{upn(1)} is also on line 2"),
    (f"{upn(9)},Ola,,Brightwater,3,3N,N", None, "7 values but the header has 9 columns"),
]


@pytest.mark.parametrize("bad_row,column,message", BAD_ROWS)
def test_a_bad_row_rejects_the_whole_file(db_factory, school, tmp_path, bad_row, column, message):
    lines = pupil_lines()
    lines.insert(3, bad_row)  # becomes line 4
    with db_factory() as db:
        before = row_counts(db)
    with pytest.raises(ImportFailed) as failed:
        run(db_factory, write_csv(tmp_path, "bad.csv", lines))
    assert len(failed.value.errors) == 1, failed.value.errors
    text = str(failed.value.errors[0])
    assert text.startswith("line 4" + (f", {column}" if column else "")), text
    assert message in text
    assert "nothing was changed" in str(failed.value)
    with db_factory() as db:
        assert row_counts(db) == before


def test_every_problem_is_listed(db_factory, school, tmp_path):
    lines = [
        PUPIL_HEADER,
        f"{wrong_check(upn(1))},Amara,,Quillfeather,4,4K,K,SLCN,2016-10-03",
        f"{upn(2)},,,Marchbank,Year 4,4K,N,,",
        f"{upn(3)},Zoë,,Thistlewood,R,RB,K,XYZ,01/01/20",
    ]
    with pytest.raises(ImportFailed) as failed:
        run(db_factory, write_csv(tmp_path, "bad.csv", lines))
    where = [(e.line, e.column) for e in failed.value.errors]
    assert where == [(2, "upn"), (3, "first_name"), (3, "year_group"), (4, "primary_need"), (4, "date_of_birth")]
    assert str(failed.value).startswith("bad.csv was not imported: 5 problems")
    with db_factory() as db:
        assert db.scalars(select(Pupil)).all() == []


def test_existing_pupils_untouched_by_a_rejected_file(db_factory, school, tmp_path):
    run(db_factory, write_csv(tmp_path, "pupils.csv", pupil_lines()))
    lines = pupil_lines()
    lines[1] = lines[1].replace("Amara", "Amarachi")
    lines.append(f"{wrong_check(upn(8))},Kit,,Harrowgate,2,2L,N,,")
    with pytest.raises(ImportFailed):
        run(db_factory, write_csv(tmp_path, "bad.csv", lines))
    with db_factory() as db:
        assert pupil_by_upn(db, school_id=school, upn=upn(1)).first_name == "Amara"
        assert {c.name for c in classes(db, school_id=school)} == {"4K", "RB"}


@pytest.mark.parametrize("header,problems", [
    ("upn,first_name,last_name,year_group,class,sen_status,primary_need,date_of_birth",
     ["line 1, column preferred_name: missing column"]),
    (PUPIL_HEADER + ",ethnicity", ["line 1, column ethnicity: unexpected column"]),
    ("UPN,First_Name,preferred_name,last_name,year_group,class,sen_status,primary_need,dob",
     ["line 1, column date_of_birth: missing column", "line 1, column dob: unexpected column"]),
])
def test_header_columns_are_named(db_factory, school, tmp_path, header, problems):
    with pytest.raises(ImportFailed) as failed:
        run(db_factory, write_csv(tmp_path, "p.csv", [header, "x"]))
    texts = [str(e) for e in failed.value.errors]
    assert len(texts) == len(problems)
    for text, expected in zip(texts, problems):
        assert text.startswith(expected)


def test_header_in_another_order_and_case_is_fine(db_factory, school, tmp_path):
    lines = ["Last_Name,UPN,first_name,preferred_name,year_group,class,sen_status,primary_need,date_of_birth",
             f"Quillfeather,{upn(1)},Amara,,4,4K,K,SLCN,2016-10-03"]
    assert run(db_factory, write_csv(tmp_path, "p.csv", lines))[:2] == (1, 0)


def test_empty_header_only_and_non_utf8_files(db_factory, school, tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(ImportFailed, match="the file is empty"):
        run(db_factory, tmp_path / "empty.csv")
    with pytest.raises(ImportFailed, match="header but no rows"):
        run(db_factory, write_csv(tmp_path, "h.csv", [PUPIL_HEADER, "", ""]))
    latin = write_csv(tmp_path, "latin.csv", pupil_lines(), encoding="latin-1")  # Zoë on line 4
    with pytest.raises(ImportFailed) as failed:
        run(db_factory, latin)
    assert str(failed.value.errors[0]).startswith("line 4: the file is not UTF-8")
    with pytest.raises(ImportFailed, match="cannot read"):
        run(db_factory, tmp_path / "missing.csv")
    with db_factory() as db:
        assert db.scalars(select(Pupil)).all() == []


def test_unknown_school(db_factory, school, tmp_path):
    with pytest.raises(UnknownSchool, match="No school with URN 123456"):
        run(db_factory, write_csv(tmp_path, "p.csv", pupil_lines()), urn="123456")
