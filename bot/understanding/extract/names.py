"""Roster-aware pupil resolution over message tokens."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ..schema import RosterPupil
from .text import Token, Tokens, name_keys
from .vocab import COMMON_WORDS

# Names that are also everyday words: taken as pupils only when context allows.
WORD_NAMES = frozenset(
    """will may hope grace rose mark bill joy faith summer jack max amber ruby holly ivy jade pearl violet iris
    poppy daisy lily autumn dawn sky river star angel honey sunny rich dean miles chase hunter page reed drew pat
    sue art don guy rob bob nick frank ray gene june april august kit jay cole wade lane brook bay sage rain storm
    ember blue penny sandy rusty dusty cliff glen heath marsh dale hazel willow robin finch wren sparrow
    white black brown green young long short hill wood field king bell cook baker turner ward hall park fox lamb
    price little rich bird hope sharp stone moss lord best mann case well wells grant bond banks hunt cross
    precious patience destiny harmony liberty blessing promise charity mercy unity honour honor justice""".split()
)
PRONOUNS = frozenset("i we you he she they it who which that there this u mum dad parents teacher staff one".split())
DETERMINERS = frozenset("a an the this that such real his her their my our your no some any what".split())
OBJECTS = frozenset("his her their the a an this that these those it them him you me us my our your".split())
VERBS = frozenset(
    """be have need check do go try see get come want like take make look let help speak talk call send ask
    follow email ring phone update find give keep use start finish chat pop benefit require struggle arrange book contact
    meet discuss review sort pick catch write read mention share sit work attend join bring print miss set put tell run
    say think feel know continue change move bring keep note log record add chase""".split()
)
# Words that follow a modal ("will still", "may not", "hope so") but a name only rarely ("Holly still isn't talking").
MODAL_FOLLOWERS = frozenset("not also just probably definitely still already always never so to that".split())
MODAL_NAMES = frozenset("will may hope can might".split())
BASE_VERBS = VERBS | MODAL_FOLLOWERS
# "she" after a word-name reads as a clause ("hope she's ok", "will he be in"), never as a name's verb.
SUBJECTS = frozenset("i we you he she they it u there".split())
# Auxiliaries that put a name in subject position before a bare verb: "does Mark have", "has Hope got".
AUXILIARIES = frozenset("does did doesn't didn't doesnt didnt has hasn't hasnt is isn't isnt was wasn't wasnt".split())
INTRODUCERS = frozenset("with w/ w for about re to saw seeing and & , + from including incl".split())
STRONG_INTRODUCERS = frozenset("with w/ w wiht wth wit for about abt re to saw incl including helps".split())
# Before an unknown or misspelt word, "to" is far likelier a verb ("money to carry", "taken to Pakistan").
NAME_INTRODUCERS = STRONG_INTRODUCERS - {"to"}
# Between a name and what the pupil does: "bill really struggling", "Holly still not speaking".
ADVERBS = frozenset("really still always never just constantly often keeps kept again also".split())
PREPOSITIONS = frozenset("on in at of for the a an to from by with into".split())
LIST_JOINERS = frozenset("and & + , n".split())
# What a pupil does next in a sentence: evidence that a lowercase word-name ("hope is upset") is a name.
PUPIL_VERBS = frozenset(
    """is was has had hit hits kicked kicks cried cries said says got gets scored did does didn't didnt can't cant cannot
    won't wont isn't isnt wasn't wasnt struggles struggled struggling seems seemed seem keeps kept refused refuses refusing
    ran runs threw throws bit bites pushed pushes told tells came comes went goes loves loved likes liked needs needed
    finds found found finding tried tries worked works read reads wrote writes cant couldn't couldnt would could should
    will may might and""".split()
)
ABSENT_WORDS = frozenset("absent away off ill sick".split())
_SCORE_TOKEN = re.compile(r"^\d{1,3}/\d{1,3}$")
CALENDAR_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays saturdays
    sundays january february march april june july august september october november december christmas easter
    diwali eid ramadan""".split()
)
TITLES = frozenset("mr mrs ms miss mx dr sir prof mr. mrs. ms. dr.".split())
COLLOCATIONS = {
    "grace": {"period", "periods"},
    "rose": {"to", "up", "by", "again", "sharply"},
    "summer": {"term", "holiday", "holidays", "half", "fair", "camp", "school", "hols", "break", "born", "birthday", "birthdays"},
    "autumn": {"term", "holiday", "holidays", "half", "leaves", "colours", "born", "birthday", "birthdays"},
    "sunny": {"day", "days", "weather", "spells", "spell", "afternoon", "morning"},
    "penny": {"dropped", "drops", "drop", "jar", "sweets"},
    "precious": {"little", "few", "time", "moments", "minutes", "things", "metals", "stones"},
    "patience": {"is wearing", "was wearing", "wearing", "wore", "running out", "ran out", "of a saint", "is a virtue", "is key"},
    "river": {"walk", "trip", "bank", "study", "visit", "topic", "thames"},
    "holly": {"leaves", "bush", "wreath", "berries"},
    "amber": {"zone", "light", "lights", "card", "warning", "alert", "flag", "rating", "level"},
    "bill": {"for", "payment", "paid"},
    "jack": {"in"},  # "jack in the box"; a class after "in" is checked before this
    "may": {"be", "well", "have", "need", "not"},
    "mark": {"sheet", "scheme", "book", "books", "work", "making", "out", "down"},
    "faith": {"in", "school", "schools", "assembly", "assemblies", "rota", "day", "week", "leaders", "group"},
    "joy": {"of", "to"},
    "max": {"of", "out", "capacity"},
    "miles": {"of", "away", "per", "an", "a", "behind", "better", "ahead"},
    "long": {"term", "time", "way", "day"},
}
PREV_WORD = {
    "rose": {"anxiety", "temperature", "levels", "score", "scores", "attendance", "it", "reading", "stress"},
    "mark": {"burn", "birth", "bite", "grip", "finger", "hand", "belt", "slap", "red", "question", "tick", "scuff", "pen", "pencil", "pass", "high", "full", "top"},
}
# Inflections: "marks", "hopes", "roses" are words, never typos of the names "Mark", "Hope", "Rose".
_INFLECTION = re.compile(r"(?:s|es|ed|d|ing|er|ers|ly)$")


