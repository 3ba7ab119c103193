"""Safeguarding indicators the wording makes certain: the rules under the learned detector (model/safeguarding.py).

A clear indicator alerts the DSLs at once; a possible one (a bruise, hunger, the police, a secret: words an ordinary
explanation can defuse) asks the person first. Words about safeguarding itself (the DSL, a disclosure, child
protection) are an indicator in a report and none in a question about procedure ("who is the DSL?").
"""
from __future__ import annotations

import re

_ADULT = (
    r"(?:dad|daddy|father|mum|mummy|mom|mother|mam|step[ -]?(?:dad|mum|father|mother)|(?:mum|mom|mam|dad)\s*'?s (?:boyfriend|girlfriend|partner)"
    r"|boyfriend|girlfriend|partner|uncle|aunt|auntie|aunty|grandad|grandpa|grandma|nan|nana|granny|brother|sister|cousin"
    r"|carer|parents?|someone|somebody|a man|a woman|an adult|adults|a grown ?up|older (?:boys?|girls?|man|men|kids?|lads?|teens?|teenagers?))"
)
_VIOLENCE = (
    r"(?:hit|hits|hitting|beat|beats|beating|punch(?:es|ed|ing)?|kick(?:s|ed|ing)?|slap(?:s|ped|ping)?|smack(?:s|ed|ing)?"
    r"|hurt(?:s|ing)?|chok(?:e|es|ed|ing)|strangl(?:e|es|ed|ing)|burn(?:s|t|ed|ing)?|whip(?:s|ped)?|shak(?:e|es|ing)|shook"
    r"|push(?:es|ed)?|shov(?:e|es|ed)|throws? things at|threw things at|grab(?:s|bed)|pinch(?:es|ed)|bit|bites|touch(?:es|ed|ing)?"
    r"|shouts? at|screams? at|swears? at|locks?|locked|ties?|tied|starv(?:e|es|ed))"
)
# How an injury came about: sport and play, a named accident, a medical condition with its plan. Where it was treated
# (hospital, A&E) explains nothing, and neither does a burn at home (an oven, straighteners): those still ask.
_ACCIDENT = re.compile(
    r"\b(?:in pe|during pe|at pe|from pe|pe lesson|in games|playground|playtime|play time|lunchtime|lunch time|football|rugby|netball"
    r"|hockey|cricket|dodgeball|basketball|tennis|rounders|gymnastics|karate|judo|taekwondo|dance class|match|tournament"
    r"|scouts|cubs|beavers|brownies|guides|forest school|dofe|expedition|after school club|boxing|riding|horse|skate ?park"
    r"|bouncy castle|scooter|skateboard|climbing frame|trampoline|rope swing|brambles|nettles|(?:his|her|their) bike"
    r"|fell off|trapped in (?:a|the) (?:car )?door|caught in (?:a|the) (?:car )?door"
    r"|first aid|accident (?:book|form|slip)|incident form|by accident|accidentally|bumped|collided|sports?"
    r"|glue gun|in dt|in science|kitten|puppy|(?:cat|dog|hamster|rabbit) (?:scratch\w*|bites?)"
    r"|(?:health )?care plan|medical plan|consultant|cannula|bloods|injection|insulin|vaccinations?"
    r"|jabs?|epilep\w*|seizures?|haemophilia|eds|hypermobil\w*)\b"
)
_SUSPICIOUS = re.compile(
    r"\b(?:unexplained|no explanation|won'?t say|wouldn'?t say|would not say|couldn'?t explain|can'?t explain|didn'?t know how"
    r"|not sure how|changing (?:story|explanation)|different (?:stories|explanations)|at home(?![\s-]*time)|by (?:his|her|their) (?:dad|mum|step\w*|brother|uncle))\b"
)
_FALL = re.compile(r"\b(?:fell|fall|fallen|tripped|slipped)\b.*\b(?:knee|knees|elbow|shin|shins|ankle|hand|finger|toe)\b|\b(?:knee|knees|elbow|shin|ankle)\b.*\b(?:fell|tripped|slipped)\b")

