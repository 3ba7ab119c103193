"""The SEND Code of Practice's four broad areas of need, from a concern's wording."""
from __future__ import annotations

import re

# Each area's cue words; the area with the highest weight of cues wins, ties go to the earlier area.
CUES = {
    "communication_interaction": (
        r"speech|speak\w*|spoken|talk(?:s|ing)?|language|vocab\w*|words?|communicat\w*|non[- ]?verbal|verbal|stammer\w*|stutter\w*"
        r"|echolali\w*|echo(?:es|ing|ed)|mutism|mute|pronounc\w*|sounds? (?:out|properly)|eye contact|social(?:ly)?|friend\w*|play(?:s|ing)? alone"
        r"|turn[- ]taking|take turns|conversation\w*|autis\w*|asd|asc|slcn|salt|understand(?:ing)? (?:instructions|what)"
        r"|follow(?:ing)? (?:\w+ ){0,2}instructions|respond\w* to (?:his|her|their) name|misunderstand\w*|mumbl\w*|(?:put|putting|puts) (?:\w+ ){0,2}(?:words|sentences?) together|into sentences"
        r"|point(?:s|ing)|lead(?:s|ing)? adults|talks? over|social cues|cues|join(?:ing)? in|initiat\w*"
        r"|routines?|change to (?:the )?routine|change of (?:teacher|class|staff|routine|plan)|transitions?|rigid|literal|repetitive|flapping"
        r"|interaction\w*|listening|attention autism"
    ),
    "cognition_learning": (
        r"phonics|number bonds|count\w*|times tables?|memory|remember\w*|forget\w*|forgot|retain\w*|processing|dyslexi\w*|dyscalculi\w*"
        r"|letters?(?! formation)|reversals?|revers\w*|mix(?:es|ing|ed)? up|comprehension|behind|progress|learning|learn\w*"
        r"|blend\w*|decod\w*|sums|calculat\w*|mld|spld|concepts?|working memory|attainment|struggl\w* with (?:work|learning|tasks)|falling behind"
        r"|below (?:are|age|expected|peers)|keep(?:ing)? up|addition|subtraction|multiplication|division|fractions?|place value"
        r"|reading age|spelling age|recall|cvc|tricky words|sight words|high frequency words|disorganis\w*|disorganiz\w*|plan (?:his|her|their) (?:writing|work)"
    ),
    "semh": (
        r"anxi\w*|upset|angry|anger|meltdowns?|outbursts?|tantrums?|withdrawn|cry\w*|cried|tears|tearful|sad|low mood|self[- ]esteem|confidence"
        r"|behaviou?r\w*|aggress\w*|hitting|kicking|biting|throwing|threw|refus\w*|school refusal|attendance|panic\w*|scared|worr(?:ies|ying)|emotion\w*"
        r"|dysregulat\w*|regulat\w*|adhd|impulsiv\w*|attention|focus\w*|concentrat\w*|distract\w*|disrupt\w*|fights?|fighting|swear\w*"
        r"|run(?:s|ning)? off|ran off|abscond\w*|bullied|bullying|isolated|lonely|mood\w*|self[- ]harm\w*|grief|bereave\w*|trauma\w*|nervous|stressed"
        r"|kick(?:ed|s|ing)? off|lost (?:his|her|their) temper|temper|lash\w* out|shout\w*|walk(?:ed|s|ing)? out|storm\w* out|defian\w*|rude|unkind"
        r"|snapp?\w*|disengag\w*|not engaging|out of character|(?:is|was)n'?t like (?:him|her|them)|not (?:him|her|them)sel(?:f|ves)|clingy|reassurance"
        r"|unsettled|overwhelm\w*|frustrat\w*|stupid|rubbish at|reflection room|exclu\w*|(?:seems?|seemed|feeling|felt|looks?|looking|looked)(?: really| very| a bit| quite)? down"
    ),
    "sensory_physical": (
        r"hearing|hear\w*|deaf\w*|glasses|vision|visual\w*|sight|eyesight|see the board|squint\w*|eye test|motor|pencil grip|grip|pencils?|scissors|balance"
        r"|co-?ordination|clumsy|falls over|falling over|dyspraxi\w*|noise|noisy|loud|cover\w* (?:his|her|their) ears|ears?|ear defenders|sensory"
        r"|textures?|toilet\w*|wheelchair|physio\w*|handwriting|letter formation|copy(?:ing)? from the board|hand (?:aches|hurts)|tires? (?:easily|quickly)"
        r"|fatigue|seizures?|epilep\w*|mobility|walking|climbing|chewing|chews|mouth\w*|spinning|rocking|seeking movement|movement breaks?|fidget\w*|fiddl\w*"
    ),
}
# Subjects say where a difficulty showed, not what it is: "cried in maths" is SEMH, "reading age 3 years behind" is learning.
WEAK = {"cognition_learning": r"read\w*|spell\w*|writ(?:e|ing|ten)|maths?|numbers?|english|science"}
PATTERNS = {area: re.compile(rf"\b(?:{cue})\b") for area, cue in CUES.items()}
WEAK_PATTERNS = {area: re.compile(rf"\b(?:{cue})\b") for area, cue in WEAK.items()}


# The areas' own names and the abbreviations SENCOs use: said outright, they win over any cue words.
NAMED = {
    "communication_interaction": r"communication (?:and|&|\+) interaction|c ?(?:&|and|\+) ?i|c/i|comm(?:unication)?s? (?:and|&) int",
    "cognition_learning": r"cognition (?:and|&|\+) learning|c ?(?:&|and|\+) ?l|c/l|cog(?:nition)? (?:and|&) learn\w*",
    "semh": r"semh|social,? emotional,? (?:and|&|\+) mental health|s\.e\.m\.h\.?",
    "sensory_physical": r"sensory (?:and/or|and|or|&|\+|/) physical|physical (?:and|&|\+|/) sensory|s ?(?:&|and) ?p",
}
_NAMED = [(area, re.compile(rf"(?<![a-z])(?:{pattern})(?![a-z])")) for area, pattern in NAMED.items()]
_AREA_LABEL = re.compile(r"\b(?:area(?:\s+of\s+need)?|primary need|need)\s*(?::|-|=|is\b)\s*")


def stated_area(folded: str) -> str | None:
    """The area the writer names outright ("area: SEMH", "C&I needs"); after an "area:" label it wins."""
    label = _AREA_LABEL.search(folded)
    for text in ((folded[label.end():],) if label else ()) + (folded,):
        found = [(m.start(), area) for area, pattern in _NAMED for m in pattern.finditer(text)]
        if found:
            return min(found)[1]
    return None


def cue_areas(folded: str) -> list[str]:
    """Every area whose cue words the text holds (strong cues only)."""
    return [area for area, pattern in PATTERNS.items() if pattern.search(folded)]


def area_of_need(folded: str) -> str | None:
    """The area the writer names, else the one whose cues the text mentions most, or None."""
    stated = stated_area(folded)
    if stated:
        return stated
    best, best_n = None, 0.0
    for area, pattern in PATTERNS.items():
        n = len(pattern.findall(folded))
        if area in WEAK_PATTERNS:
            n += 0.5 * len(WEAK_PATTERNS[area].findall(folded))
        if n > best_n:
            best, best_n = area, n
    return best