def _acts(toks: list[Token], j: int) -> bool:
    """Whether the words from token j say what a pupil does ("is", "hitting", "really struggling", "absent")."""
    while j < len(toks) and toks[j].norm in ADVERBS:
        j += 1
    nxt = toks[j].norm if j < len(toks) else ""
    return nxt in PUPIL_VERBS or nxt in ABSENT_WORDS or (len(nxt) > 4 and nxt.endswith("ing"))


def skeleton(key: str) -> str:
    """A spelling-variant form for fuzzy matching: doubled letters collapsed, a final vowel+h dropped (Ruqayyah ~ Ruqaya)."""
    key = re.sub(r"(.)\1+", r"\1", key)
    return key[:-1] if len(key) > 3 and key.endswith("h") and key[-2] in "aeiou" else key
ABSENT_AFTER = re.compile(
    r"^(?:[-:,(]\s*)?(?:(?:was|is|has been|been|were)\s+)?(?:absent|off sick|off ill|off school|off today|ill|sick|away"
    r"|not in|not here|not there|n'?t in|nt in|n'?t here|nt here|did\s?n'?t (?:come|attend|turn up)|did not (?:come|attend|turn up)"
    r"|missed it|no[- ]show|off\b(?!\s+(?:task|with|to)))"
)
# "absent: Leo, Kai", "all there except Isla", "everyone in apart from Dawit"
ABSENT_BEFORE = re.compile(r"\b(?:absent|absences|away|off sick|not in|missing)\s*[:\-–]"
                           r"|\b(?:all|everyone|everybody|whole group)(?:\s+(?:there|in|present|here|came))?\s+"
                           r"(?:except|but|apart from|bar|other than)\b")


@dataclass
class Mention:
    """A stretch of tokens naming one pupil (or several who fit)."""

    start: int
    end: int
    upns: frozenset[str]
    surface: str
    evidence: bool = False  # surname/initial/class/possessive settle that it is a name
    absent: bool = False
    preferred: bool = False  # settled by the person's own group or class, not by the message
    fuzzy: bool = False  # matched a misspelling: a guess to confirm