# Words about safeguarding itself.
META = re.compile(
    r"\bdisclos(?:e|ed|es|ure|ing)\b|\bsafeguarding\b|\bchild protection\b|\bcp (?:concern|plan)\b|\bd?dsls?\b|\blado\b"
    r"|\bcpoms\b|\bmy ?concern\b|\bchronolog(?:y|ies)\b"
    r"|\b(?:open|my|any|new|outstanding|unacknowledged|current) (?:safeguarding )?alerts?\b|\balerts? (?:open|outstanding|for me)\b"
)
# What a question about safeguarding asks for: the DSL's open alerts, their possible-safeguarding list, a pupil's
# chronology; anything else is about procedure (who the DSL is, how to report).
QUESTION_TOPICS = (
    ("chronology", re.compile(r"\bchronolog|\btimeline\b|\bhistory\b")),
    ("review", re.compile(r"\b(?:possible|daily|review)\b.{0,20}\b(?:list|items?)\b|\bsafeguarding list\b|\bpossibles\b")),
    ("alerts", re.compile(r"\balerts?\b")),
)
# A question about procedure, not about a child: "who is the DSL?", "how do I report a concern?", "any alerts open?"
PROCEDURE_QUESTION = re.compile(
    r"^\s*(?:(?:hi|hey|hello|quick question|sorry|please|pls)[,!]?\s+)*(?:who|who's|whos|what|what's|whats|which|where|where's|when|how|"
    r"is there|are there|any|do|does|can|could|should|would|will|must|may|is|are|am i|show me|list|remind me)\b[^.!\n]*\??\s*$"
)
# What a DSL asks for: "safeguarding chronology for Ollie Thorne", "show me the possible list", "open alerts".
_DSL_REQUEST = re.compile(r"^\s*(?:(?:show|give|open|see|get|list|pull up)\s+(?:me\s+)?(?:the\s+|my\s+)?)?"
                          r"(?:(?:safeguarding|possible|daily|open|outstanding)\s+)*(?:chronolog\w*|timeline|alerts?|list|possibles)\b"
                          r"(?:\s+(?:for|of|about|on)\s+[\w'-]+(?:\s+[\w'-]+)?)?[\s?.!]*$")
# "If a child ever discloses something to me, do I ...": a question about procedure, put as a case.
_HYPOTHETICAL = re.compile(r"^\s*(?:if|when|what if|say|suppose)\s+(?:a|any|one of my|the)\s+(?:child|pupil|student|kid)\w*\b.{0,120}\?\s*$")
# A lesson, a book, a policy or a general question can name an indicator without any child being at risk; with no
# child's words or a child's own pronoun in it, the person is asked rather than the DSLs alerted.
_TEACHING = re.compile(
    r"\b(?:lesson (?:on|about)|pshe|rshe|rse|topic|unit|assembly|novel|class book|story|stories|poem|poetry|drama|improvisation|history"
    r"|citizenship|resources?|slides|curriculum|display|diary entries|training|policy|guidance|briefing|kcsie|inset|cpd|quiz|poster"
    r"|sociology|geography|religious studies|rs|english lesson|case study|statistics|chapters?|act \d|scene \d|novel|play|film"
    r"|leaflet|flowchart|category|categories|signs of|what (?:counts|is|are|does)|process|procedure)\b")
