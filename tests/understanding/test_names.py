from __future__ import annotations

import pytest

from .conftest import upn


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("did PT with sam p 15 mins, 7/10", "Sam", "Patel"),
        ("Sam O's reading is improving", "Sam", "Okafor"),
        ("Jamie in 4K was upset", "Jamie", "Fraser"),
        ("jamie 4b lexia 20 mins", "Jamie", "Scott"),
        ("worried about Grace's reading", "Grace", "Adeyemi"),
        ("zoe martin talk boost", "Zoë", "Martin"),
        ("Zoë seemed anxious", "Zoë", "Martin"),
        ("what works for Mohammed?", "Muhammad", "Rahman"),
        ("siân evans nessy", "Siân", "Evans"),
        ("sean murphy phonics", "Seán", "Murphy"),
        ("niamh oconnor's mum rang", "Niamh", "O'Connor"),
        ("dan o'brien pen portrait", "Dan", "O'Brien"),
        ("Ben Smith-Jones refusing to work", "Ben", "Smith-Jones"),
        ("tomasz kowalsky colourful semantics", "Tomasz", "Kowalski"),
        ("Hattie is upset", "Hattie", "Green"),
        ("Harriet is upset", "Hattie", "Green"),
        ("will hughes salt 15 mins", "Will", "Hughes"),
    ],
)
def test_resolves_one_pupil(parse, roster, text, first, last):
    assert parse(text).pupils == (upn(roster, first, last),)


@pytest.mark.parametrize(
    "text",
    [
        "I will check tomorrow", "we hope to finish early", "grace period for the reports", "her anxiety rose again",
        "she may need more time", "I will mark his work tonight", "summer term reviews", "may be off next week",
        "hope so", "will do", "it was a joy to teach them",
    ],
)
def test_names_used_as_words_are_not_pupils(parse, text):
    p = parse(text)
    assert p.pupils == () and p.candidates == ()


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("Rose rose to the challenge", "Rose", "Kaur"),
        ("may need to look at May's spelling", "May", "Chen"),
        ("PT with grace 10 mins", "Grace", "Adeyemi"),
        ("worried about will", "Will", "Hughes"),
        ("Summer's reading has dropped", "Summer", "Lewis"),
        ("Mark Osei needs feedback", "Mark", "Osei"),
        ("hope is finding it hard to settle", "Hope", "Murray"),
    ],
)
def test_names_used_as_names(parse, roster, text, first, last):
    assert upn(roster, first, last) in parse(text).pupils


def test_ambiguous_first_name_gives_candidates_not_pupils(parse, roster):
    p = parse("worried about sam")
    assert p.pupils == ()
    assert set(p.candidates) == {upn(roster, "Sam", "Patel"), upn(roster, "Sam", "Okafor")}


def test_later_bare_name_refers_back_to_settled_pupil(parse, roster):
    p = parse("Sam P did PT, Sam was great")
    assert p.pupils == (upn(roster, "Sam", "Patel"),) and p.candidates == ()


def test_surname_alone_shared_gives_candidates(parse, roster):
    assert set(parse("Green's handwriting is poor").candidates) == {upn(roster, "Noah", "Green"), upn(roster, "Hattie", "Green")}


def test_several_pupils(parse, roster):
    p = parse("lego with Leo, Aisha & Kai and Yusuf")
    assert p.pupils == tuple(upn(roster, f, l) for f, l in [("Leo", "Nowak"), ("Aisha", "Begum"), ("Kai", "Walker"), ("Yusuf", "Ali")])


def test_absent(parse, roster):
    p = parse("PT w/ Archie and Leo 15m, Aisha absent, Kai off sick")
    assert set(p.absent) == {upn(roster, "Aisha", "Begum"), upn(roster, "Kai", "Walker")}
    assert upn(roster, "Aisha", "Begum") in p.pupils and upn(roster, "Archie", "Bell") not in p.absent


def test_absent_list_prefix(parse, roster):
    p = parse("zones group today. absent: Leo, Kai")
    assert set(p.absent) == {upn(roster, "Leo", "Nowak"), upn(roster, "Kai", "Walker")}


def test_unmatched_with_suggestions(parse, roster):
    p = parse("worried about Xander's reading")
    assert p.pupils == () and p.unmatched == ("Xander",)
    assert p.suggestions == ()  # nobody's name looks like it: no far-fetched guesses
    p = parse("worried about Jaiden's reading")
    assert p.pupils == () and 0 < len(p.suggestions) <= 3


def test_a_misspelt_full_name_is_one_pupil(parse, roster):
    p = parse("worried about Eviee Smyth's reading")  # no Evie Smith: asked, never Evie Morgan and Oliver Smith
    assert p.pupils == () and p.unmatched == ("Eviee Smyth",) and p.suggestions


def test_typo_suggests_but_initial_mismatch_is_unmatched(parse, roster):
    p = parse("sam z did lexia")
    assert p.pupils == () and p.candidates == () and p.unmatched


def test_titles_are_adults_not_pupils(parse):
    assert parse("spoke to Mrs Green about the trip").pupils == ()


def test_short_common_words_never_fuzzy_match(parse):
    for text in ["lego with the group", "it was a good session", "reading time", "mind the gap", "have a lovely day"]:
        p = parse(text)
        assert p.pupils == () and p.candidates == (), text
