"""Targeted tests for the root causes the blind set exposed (see test_blind_set.py)."""
from __future__ import annotations

from datetime import date

import pytest

from bot.understanding import understander
from bot.understanding.extract.areas import area_of_need
from bot.understanding.catalogue import DEFAULT_CATALOGUE
from bot.understanding.extract.dates import find_dates
from bot.understanding.extract.programmes import ProgrammeFinder
from bot.understanding.rules.safeguarding import rule_level
from bot.understanding.schema import RosterPupil
from bot.understanding.extract.text import fold
from handlers.registry import training_examples

TODAY = date(2025, 3, 12)  # a Wednesday
PUPILS = [  # key: first, preferred, last, year, class
    ("rose", "Rose", None, "Ellison", "2", "2W"), ("evierose", "Evie-Rose", None, "Hart", "R", "RB"),
    ("mark", "Mark", None, "Dempsey", "4", "4S"), ("hope", "Hope", None, "Adebayo", "4", "4K"),
    ("skye", "Skye", None, "Donnelly", "2", "2W"), ("faith", "Faith", None, "Okonkwo", "5", "5D"),
    ("zain", "Zain", None, "Chaudhry", "6", "6B"), ("holly", "Holly", None, "Rainford", "R", "RB"),
    ("ruqayyah", "Ruqayyah", None, "Malik", "6", "6B"), ("precious", "Precious", None, "Ndlovu", "1", "1H"),
    ("patience", "Patience", None, "Owusu", "3", "3M"), ("penny", "Penelope", "Penny", "Ashdown", "2", "2W"),
    ("sunny", "Sunil", "Sunny", "Mehta", "5", "5D"), ("summer", "Summer", None, "Bradley", "3", "3M"),
    ("grace", "Grace", None, "Whitfield", "6", "6B"), ("amiraH", "Amira", None, "Hussain", "4", "4K"),
    ("amiraB", "Amira", None, "Bashir", "4", "4S"), ("dylan", "Dylan", None, "Pryce", "1", "1H"),
    ("jude", "Jude", None, "Harrington", "1", "1H"), ("freddieL", "Frederick", "Freddie", "Lawson", "3", "3M"),
    ("freddieO", "Freddie", None, "Osei-Bonsu", "5", "5T"), ("kyle", "Kyle", None, "Hendry", "6", "6L"),
    ("tiago", "Tiago", None, "Santos", "3", "3P"), ("lacey", "Lacey", None, "Barton-Hughes", "1", "1H"),
    ("lola", "Lola", None, "Vasquez", "3", "3M"), ("teo", "Teodor", "Teo", "Popescu", "5", "5T"),
    ("smith", "Oliver", None, "Smith", "3", "3M"), ("smithjones", "Ben", None, "Smith-Jones", "3", "3P"),
]
UPN = {key: f"Z{900000000000 + i}" for i, (key, *_) in enumerate(PUPILS)}


@pytest.fixture(scope="module")
def u(model):
    roster = [RosterPupil(UPN[k], first, pref, last, year, cls) for k, first, pref, last, year, cls in PUPILS]
    return understander(roster, DEFAULT_CATALOGUE, training_examples())


def who(u, text):
    p = u.parse(text, today=TODAY)
    inv = {v: k for k, v in UPN.items()}
    return sorted(inv[x] for x in p.pupils), sorted(inv[x] for x in p.candidates)


# --- names -----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "pupils", "candidates"),
    [
        # a whole name beats a part of a compound name; the part alone still finds its pupil
        ("Rose was upset at lunch", ["rose"], []), ("ELSA w Rose 30 mins", ["rose"], []), ("Evie seemed tired", ["evierose"], []),
        ("Evie-Rose was tired", ["evierose"], []), ("Smith's handwriting", ["smith"], []),
        # inflected words are never fuzzy matches of word-names
        ("noticed marks on Teo's arm", ["teo"], []), ("she hopes to try again", [], []),
        # spelling variants: doubled letters and a final h
        ("what's ruqaya's reading age", ["ruqayyah"], []), ("Ruqaya struggling with fractions", ["ruqayyah"], []),
        # word-names used as words
        ("hope she's ok but Skye seemed upset", ["skye"], []), ("an assembly about faith and Zain got upset", ["zain"], []),
        ("Precious little progress with Tiago's reading", ["tiago"], []), ("Patience is wearing thin with Kyle today", ["kyle"], []),
        ("Penny dropped for Lacey in numicon", ["lacey"], []), ("Sunny day so sensory circuits outside with Lola", ["lola"], []),
        ("summer born and struggling, Dylan needs help", ["dylan"], []), ("a round burn mark on Teo's hand", ["teo"], []),
        # word-names used as names
        ("lego with faith and zain 20 mins", ["faith", "zain"], []), ("what triggers does mark have", ["mark"], []),
        ("Holly still not speaking at school", ["holly"], []), ("lego therapy with Grace and Jude", ["grace", "jude"], []),
        ("Patience constantly seeking reassurance", ["patience"], []),
        # a class or year named elsewhere settles an ambiguous first name
        ("Amira has been tearful in 4K", ["amiraH"], []), ("covering 4S later, any tips for Amira", ["amiraB"], []),
        ("Amira was upset", [], ["amiraB", "amiraH"]), ("Freddie was upset in 4K and 4S", [], ["freddieL", "freddieO"]),
        # "n" between names is "and"
        ("lego sesh w/ dylan n jude 25 mins", ["dylan", "jude"], []),
    ],
)
def test_names(u, text, pupils, candidates):
    assert who(u, text) == (sorted(pupils), sorted(candidates))


