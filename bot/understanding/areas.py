"""The SEND Code of Practice's four broad areas of need, from a concern's wording."""
from __future__ import annotations

import re

# Each area's cue words; the area with most cues wins, ties go to the earlier area.
CUES = {
    "communication_interaction": (
        r"speech|speak\w*|spoken|talk(?:s|ing)?|language|vocab\w*|words?|communicat\w*|non[- ]?verbal|verbal|stammer\w*|stutter\w*"
        r"|echolali\w*|mutism|mute|pronounc\w*|sounds? (?:out|properly)|eye contact|social(?:ly)?|friend\w*|play(?:s|ing)? alone"
        r"|turn[- ]taking|take turns|conversation\w*|autis\w*|asd|asc|slcn|salt|understand(?:ing)? (?:instructions|what)|follow(?:ing)? instructions"
        r"|routines?|change to (?:the )?routine|transitions?|rigid|literal|repetitive|flapping|interaction\w*|listening|attention autism"
    ),
    "cognition_learning": (
        r"read\w*|phonics|spell\w*|writ(?:e|ing|ten)|maths?|numbers?|number bonds|count\w*|times tables?|memory|remember\w*|forget\w*|forgot"
        r"|retain\w*|processing|dyslexi\w*|dyscalculi\w*|letters?|reversals?|revers\w*|comprehension|behind|progress|learning|learn\w*"
        r"|blend\w*|decod\w*|sums|calculat\w*|mld|spld|concepts?|working memory|attainment|struggl\w* with (?:work|learning|tasks)|falling behind"
    ),
    "semh": (
        r"anxi\w*|upset|angry|anger|meltdowns?|outbursts?|tantrums?|withdrawn|cry\w*|cried|tearful|sad|low mood|self[- ]esteem|confidence"
        r"|behaviou?r\w*|aggress\w*|hitting|kicking|biting|throwing|refus\w*|school refusal|attendance|panic\w*|scared|worr(?:ies|ying)|emotion\w*"
        r"|dysregulat\w*|regulat\w*|adhd|impulsiv\w*|attention|focus\w*|concentrat\w*|distract\w*|disrupt\w*|fights?|fighting|swear\w*"
        r"|run(?:s|ning)? off|ran off|abscond\w*|bullied|bullying|isolated|lonely|mood\w*|self[- ]harm\w*|grief|bereave\w*|trauma\w*|nervous|stressed"
    ),
    "sensory_physical": (
        r"hearing|hear\w*|deaf\w*|glasses|vision|visual\w*|sight|eyesight|see the board|squint\w*|motor|pencil grip|grip|scissors|balance"
        r"|co-?ordination|clumsy|falls over|falling over|dyspraxi\w*|noise|noisy|loud|covers? (?:his|her|their) ears|ear defenders|sensory"
        r"|textures?|toilet\w*|wheelchair|physio\w*|handwriting|tires easily|fatigue|seizures?|epilep\w*|mobility|walking|climbing|chewing|chews"
    ),
}
PATTERNS = {area: re.compile(rf"\b(?:{cue})\b") for area, cue in CUES.items()}


def area_of_need(folded: str) -> str | None:
    """The area whose cues the text mentions most, or None."""
    best, best_n = None, 0
    for area, pattern in PATTERNS.items():
        n = len(pattern.findall(folded))
        if n > best_n:
            best, best_n = area, n
    return best