_PERSONAL = re.compile(r"\b(?:he|she|him|her|his|hers|i'?m|me|my)\b|\b(?:said|says|told|tells|disclosed|mentioned)\b")
# Triggers that stand on their own.
ALWAYS = re.compile("|".join((
    r"\babus(?:e|ed|es|ive|ing)\b", r"\bneglect",
    r"\bsexual(?:ly|ised|ized)?\b", r"\binappropriate(?:ly)? touch", r"\bprivate parts\b", r"\btouch\w* .{0,20}\bdown there\b",
    r"\bgroom(?:ed|ing)\b", r"\bnudes?\b", r"\bnaked (?:photos?|pictures?|pics?|images?|videos?)\b", r"\bsexting\b", r"\bporn",
    r"\bexplicit (?:images?|photos?|pictures?|videos?|messages?)\b", r"\bexploit(?:ed|ation|ing)\b", r"\bcse\b", r"\bcce\b",
    r"\bcounty lines\b", r"\btraffick", r"\bmodern slavery\b", r"\bolder (?:boyfriend|girlfriend|man|men|friends?)\b",
    r"\b(?:missing from|ran away from|run away from|running away from) (?:home|care)\b",
    r"\bwent missing\b", r"\bfgm\b", r"\bfemale genital\b", r"\bcutting ceremony\b", r"\bspecial (?:procedure|ceremony)\b",
    r"\bbecom(?:e|ing) a (?:woman|proper woman)\b", r"\bbreast ironing\b", r"\bcircumcis", r"\bforced (?:to )?marr",
    r"\bmarried off\b", r"\bhonou?r based\b", r"\bradicali[sz]", r"\bextremis[mt]", r"\bterroris[mt]", r"\bprevent (?:referral|duty|concern)\b",
    r"\bjihad", r"\bisis\b", r"\bnazis?\b", r"\bfar[- ]right\b", r"\bwhite (?:power|supremac)", r"\bbeheading",
    r"\bself[- ]?harm", r"\bsuicid", r"\bkill(?:ing)? (?:him|her|my|them|your)sel(?:f|ves)\b", r"\b(?:want|wants|wanted|wanting) to die\b(?! of (?:embarrassment|shame|laughing|laughter|boredom))",
    r"\bwish(?:es|ed)? (?:s?he|i|they) (?:was|were) dead\b", r"\bwish(?:es|ed)? (?:s?he|i|they) (?:was|were)(?:n'?t| not) (?:alive|here|born)\b",
    r"\bbetter off dead\b", r"\bend (?:it all|(?:his|her|my|their) life)\b", r"\bno reason to live\b",
    r"\b(?:not|doesn'?t|does not|didn'?t|don'?t) want to (?:be alive|live|be here any ?more|exist|wake up)\b", r"\boverdos",
    r"\bligature\b", r"\b(?:cut|cuts|cutting|hurt|hurts|hurting|scratch\w*|burn\w*|harm\w*) (?:him|her|my|them)sel(?:f|ves)\b",
    r"\b(?:cuts|scars|marks|burns) (?:on|to|up|along) (?:his|her|their|my) (?:arms?|wrists?|thighs?|legs?|neck|stomach)\b",
    r"\bthreaten(?:s|ed|ing)? (?:him|her|them|me)\b",
    r"\b(?:dad|daddy|father|mum|mummy|mother|step[ -]?(?:dad|mum)|(?:mum|dad)'?s (?:boyfriend|girlfriend|partner)|boyfriend|partner|uncle)"
    r"\s+(?:\w+\s+){0,2}?(?:hits?|hitting|beats?|beating|punch\w*|kicks?|kicking|slaps?|slapping|chok\w+|strangl\w+|hurts?|hurting|attacks?|attacking|pushes|pushed)"
    r"\s+(?:(?:my|his|her|their)\s+)?(?:mum|mummy|mam|mother|dad|daddy|father|nan|sister|brother|step[ -]?\w+)\b",
    r"\bdomestic (?:violence|abuse|incident|issues?)\b", r"\bdv\b", r"\bviolen(?:t|ce) at home\b", r"\barrested\b",
    r"\bpolice (?:were |was |got )?(?:called|came round|came to the house|at (?:the )?(?:house|home|flat))\b",
    r"\b(?:parents|mum and dad|dad and mum|mum and (?:her )?(?:boyfriend|partner)|dad and (?:his )?(?:girlfriend|partner)) (?:were |are |keep |always |had |have been )?(?:fighting|screaming at each other|hitting)\b",
    r"\bfight(?:ing|s)? at home\b", r"\b(?:drugs|drinking|alcohol|needles|weed) (?:at home|in the house)\b",
    r"\b(?:mum|dad|mother|father|parent|carer|step[ -]?dad|step[ -]?mum)s? (?:was |is |were |always |often |gets |got |came in )?(?:drunk|high|smelling of alcohol|off (?:his|her) face)\b",
    r"\b(?:homeless|sofa surfing|sleeping (?:on|in) (?:a|the) (?:car|floor|street))\b", r"\bkicked (?:him|her|them) out\b",
    r"\b(?:scared|afraid|frightened|terrified) of (?:his|her|their|my|the) (?:dad|mum|father|mother|step[ -]?\w+|uncle|brother|boyfriend|partner|parents?|carer|nan|grandad|mum'?s \w+)\b",
    r"\bnot (?:to|allowed to) tell (?:anyone|anybody|mum|dad|teachers?)\b", r"\bdon'?t tell (?:anyone|anybody|my mum|my dad|the teacher)\b",
    r"\bour (?:little )?secret\b", r"\bunexplained\b", r"\b(?:finger|grip|hand|slap|belt|bite|cigarette|rope) ?marks?\b",
    r"\bcigarette burns?\b", r"\bwelts?\b",
    r"\b(?:home alone|left (?:home )?alone|left on (?:his|her|their) own|no ?one (?:at home|picked|collected|came)|nobody (?:at home|picked|collected|came)|not (?:been )?(?:collected|picked up))\b",
    r"\b(?:looks?|looking|looked) after (?:his|her|their) (?:little |younger |baby )?(?:brothers?|sisters?|siblings)\b",
    r"\bunwashed\b", r"\bunkempt\b", r"\bsmell(?:s|y|ing)? (?:of (?:urine|wee|smoke|alcohol|weed)|really bad|bad|strongly|awful)\b",
    r"\bpoor (?:personal )?hygiene\b",
    r"\bhas(?:n'?t| not) eaten\b", r"\bnothing to eat\b", r"\bno food (?:at home|in the house)\b", r"\b(?:steal|steals|stealing|stole|hoard\w*) food\b",
    r"\b(?:no|hasn'?t had|had no|not had|didn'?t have|without|skipp\w+) (?:any )?(?:breakfast|tea|dinner|food)\b",
    r"\b(?:stranger|a man|an adult|older (?:boy|girl|man)) (?:online|on (?:snapchat|tiktok|instagram|roblox|fortnite|whatsapp|discord))\b",
    r"\bmet (?:someone|somebody|a man|a stranger) online\b", r"\basked (?:him|her|them) (?:for|to send) (?:photos|pictures|pics|images)\b",
    rf"\b{_ADULT}\s+(?:'s\s+)?(?:(?:always|keeps|has|had|was|is|been|often|sometimes|gets|got|would|will|does|did|used to)\s+)*{_VIOLENCE}\s+(?:him|her|them|me|us|my|his|her)\b",
    rf"\b{_VIOLENCE}\s+(?:me)\b(?!\s+(?:with the ball|in (?:football|pe|the game)))",
    r"\b(?:hits?|hitting|beats?|beating|punch\w*|kick\w*|slap\w*|smack\w*|hurt\w*)\b.{0,25}\bat home\b",
    r"\bat home\b.{0,25}\b(?:hits?|hitting|beats?|beating|punch\w*|kick\w*|slap\w*|smack\w*|hurt\w*|scared|shouting|screaming)\b",
    r"\b(?:his|her|their) (?:dad|mum|father|mother|step[ -]?\w+|uncle|brother|nan|grandad|carer)\s*'?s? (?:hits?|beats?|hurts?|kicks?|slaps?|smacks?|punches) (?:him|her|them)\b",
)))
# Indirect disclosures and indicators; gated by cheap keyword checks so long messages without them cost nothing.
EXTRA_KEYS = (
    "cut", "scratch", "carv", "pick", "burn", "scar", "mark", "scab", "blade", "sleeve", "arms", "met ", "photo", "picture", "pic",
    "image", "selfie", "video", "online", "car", "van", "one", "nobody", "adult", "bed", "own ", "allowed", "wake", "drink", "drug",
    "passe", "weed", "refuge", "fled", "order", "scared", "afraid", "frighten", "terrified", "distress", "panick", "scream", "hid",
    "clung", "cling", "won", "wouldn", "refus", "doesn", "didn", "cme", "missing", "clothes", "naked", "undress",
    "contact", "hold of", "reach", "get through", "answer", "response",
)
EXTRA = re.compile("|".join((
    # self-harm: injuries to one's own body, and hiding them
    r"\b(?:cut|cuts|cutting|carv\w*|burn(?:s|ing|t|ed)?) (?:on |into )?(?:his|her|their|my) (?:own )?(?:arms?|wrists?|thighs?|legs?|skin|stomach|tummy)\b",
    r"\b(?:cuts|scars|marks|burns|scabs) (?:on|to|up|along|across) (?:[a-z\-]+ ?'s )?(?:arms?|wrists?|thighs?|legs?|neck|stomach)\b",
    r"\b(?:razor|sharpener) blades?\b", r"\blong sleeves\b.{0,40}\b(?:hot|boiling|warm|heat|sunny|summer)\b",
    r"\b(?:hot|boiling|warm|heat|sunny)\b.{0,40}\blong sleeves\b", r"\bcover(?:s|ing)? up (?:his|her|their) arms\b",
    # online contact and exploitation
    r"\bmet (?:\w+ )?(?:online|on (?:a |an |the )?(?:game|app|internet|website|snapchat|tiktok|instagram|roblox|fortnite|whatsapp|discord|minecraft|xbox|playstation))\b",
    r"\b(?:ask(?:s|ed|ing)?|keeps? asking|wants?|wanted|pressur\w*) (?:him|her|them|me) (?:for|to send|to take) (?:photos|pictures|pics|images|selfies|videos)\b",
    r"\bonline\b.{0,60}\b(?:buys? (?:him|her|them)|bought (?:him|her|them)|gives? (?:him|her|them) money|gifts|meet ?up|meet (?:him|her|them|up))\b",
    r"\b(?:get|gets|getting|got) (?:in|into) (?:a |the )?(?:cars?|vans?) with\b",
    # neglect and home conditions
    r"\b(?:no ?one|nobody|no adults?) (?:was |were |is )?(?:at )?home\b", r"\bput (?:him|her|them)sel(?:f|ves) to bed\b",
    r"\b(?:make|made|making|makes|get|got|gets) (?:his|her|their) own (?:tea|dinner|breakfast|food|meals?)\b",
    r"\b(?:not|isn'?t|wasn'?t|aren'?t) allowed (?:to )?(?:eat|any food|food|dinner|tea|breakfast|a drink)\b",
    r"\bcan'?t wake (?:him|her|them|mum|dad|my mum|my dad)\b",
    r"\b(?:mum|dad|mother|father|parents?|carer|step[ -]?(?:dad|mum)|nan|grandad|uncle|aunt\w*)\s*(?:'s (?:boyfriend|girlfriend|partner) )?(?:\w+ )?(?:drinks|drinking|takes drugs|on drugs|passes out|passed out|smokes weed)\b",
    # domestic abuse and contact restrictions
    r"\b(?:women'?s )?refuge\b", r"\bfled (?:with|from) (?:the (?:kids|children)|home|the house|him|her|them|dad|mum|his|her)\b", r"\b(?:non[- ]molestation|restraining|protection|court) orders?\b",
    r"\b(?:isn'?t|is not|not|aren'?t|are not) allowed to (?:collect|pick (?:him|her|them) up|see (?:him|her|them|the kids|the children)|have contact|contact)\b",
    rf"\b(?:scared|afraid|frightened|terrified|distressed|panick\w*|screamed|hid|hiding|clung|clinging)\b.{{0,30}}\b(?:when|because|as|if)\b.{{0,12}}\b{_ADULT}\b.{{0,25}}\b(?:came|come|comes|arrived|arrives|collect\w*|pick\w*|turned up|was there|is there)\b",
    rf"\b(?:won'?t|wouldn'?t|refus\w*|doesn'?t want to|didn'?t want to|scared to|afraid to) (?:to )?(?:go|leave) (?:home )?with (?:his |her |their )?{_ADULT}\b",
    # nakedness and images
    r"\bno clothes on\b|\bwithout (?:any |his |her |their )?clothes\b|\bnaked\b|\bundress(?:ed|ing)? (?:him|her|them|me)\b",
    # missing education with no contact
    r"\bchildren missing (?:from )?education\b|\bcme\b",
)))
# Absence together with failed contact: a child missing from education.
_ABSENT = re.compile(r"\b(?:has ?n'?t|has not|not) been (?:in|seen)\b|\babsent\b|\bnot in school\b|\bmissing\b|\b\d+ days\b")
_NO_CONTACT = re.compile(r"\b(?:can'?t|cannot|can not|couldn'?t|unable to) (?:get hold of|contact|reach|get through to)\b|\bno (?:contact|answer|response) (?:from|at) home\b")
# Triggers that an ordinary explanation in the same clause can defuse.
GUARDED = re.compile("|".join((
    r"\bbruis(?:e|es|ed|ing)\b", r"\bblack eye\b", r"\bburns?\b", r"\bmarks? on (?:his|her|their) (?:neck|face|arms?|legs?|back|body|wrists?|cheek|ears?)\b",
    r"\b(?:was|were|been|being|gets?|got|getting) (?:hit|beaten|punched|kicked|slapped|smacked|hurt|burn(?:ed|t)|strangled|choked|shaken|whipped|locked in|tied up|touched)\b",
    r"\b(?:going to|gonna|wants? to|threaten(?:ed|s|ing)? to) (?:kill|stab|shoot)\b",
    # afraid to go home: a strong sign, but "scared of going home on the noisy minibus" is not, so it asks
    r"\b(?:scared|afraid|frightened|terrified|worried|nervous|anxious|panick\w*|does ?n'?t want|does not want|did ?n'?t want|won'?t|refus\w*|not want(?:ing)?) (?:about |of )?(?:to )?(?:go(?:ing)? |be(?:ing)? )?(?:back )?(?:home|at home)\b(?![\s-]*(?:time|work|learning|reading|visits?|school|corner|tutor|group|page)\b)",
    r"\b(?:scratch\w*|pick(?:s|ing)? at) (?:on |into )?(?:his|her|their|my) (?:own )?(?:arms?|wrists?|thighs?|legs?|skin|stomach|tummy)\b",
    r"\bscratch(?:es|ed)? (?:on|to|up|along|across|all over) (?:[a-z\-]+ ?'s |his |her |their |my )?(?:arms?|wrists?|thighs?|legs?|neck|stomach)\b",
    r"\bgangs?\b", r"\b(?:knife|knives|machete|weapons?|guns?)\b", r"\bflinch(?:es|ed|ing)?\b", r"\bhead lice\b",
    # FGM by the names communities use for it (NHS England's FGM guidance lists them); some are ordinary words too
    r"\b(?:sunna|sunat perempuan|khitan|khifad|khatna|xatana|tahoor|tahur|tahara|gudniin|gudnin|halalays|qodiin|bondo|kutairi|"
    r"megrez|absum|sili ?ya ?kichalo|niaka|kene[- ]kene)\b",
    # children's social care is routine for a looked-after child and news for another
    r"\bsocial (?:services|worker|care)\b",
    r"\bsame (?:clothes|uniform)\b", r"\bsmelly\b", r"\bdirty (?:clothes|uniform)\b",
    r"\bhungry\b", r"\bno (?:coat|shoes)\b", r"\bkicked out\b", r"\bpolice\b", r"\bbomb(?:s|ing)?\b", r"\bsecrets?\b", r"\bsore (?:bottom|bum|private)",
    r"\b(?:bottom|bum|privates|private parts|front bottom|willy|penis|vagina|genitals)\b.{0,15}\b(?:hurts?|hurting|sore|pain|bleeding|itch\w*)\b",
)))
BENIGN = re.compile(
    r"\bbruised (?:ego|fruit|banana|apple)|\bhungry (?:caterpillar|hippos?|for)\b|\bkicked out of (?:class|the lesson|the classroom|lesson|pe|assembly)\b"
    r"|\bpolice (?:visit|officers? (?:came|visited|visit)|station role ?play)|\bpeople who help us\b|\bbath bombs?\b|\bphoto ?bomb|\bsecret santa\b"
    r"|\bburns? (?:energy|off)\b|\bsun ?burn|\bburnt (?:toast|the)\b|\bhungry before lunch\b"
    r"|\beczema\b|\bchicken ?pox\b|\b(?:insect|mosquito|midge|gnat) bites?\b|\bbirthmarks?\b|\bmongolian (?:blue )?spots?\b"
    # idioms: succeeding, wanting something badly, being let down
    r"|\bkill(?:s|ed|ing)? it\b|\bdying to\b|\bto die for\b|\bdie of (?:embarrassment|shame|laughing)\b|\bstab(?:bed|s)? (?:\w+ )?in the back\b"
    r"|\bcould eat a horse\b"
)
_CLAUSES = re.compile(r"[.!?;\n]+|\bbut\b")