# --- quantities ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "minutes"),
    [("toe by toe freddie 3M 15 min", 15), ("Lola in 3M was upset this morning", None), ("Lola in 3m was upset", None),
     ("PT w Lola 5m 8/10", 5), ("lego 3m", 3)],
)
def test_class_names_are_not_minutes(u, text, minutes):
    assert u.parse(text, today=TODAY).duration_minutes == minutes


# --- intents -----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("?", "help"), ("??", "help"), ("...", "unknown"), ("!!", "unknown"),
        ("Teo had a panic attack in golden time", "log_concern"), ("Kyle swore at the TA and stormed out", "log_concern"),
        ("left a voicemail for Lola's dad", "log_parent_contact"), ("any pupil passports overdue?", "upcoming"),
        ("can you pull up Jude's one page profile", "get_portrait"), ("what's Zain's main need?", "get_portrait"),
        ("read a social story about sharing with Jude", "record_session"),
    ],
)
def test_intents(u, text, intent):
    assert u.parse(text, today=TODAY).intent == intent


# --- dates -------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("met tiago 's parents thurs , they 're going to try lexia at home", date(2025, 3, 6)),  # the cue is in another clause
        ("review booked for thurs", date(2025, 3, 13)), ("we 're going to do pt on friday", date(2025, 3, 14)),
        ("pt on friday , going to repeat it next week", date(2025, 3, 7)),
    ],
)
def test_future_cue_only_moves_a_date_in_its_clause(text, day):
    assert find_dates(text, TODAY, future=False)[0] == day


# --- programmes --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "name"),
    [("drawing & talking - kitty", "Drawing and Talking"), ("speech n language with jo", "Speech and Language Programme"),
     ("drawing and talking", "Drawing and Talking"), ("lego + nessy", "Lego-based Therapy")],
)
def test_ampersand_in_programme_names(text, name):
    assert ProgrammeFinder(DEFAULT_CATALOGUE).find(fold(text))[0].name == name


# --- areas of need -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("cried when he got his maths test back, said he's stupid", "semh"),  # the subject only says where
        ("kicked off again in maths", "semh"), ("reading age nearly 3 years behind, avoids reading", "cognition_learning"),
        ("can't hold his pencil properly and his letter formation is weak", "sensory_physical"),
        ("struggling to copy from the board, his hand aches", "sensory_physical"),
        ("covering her ears in assembly", "sensory_physical"), ("isn't responding to his name, echoing what I say", "communication_interaction"),
        ("forgets the steps in column addition", "cognition_learning"), ("seems really down", "semh"),
        ("walked out of class and was kicking lockers", "semh"), ("still can't blend cvc words", "cognition_learning"),
        ("constantly seeking reassurance after every sentence", "semh"), ("lost his temper and threw the bricks", "semh"),
    ],
)
def test_area_cues(text, area):
    assert area_of_need(fold(text)) == area


# --- safeguarding ------------------------------------------------------------------------------------------------------

RAISE = [
    "told his TA he's scared of his step-dad", "his step-mum hits him", "says his uncle makes him keep secrets",
    "a man she met on a game keeps asking her for pictures", "has a 'friend' he met online who buys him things",
    "seen getting into cars with older lads after school", "nobody was home last night, he put himself to bed",
    "had to make her own tea again", "not allowed to eat until she's done her jobs", "mum drinks a lot and he can't wake her up",
    "her bottom hurts and she's upset going to the toilet", "scratching her arms with a compass", "found cuts on Brooke's wrist",
    "wearing long sleeves even though it's boiling", "found a sharpener blade in her pencil case",
    "mum has fled with the kids to a refuge", "dad isn't allowed to collect him", "there's a non-molestation order",
    "really frightened when mum's boyfriend came to collect him", "refused to go home with her dad",
    "hasn't been in for 8 days and we can't get hold of anyone", "absent all week, unable to contact mum",
    "said mummy's friend took photos of her with no clothes on",
]
CLEAR = [
    "he fled the classroom and hid in the toilets", "cut out shapes and threaded beads", "hit the ball against the wall 20 times",
    "'the boy is hitting the ball' 5/5", "drew her family and her dog", "talked about what to do when he feels angry at home",
    "knocked the model over and they argued but sorted it", "hurt his knee in PE, first aid given", "grazed her hand at play, plaster on",
    "bumped her head on the climbing frame, head bump letter sent home", "her long sleeves got wet at painting",
    "step-dad is lovely, brings her in every day", "met his new TA on monday", "couldn't get hold of mum about the trip letter",
]


@pytest.mark.parametrize("text", RAISE)
def test_raises(text):
    assert rule_level(fold(text)) in ("clear", "possible")


@pytest.mark.parametrize("text", CLEAR)
def test_clear(text):
    assert rule_level(fold(text)) is None