@dataclass
class NameResult:
    """Pupil slots of a parsed message."""

    pupils: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    unmatched: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    spans: list[range] = field(default_factory=list)  # token ranges of name-like mentions (masked for the classifier)
    # (token after a mention, everyone it may mean, its one pupil or None): what a score written after it is about
    ends: list[tuple[int, frozenset[str], str | None]] = field(default_factory=list)
    # Each mention several pupils fit, in order: (their UPNs, said to be absent). Asked about one at a time.
    groups: tuple[tuple[tuple[str, ...], bool], ...] = ()
    guessed: tuple[str, ...] = ()  # pupils found only from a misspelling: a guess to confirm


class NameIndex:
    """Indexes built once per roster: name keys, classes, year groups, fuzzy vocabulary."""

    def __init__(self, roster: Sequence[RosterPupil]):
        self.given: dict[str, set[str]] = defaultdict(set)
        self.family: dict[str, set[str]] = defaultdict(set)
        # parts of compound names ("Rose" of "Evie-Rose", "Smith" of "Smith-Jones"): used only when no whole name fits
        self.given_part: dict[str, set[str]] = defaultdict(set)
        self.family_part: dict[str, set[str]] = defaultdict(set)
        self.classes: dict[str, set[str]] = defaultdict(set)
        self.years: dict[str, set[str]] = defaultdict(set)
        self.initial: dict[str, str] = {}
        self.display: dict[str, str] = {}
        for p in roster:
            for name in (p.first_name, p.preferred_name):
                self._add(self.given, self.given_part, name_keys(name or ""), p.upn)
            last = name_keys(p.last_name)
            self._add(self.family, self.family_part, last, p.upn)
            self.initial[p.upn] = last[0][0] if last else ""
            if p.class_name:
                self.classes[p.class_name.lower().replace(" ", "")].add(p.upn)
            self.years[p.year_group.lower().lstrip("0") or "0"].add(p.upn)
            self.display[p.upn] = f"{p.preferred_name or p.first_name} {p.last_name}"
        self.longest = max((k.count(" ") + 1 for d in (self.given, self.family) for k in d), default=1)
        self.by_letter: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for k in {*self.given, *self.family, *self.given_part, *self.family_part}:
            if " " not in k and len(k) >= 3:
                self.by_letter[k[0]].append((k, skeleton(k)))
        self.vocab = sorted({*self.given, *self.family, *self.given_part, *self.family_part})

    @staticmethod
    def _add(index: dict[str, set[str]], parts: dict[str, set[str]], keys: tuple[str, ...], upn: str) -> None:
        if not keys:
            return
        index[" ".join(keys)].add(upn)
        for k in keys:  # parts of multi-word names ("Abdul" of "Abdul Rahman") are used alone
            if len(keys) > 1 and len(k) >= 3 and k not in COMMON_WORDS:
                parts[k].add(upn)

    def _names(self, index: dict[str, set[str]]) -> dict[str, set[str]]:
        return self.given_part if index is self.given else self.family_part if index is self.family else {}

    def _get(self, index: dict[str, set[str]], key: str) -> set[str]:
        """Pupils whose whole name is `key`, else those with `key` as part of a compound name."""
        return index.get(key) or self._names(index).get(key) or set()

    def _lookup(self, index: dict[str, set[str]], toks: list[Token], i: int, skip: set[int]) -> tuple[int, set[str]]:
        """Longest name key starting at token i: (end, upns) or (i, empty)."""
        best: tuple[int, set[str]] = (i, set())
        keys: list[str] = []
        j = i
        while j < len(toks) and len(keys) < self.longest and j not in skip:
            t = toks[j]
            if t.text == "-" and keys:
                j += 1
                continue
            if not t.alpha:
                break
            keys.append(t.key)
            j += 1
            hit = self._get(index, " ".join(keys))
            if hit:
                best = (j, hit)
        return best

    def fuzzy(self, key: str) -> set[str]:
        """Keys within a small edit distance, same first letter (typos rarely hit the first letter)."""
        limit = 1 if len(key) <= 7 else 2
        skel = skeleton(key)
        found: dict[int, list[str]] = defaultdict(list)
        for k, ks in self.by_letter.get(key[0], ()):
            if abs(len(k) - len(key)) <= limit + 1:
                d = min(OSA.distance(key, k, score_cutoff=limit + 1), OSA.distance(skel, ks, score_cutoff=limit + 1))
                if d <= limit:
                    found[d].append(k)
        if not found:
            return set()
        return set().union(*(self._get(self.given, k) | self._get(self.family, k) for k in found[min(found)]))

    def _own_suggestions(self, surface: str, prefer: Sequence[frozenset[str]]) -> list[str]:
        """The person's own pupils (their group, their class) whose first name is near what was typed, looser than
        for the whole school: "evy" offers the teacher's Evie before another class's Ivy."""
        typed = surface.casefold().split()
        if not typed:
            return []
        out = []
        for tier in prefer:
            for upn in sorted(tier):
                first = self.display.get(upn, "").split(" ")[0].casefold()
                if first and fuzz.ratio(typed[0], first) >= 50 and upn not in out:
                    out.append(upn)
        return out[:3]

    def suggest(self, surface: str, limit: int = 3) -> tuple[str, ...]:
        """UPNs of the pupils whose names are closest to an unmatched mention."""
        out: list[str] = []
        # Only names that look like what was typed ("jayden" is not offered Ayşe or Musa), word by word.
        for word in surface.casefold().split():
            for key, _, _ in process.extract(word, self.vocab, scorer=fuzz.ratio, limit=limit * 2, score_cutoff=60):
                for upn in sorted(self._get(self.given, key) | self._get(self.family, key)):
                    if upn not in out:
                        out.append(upn)
        return tuple(out[:limit])

    def resolve(self, tokens: Tokens, blocked: set[int], prefer: Sequence[frozenset[str]] = (),
                after_programme: frozenset[int] = frozenset()) -> NameResult:
        """Find pupil mentions; unresolved ambiguity goes to candidates, never to pupils.

        `prefer`: tiers of pupils the person works with (their group, their class). A mention that fits several
        pupils but exactly one of a tier is that one; nothing else is guessed. `after_programme`: tokens right after
        a programme's name, where a lowercase misspelling is a pupil ("toe by toe kacpar").
        """
        toks = tokens.items
        mentions: list[Mention] = []
        unmatched: list[tuple[int, str, bool]] = []  # (token, surface, strong: introduced or possessive)
        caps = any(
            t.title and not t.sent_start and t.alpha and t.key not in WORD_NAMES and t.key not in COMMON_WORDS
            and (t.key in self.given or t.key in self.family) and n not in blocked
            for n, t in enumerate(toks)
        )
        i = 0
        while i < len(toks):
            t = toks[i]
            if i in blocked or not t.alpha or (i > 0 and toks[i - 1].norm in TITLES):
                i += 1
                continue
            last = mentions[-1].end if mentions else -9
            # In a list of names, or where names follow a programme: a word-name there is a name.
            listed = (i - 1 == last and toks[i - 1].norm in LIST_JOINERS) or i in after_programme
            m = self._mention_at(toks, i, blocked, caps, listed, adjacent=i == last)
            if m is None:
                like = self._name_like(toks, i, listed)
                if like:
                    unmatched.append((i, t.text, like == "strong"))
                i += 1
                continue
            if m.upns and mentions and m.start == mentions[-1].end and m.upns & mentions[-1].upns:
                # "Eviee Smyth": a misspelt first name and surname are one pupil, not two
                prev = mentions[-1]
                mentions[-1] = Mention(prev.start, m.end, prev.upns & m.upns, f"{prev.surface} {m.surface}", True,
                                       prev.absent or m.absent, fuzzy=prev.fuzzy or m.fuzzy)
            elif m.upns and mentions and m.start == mentions[-1].end and (m.fuzzy or mentions[-1].fuzzy):
                prev = mentions.pop()  # two misspelt halves of a name nobody has: ask, never two pupils
                unmatched.append((prev.start, f"{prev.surface} {m.surface}", True))
            elif m.upns:
                mentions.append(m)
            else:
                unmatched.append((m.start, m.surface, True))
            i = m.end
        self._narrow_by_group(toks, mentions, blocked)
        self._narrow_by_preference(mentions, prefer)
        self._mark_absent(tokens, mentions)
        return self._collect(mentions, unmatched, toks, prefer)

    @staticmethod
    def _narrow_by_preference(mentions: list[Mention], prefer: Sequence[frozenset[str]]) -> None:
        for m in mentions:
            if len(m.upns) < 2:
                continue
            for tier in prefer:
                hit = m.upns & tier
                if len(hit) == 1:
                    m.upns, m.preferred = frozenset(hit), True
                    break

    def _narrow_by_group(self, toks: list[Token], mentions: list[Mention], blocked: set[int]) -> None:
        """A class or year group named elsewhere settles an ambiguous mention: "Amira was tearful in 4K"."""
        if not any(len(m.upns) > 1 for m in mentions):
            return
        inside = {j for m in mentions for j in range(m.start, m.end)}
        groups: set[str] = set()
        j = 0
        while j < len(toks):
            if j in inside or j in blocked:
                j += 1
                continue
            found, end = self._group_at(toks, j)
            groups |= found
            j = end if found else j + 1
        if not groups:
            return
        for m in mentions:
            narrowed = m.upns & groups
            if len(m.upns) > 1 and narrowed and narrowed != m.upns:
                m.upns = frozenset(narrowed)

    def _mention_at(self, toks: list[Token], i: int, blocked: set[int], caps: bool = False,
                    listed: bool = False, adjacent: bool = False) -> Mention | None:
        """`adjacent`: the token right after another mention, where a misspelt surname stands ("leo mensha")."""
        end, given = self._lookup(self.given, toks, i, blocked)
        evidence = fuzzy = surname_only = False
        if given:
            fend, fam = self._lookup(self.family, toks, end, blocked)
            if fam and given & fam:
                given, end, evidence = given & fam, fend, True
            upns = given
        else:
            end, upns = self._lookup(self.family, toks, i, blocked)
            surname_only = bool(upns)
            if not upns:
                upns = self._fuzzy_at(toks, i, listed or adjacent)
                if not upns:
                    return None
                end, evidence, fuzzy = i + 1, True, True
        surface = " ".join(t.text for t in toks[i:end])
        # an initial of the surname: "sam p", "Sam P." (a/i are words unless clearly initials)
        if end < len(toks) and end not in blocked and len(toks[end].key) == 1 and toks[end].alpha and len(upns) > 0:
            letter = toks[end].key
            clear = toks[end].text.endswith(".") or end + 1 == len(toks) or not toks[end + 1].alpha
            # "dylan n jude": a lone lowercase "n" between names is "and", unless it is a real initial here
            followed_by_name = end + 1 < len(toks) and toks[end + 1].key in self.given
            conjunction = letter == "n" and not clear and not toks[end].text.isupper() and (
                followed_by_name or not any(self.initial.get(u) == "n" for u in upns))
            capital = toks[end].text.isupper() and letter != "i" and any(self.initial.get(u) == letter for u in upns)
            if (letter not in "ai" and not conjunction) or (toks[end].text.isupper() and clear) or capital:
                narrowed = {u for u in upns if self.initial.get(u) == letter}
                surface += " " + toks[end].text
                return Mention(i, end + 1, frozenset(narrowed), surface, True, fuzzy=fuzzy)
        # a class or year group: "Jamie in 4K", "Jamie 4K", "Jamie (Y4)"
        j = end
        while j < len(toks) and toks[j].norm in ("in", "from", "(", "-", ","):
            j += 1
        narrowed, cend = self._group_at(toks, j)
        if narrowed and upns & narrowed:
            return Mention(i, cend, frozenset(upns & narrowed), surface, True, fuzzy=fuzzy)
        if end < len(toks) and toks[end].norm in ("'s", "'"):
            evidence = True
        m = Mention(i, end, frozenset(upns), surface, evidence, fuzzy=fuzzy)
        if end - i == 1 and not evidence and not self._is_name_in_context(toks, i, caps, listed):
            return None
        if surname_only and end - i == 1 and not evidence and not toks[i].title and not (listed or adjacent):
            # a lowercase surname alone is a word ("foster carer", "wood", "carr") unless introduced
            prev = toks[i - 1].norm if i else ""
            nxt = toks[end].norm if end < len(toks) else ""
            if prev not in NAME_INTRODUCERS and nxt not in PUPIL_VERBS:
                return None
        return m

    def _group_at(self, toks: list[Token], j: int) -> tuple[set[str], int]:
        """Pupils of the class or year group named at token j, with the end index."""
        if j >= len(toks):
            return set(), j
        one = toks[j].key
        two = one + toks[j + 1].key if j + 1 < len(toks) else ""
        if two in self.classes:
            return self.classes[two], j + 2
        if one in self.classes:
            return self.classes[one], j + 1
        m = re.fullmatch(r"(?:y|yr|year)(\d{1,2}|r)", two) or re.fullmatch(r"(?:y|yr)(\d{1,2}|r)", one)
        if m:
            return self.years.get(m.group(1), set()), j + (2 if two and m.string == two else 1)
        return set(), j

    def _fuzzy_at(self, toks: list[Token], i: int, listed: bool = False) -> set[str]:
        t = toks[i]
        if not 4 <= len(t.key) <= 30 or t.key in COMMON_WORDS or t.key in WORD_NAMES or t.key in CALENDAR_WORDS:
            return set()
        prev = toks[i - 1].norm if i > 0 else ""
        possessive = i + 1 < len(toks) and toks[i + 1].norm in ("'s", "'")
        acts = _acts(toks, i + 1) and toks[i + 1].norm != "and"  # "his cheek and yawned": "and" proves no name
        if not t.title and not (listed or possessive or prev in NAME_INTRODUCERS or acts):
            return set()  # an ordinary lowercase word ("carry") is never a misspelt pupil
        stem = _INFLECTION.sub("", t.key)
        if stem != t.key and (stem in COMMON_WORDS or stem in WORD_NAMES or stem + "e" in COMMON_WORDS or stem + "e" in WORD_NAMES):
            return set()
        if not t.title and len(t.key) < 5:  # lowercase short tokens are far likelier typos of words
            return set()
        return self.fuzzy(t.key)

    def _is_name_in_context(self, toks: list[Token], i: int, caps: bool = False, listed: bool = False) -> bool:
        """Whether a lone name token that is also a word is used as a name here.

        `caps`: the writer capitalises names elsewhere in the message, so a lowercase word-name is a word.
        """
        t = toks[i]
        if t.key not in WORD_NAMES and t.key not in COMMON_WORDS:
            return True
        prev = toks[i - 1].norm if i > 0 else ""
        nxt = toks[i + 1].norm if i + 1 < len(toks) else ""
        nxt2 = f"{nxt} {toks[i + 2].norm}" if i + 2 < len(toks) else ""
        colloc = COLLOCATIONS.get(t.key, ())
        if t.title and not t.sent_start and prev in STRONG_INTRODUCERS:  # "for Faith in maths"
            return True
        if nxt in colloc or nxt2 in colloc or prev in PREV_WORD.get(t.key, ()):
            return False
        if prev in AUXILIARIES and nxt in VERBS:  # "does mark have", "has hope got"
            return True
        if caps and not t.title:
            return False
        if prev in STRONG_INTRODUCERS:
            return True
        if t.title and not t.sent_start:
            return True
        if nxt in SUBJECTS and t.key in MODAL_NAMES | {"hope", "mark", "bill", "grace"}:
            return False
        followers = BASE_VERBS if t.key in MODAL_NAMES else VERBS
        if prev in PRONOUNS or prev in DETERMINERS or nxt in followers or nxt in OBJECTS:
            return False
        if nxt and self.given.get(nxt) and nxt != t.key:  # "hope sam is ok", "will leo be in"
            return False
        if _SCORE_TOKEN.match(nxt):  # "max 14/20": a pupil's own score
            return True
        if t.key in WORD_NAMES and t.sent_start and (nxt[:1].isdigit() or nxt in PREPOSITIONS):
            return False  # "Max 2 cars in the car park", "Amber on the behaviour chart"
        if t.key in WORD_NAMES and not t.title:
            # "miles of marking": lowercase word-names need evidence ("poppy hitting", "poppy absent")
            return listed or _acts(toks, i + 1)
        return True

    def _name_like(self, toks: list[Token], i: int, listed: bool = False) -> str | None:
        """Whether an unknown token reads like a pupil's name (for 'no pupil fits'): "strong", "weak" or None.

        Strong: introduced ("with Xander"), possessive or in a list of names. Weak: only capitalised mid-sentence,
        which places and things are too ("Pakistan", "Lego"), so it counts only when no pupil was found.
        """
        t = toks[i]
        if (len(t.key) < 3 or t.key in COMMON_WORDS or t.key in WORD_NAMES or t.key in CALENDAR_WORDS
                or (t.text.isupper() and len(t.key) <= 4)):
            return None
        prev = toks[i - 1].norm if i > 0 else ""
        nxt = toks[i + 1].norm if i + 1 < len(toks) else ""
        if prev in NAME_INTRODUCERS or nxt in ("'s", "'") or (listed and t.title):
            return "strong"
        return "weak" if t.title and not t.sent_start else None

    def _mark_absent(self, tokens: Tokens, mentions: list[Mention]) -> None:
        toks = tokens.items
        for n, m in enumerate(mentions):
            after = " ".join(t.norm for t in toks[m.end : m.end + 5])
            if ABSENT_AFTER.match(after):
                m.absent = True
                k = n  # "Jack and Leo absent": the whole and-chain is absent
                while k > 0 and mentions[k - 1].end + 1 == mentions[k].start and toks[mentions[k].start - 1].norm in ("and", "&", "+"):
                    k -= 1
                    mentions[k].absent = True
        for found in ABSENT_BEFORE.finditer(tokens.joined):
            first = tokens.token_at(found.end())
            stop = re.search(r"[.;\n]", tokens.joined[found.end() :])
            last = tokens.token_at(found.end() + stop.start()) if stop else len(toks)
            for m in mentions:
                if first <= m.start <= last:
                    m.absent = True

    def _collect(self, mentions: list[Mention], unmatched: list[tuple[int, str]], toks: list[Token],
                 prefer: Sequence[frozenset[str]] = ()) -> NameResult:
        pupils = list(dict.fromkeys(u for m in mentions if len(m.upns) == 1 for u in m.upns))
        settled = set(pupils)
        candidates: dict[str, None] = {}
        groups: dict[tuple[str, ...], bool] = {}
        for m in mentions:
            if len(m.upns) > 1 and not (m.upns & settled):  # a later "Sam" after "Sam P" means Sam P
                candidates.update(dict.fromkeys(sorted(m.upns)))
                key = tuple(sorted(m.upns))
                groups[key] = groups.get(key, False) or m.absent
        absent = [u for m in mentions if m.absent and len(m.upns) == 1 for u in m.upns]
        unmatched = [u for u in unmatched if u[2] or not mentions]
        surfaces = tuple(dict.fromkeys(s for _, s, _ in unmatched))
        suggestions: list[str] = []
        for s in surfaces:
            suggestions.extend(u for u in self._own_suggestions(s, prefer) if u not in suggestions)
            suggestions.extend(u for u in self.suggest(s) if u not in suggestions)
        spans = [range(m.start, m.end) for m in mentions] + [range(i, i + 1) for i, _, _ in unmatched]
        return NameResult(
            tuple(pupils), tuple(candidates), surfaces, tuple(suggestions[:3]), tuple(dict.fromkeys(absent)), spans,
            ends=[(m.end, m.upns, self._settled(m, settled)) for m in mentions],
            groups=tuple(groups.items()),
            guessed=tuple(dict.fromkeys(u for m in mentions if m.fuzzy and len(m.upns) == 1 for u in m.upns)),
        )

    @staticmethod
    def _settled(m: Mention, settled: set[str]) -> str | None:
        """The one pupil a mention means, counting a later bare "Sam" after "Sam P"."""
        if len(m.upns) == 1:
            return next(iter(m.upns))
        back = m.upns & settled
        return next(iter(back)) if len(back) == 1 else None