def rule_marks(folded: str) -> frozenset[str]:
    """The rule families a folded text trips: rule_level decides from them, and the learned detector reads them
    as features beside the words, so a lesson about knife crime and a child's words about a knife are told apart.

    always (a trigger that stands alone), meta (words about safeguarding itself), guarded (a trigger no explanation
    in its clause defuses), explained (one that an explanation does), suspicious (a guarded trigger with "won't say
    how", "at home"...), asked (a question about procedure), general (a lesson, policy or question with no child's
    words or pronoun in it)."""
    marks = set()
    first = folded.split("?", 1)[0] + "?" if "?" in folded else folded  # "what is a CP plan? for my NPQ reading"
    asked = PROCEDURE_QUESTION.match(first) is not None or _HYPOTHETICAL.match(folded) is not None \
        or _DSL_REQUEST.match(folded) is not None
    if (asked or _TEACHING.search(folded) is not None) and _PERSONAL.search(folded) is None:
        marks.add("general")
    if asked or (len(folded.split()) <= 4 and _PERSONAL.search(folded) is None):  # "open alerts": no report
        marks.add("asked")
    if ALWAYS.search(folded) or (any(k in folded for k in EXTRA_KEYS) and (
            EXTRA.search(folded) or (_ABSENT.search(folded) and _NO_CONTACT.search(folded)))):
        marks.add("always")
    if META.search(folded):
        marks.add("meta")
    for clause in _CLAUSES.split(folded):
        if not GUARDED.search(clause):
            continue
        if BENIGN.search(clause):
            marks.add("explained")
        elif _SUSPICIOUS.search(clause):
            marks.add("suspicious")
        elif _ACCIDENT.search(clause) or _FALL.search(clause):
            marks.add("explained")
        else:
            marks.add("guarded")
    return frozenset(marks)


def rule_level(folded: str, marks: frozenset[str] | None = None) -> str | None:
    """"clear", "possible", "question" (safeguarding words in a question about procedure) or None, for folded text."""
    marks = rule_marks(folded) if marks is None else marks
    if "always" in marks and "general" in marks:  # a lesson or a question naming no child: asked, or answered
        return "question" if "asked" in marks else "possible"
    if "always" in marks:
        return "clear"
    if "meta" in marks and "asked" not in marks:
        return "clear"
    if "suspicious" in marks:
        return "clear"
    if "guarded" in marks and "general" not in marks:  # in a lesson with no child's words, the detector judges
        return "possible"
    return "question" if "asked" in marks and "meta" in marks else None


def question_topic(folded: str) -> str:
    """"chronology", "review", "alerts" or "info": what a question about safeguarding asks for."""
    return next((name for name, words in QUESTION_TOPICS if words.search(folded)), "info")
