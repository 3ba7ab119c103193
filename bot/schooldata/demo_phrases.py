"""Phrase banks for the demo school's pen portraits, plans and parent conversations, matched to need.

Written the way a SENCO writes a one-page profile: short, practical, in plain words; the pupil's
voice in a child's words. '{name}' is the name the pupil is known by.
"""
from __future__ import annotations

STRENGTHS = (
    "Kind and thoughtful towards younger children", "Works hard and keeps trying when something is tricky",
    "Great sense of humour", "Loves to help adults set up the classroom", "Very creative: brilliant at drawing",
    "Confident on the football pitch", "A loyal friend", "Remembers facts about favourite topics in great detail",
    "Good at building and making things", "Enthusiastic about science experiments", "Reads aloud with expression",
    "Takes great care of the class plants", "Very musical: enjoys singing in assembly", "Polite and well-mannered with visitors",
    "Fast runner and good at PE", "Good at noticing when others are upset",
)
INTERESTS = (
    "dinosaurs", "Minecraft", "football", "drawing and colouring", "Lego", "horses", "space and planets",
    "cooking with Nan", "swimming", "trains", "animals, especially cats", "dancing", "superheroes",
    "gymnastics", "insects and minibeasts", "the school garden", "cars", "Pokémon cards", "baking",
    "fishing with Grandad", "music and singing", "making dens", "reading comics", "maps and flags",
)

NEEDS: dict[str, dict[str, tuple[str, ...]]] = {
    "SLCN": {
        "needs": (
            "Finds it hard to follow instructions with more than two parts", "Limited vocabulary for a child of this age",
            "Speech sounds can be hard to understand for unfamiliar adults", "Finds it hard to retell events in order",
            "Needs extra time to process what is said", "Struggles to join in with group discussions",
        ),
        "strategies": (
            "Give one instruction at a time and check understanding", "Use visuals alongside spoken language",
            "Pre-teach topic vocabulary before the lesson", "Allow 10 seconds of take-up time before repeating",
            "Model the correct sentence back rather than correcting", "Use Colourful Semantics cards to build sentences",
            "Give a sentence starter to begin a written or spoken answer", "Seat near the front, facing the teacher",
        ),
        "avoid": (
            "Long verbal instructions to the whole class without a visual", "Asking to answer on the spot in front of the class",
            "Correcting speech sounds in front of others", "Sarcasm and idioms without explanation",
        ),
        "communication": (
            "{name} often says 'yes' when unsure: check by asking {name} to show or tell you what to do first.",
            "Uses short phrases; give {name} time and don't finish sentences for them.",
            "Understands more when you use gesture and point to the visual timetable.",
        ),
        "voice": (
            "Sometimes I don't know what the words mean.", "I like it when Miss shows me a picture.",
            "I get muddled when people talk fast.", "I'm good at talking about my dog.",
        ),
        "targets": (
            "Follow a two-part instruction in class without a reminder", "Use 5 new topic words correctly in a lesson",
            "Retell a short story using first, next, then, last", "Ask for help using a sentence starter",
        ),
    },
    "SEMH": {
        "needs": (
            "Finds transitions (lining up, coming in from play) difficult", "Can become overwhelmed and leave the classroom",
            "Worries a lot about getting things wrong", "Finds it hard to manage friendships at playtime",
            "Struggles to name feelings before they get big", "Low self-esteem: says 'I'm rubbish at this'",
        ),
        "strategies": (
            "Meet and greet at the door each morning", "Use the Zones of Regulation check-in chart",
            "Offer a calm-down break card to use without asking", "Give a job at transitions (e.g. taking the register)",
            "Praise privately and specifically", "Warn in advance about changes to the timetable",
            "Give a choice of two rather than a direct demand", "Check in after lunch with a trusted adult",
        ),
        "avoid": (
            "Raised voices or public reprimands", "Unexpected changes without warning",
            "Being sent out of the room alone", "Removing playtime as a consequence",
            "Busy, noisy corridors at the end of the day",
        ),
        "communication": (
            "When {name} goes quiet and puts their head down they are becoming overwhelmed: offer the break card.",
            "{name} may say 'I don't care': this usually means worried. Stay calm and offer a way back.",
            "Responds well to a quiet word at their level, with a clear next step.",
        ),
        "voice": (
            "When I get cross my tummy goes tight.", "I like it when I can go to the calm corner.",
            "I don't like it when people shout.", "Playtime is hard when nobody lets me play.",
            "I feel better when I've told someone.",
        ),
        "targets": (
            "Use the break card instead of leaving the room", "Name a feeling using the Zones chart at check-in",
            "Manage the transition from lunch to class with one reminder", "Join a structured game at playtime",
        ),
    },
    "MLD": {
        "needs": (
            "Working well below age-related expectations in reading, writing and maths",
            "Finds it hard to remember new learning from one day to the next", "Needs concrete resources for number work",
            "Slow to start tasks without adult support", "Finds abstract ideas difficult",
        ),
        "strategies": (
            "Use Numicon and counters for number work", "Break tasks into small steps on a checklist",
            "Overlearn key facts with short daily practice", "Give a worked example to refer back to",
            "Use a word mat and number line on the desk", "Check in after the first two minutes of independent work",
        ),
        "avoid": (
            "Copying long passages from the board", "Timed tests in front of the class",
            "Too much on one worksheet", "Moving on before the last step is secure",
        ),
        "communication": (
            "{name} chats happily but may not ask for help: check in early in each task.",
            "Keep language simple and show rather than tell.",
        ),
        "voice": (
            "I like maths when I can use the blocks.", "Writing makes my hand tired.",
            "I like working with Mrs Fisher.", "I'm getting better at my times tables.",
        ),
        "targets": (
            "Count reliably to 50 and back", "Read 30 more high-frequency words by sight",
            "Write two sentences independently using a word mat", "Recall number bonds to 10",
        ),
    },
    "SPLD": {
        "needs": (
            "Dyslexic-type difficulties: reading is slow and effortful", "Spelling is well below reading level",
            "Finds copying from the board very hard", "Muddles letters such as b and d",
            "Needs longer to process written information",
        ),
        "strategies": (
            "Use a coloured overlay and cream paper", "Provide key words printed on the desk",
            "Allow answers to be recorded in other ways (voice notes, pictures, scribe)",
            "Use Precision Teaching for high-frequency words", "Give extra time and reduce the amount to read",
            "Mark for content, not spelling, in non-literacy lessons",
        ),
        "avoid": (
            "Reading aloud without preparation", "Copying from the board",
            "Red pen over every spelling", "Long lists of spellings to learn at home",
        ),
        "communication": (
            "{name} explains ideas brilliantly out loud: let them talk it through before writing.",
            "Chats confidently; may hide difficulties with reading by helping others or joking.",
        ),
        "voice": (
            "Words jump about on the page.", "I know what I want to say but writing it is hard.",
            "I like it when I can tell my answer instead.", "I don't like reading out loud.",
        ),
        "targets": (
            "Read 20 high-frequency words automatically at 40 a minute", "Use a spelling strategy for 'tricky words'",
            "Write a paragraph using the word mat and a voice-note plan", "Read a book-band text with 95% accuracy",
        ),
    },
    "ASD": {
        "needs": (
            "Autism diagnosis: needs predictability and routine", "Sensitive to noise, especially in the hall and dining room",
            "Finds unstructured times (playtime, wet play) difficult", "Takes language literally",
            "Finds it hard to understand how others are feeling", "Can become very anxious when plans change",
        ),
        "strategies": (
            "Use a visual timetable and show changes in advance", "Offer ear defenders in assembly and the hall",
            "Give a now-and-next board for less preferred tasks", "Let them leave a minute early to avoid busy corridors",
            "Use their special interest to motivate", "Use Social Stories to prepare for new events",
            "Give a quiet space to regulate", "Use clear, literal language",
        ),
        "avoid": (
            "Surprise changes to the day", "Touching without warning", "Idioms and sarcasm",
            "Loud, crowded spaces without an exit", "Insisting on eye contact",
        ),
        "communication": (
            "{name} may repeat phrases from films when anxious: this is a sign to reduce demands.",
            "Talks at length about favourite topics; a timer helps to share turns.",
            "Processes language best when it is short and literal: say what to do, not what not to do.",
        ),
        "voice": (
            "The hall is too loud. My ear defenders help.", "I like knowing what is happening next.",
            "I don't like it when people touch my things.", "I know everything about trains.",
        ),
        "targets": (
            "Use the now-and-next board to complete a less preferred task", "Cope with a change to the timetable using a Social Story",
            "Take turns in a structured game with one peer", "Ask an adult for a break using a card",
        ),
    },
    "HI": {
        "needs": ("Moderate hearing loss: wears two hearing aids", "Misses information in noisy rooms",
                  "Finds group work and carpet time hard to follow"),
        "strategies": ("Use the radio aid in every lesson", "Face the class when speaking; don't talk while writing on the board",
                       "Repeat other children's answers", "Check hearing aids are working each morning",
                       "Seat away from the door and noisy equipment"),
        "avoid": ("Talking with your back to the class", "Background music during teaching", "Covering your mouth when speaking"),
        "communication": ("{name} lip-reads a lot: make sure your face is lit and visible.",),
        "voice": ("I can't hear when everyone talks at once.", "I like sitting near the front."),
        "targets": ("Tell an adult when a hearing aid isn't working", "Follow a group discussion with the radio aid"),
    },
    "VI": {
        "needs": ("Visual impairment: needs enlarged print (N24)", "Finds copying from the board impossible",
                  "Tires quickly with close visual work"),
        "strategies": ("Provide all resources enlarged to N24", "Give a personal copy of anything on the board",
                       "Use a sloped board and good lighting", "Describe what is being shown"),
        "avoid": ("Glossy paper and glare", "Moving furniture without telling them", "Pale-coloured pens on the whiteboard"),
        "communication": ("Say {name}'s name before speaking to them, and say when you are leaving.",),
        "voice": ("The big writing helps me.", "I don't like it when the sun is on the board."),
        "targets": ("Use the magnifier independently to read a text", "Ask for an enlarged copy when needed"),
    },
    "PD": {
        "needs": ("Physical disability affecting mobility and fine motor skills", "Tires easily by the afternoon",
                  "Needs support with changing for PE"),
        "strategies": ("Use a writing slope and chunky pencil", "Allow typing for longer pieces of writing",
                       "Plan rest breaks", "Follow the physiotherapy programme daily",
                       "Give extra time to move between rooms"),
        "avoid": ("Rushing between lessons", "Long periods of handwriting", "Doing things for them that they can do themselves"),
        "communication": ("{name} will tell you what help is needed: ask first.",),
        "voice": ("I can do it myself if I get more time.", "My hand hurts after lots of writing."),
        "targets": ("Complete the daily physio routine with a TA", "Type a piece of writing of 100 words"),
    },
    "SLD": {
        "needs": ("Severe learning difficulties: working at an early developmental level",
                  "Needs adult support for most of the school day", "Communicates mainly with signs and symbols"),
        "strategies": ("Use Makaton signs alongside speech", "Use objects of reference for transitions",
                       "Follow a personalised sensory timetable", "Keep routines consistent across adults"),
        "avoid": ("Too many adults giving instructions", "Unfamiliar spaces without preparation"),
        "communication": ("{name} uses Makaton and a symbol book; 'finished' and 'help' are key signs.",),
        "voice": ("(Chose symbols) I like: music, swing, snack. I don't like: noisy.",),
        "targets": ("Use the 'help' sign to request support", "Make a choice between two objects"),
    },
    "OTH": {
        "needs": ("Medical condition (epilepsy) with a care plan", "Misses learning after absences for appointments",
                  "Can be very tired after a seizure"),
        "strategies": ("Follow the individual healthcare plan", "Provide catch-up packs after absences",
                       "Allow rest time when tired"),
        "avoid": ("Flashing lights on screens", "Pushing on when clearly exhausted"),
        "communication": ("{name} will say 'funny feeling' before a seizure: follow the care plan straight away.",),
        "voice": ("I don't like missing school.", "I like it when my friends tell me what I missed."),
        "targets": ("Catch up on missed phonics with a weekly booster", "Tell an adult when feeling unwell"),
    },
    "NSA": {
        "needs": ("Needs are being assessed: slow progress in reading and maths", "Attention is short in whole-class teaching",
                  "Finds it hard to organise belongings and start work"),
        "strategies": ("Use a task checklist", "Give movement breaks", "Seat near the teacher",
                       "Check understanding before independent work"),
        "avoid": ("Long carpet sessions", "Vague instructions"),
        "communication": ("{name} chats freely; check understanding by asking them to explain the task back.",),
        "voice": ("Sitting on the carpet is boring.", "I like it when I get to be a helper."),
        "targets": ("Start independent work within two minutes using a checklist", "Read 20 more tricky words"),
    },
}

REVIEW_OUTCOMES = (
    "Good progress towards two of three targets; one target carried forward.",
    "Targets met. New targets set with parents and the class teacher.",
    "Some progress; strategies working at home and school. Continue and review next term.",
    "Limited progress; SENCO to request an educational psychology assessment.",
)

WITH_WHOM = ("Mum", "Dad", "Mum and Dad", "Carer (grandmother)", "Foster carer", "Mum (with an interpreter)", "Dad and stepmum")
CONTACT_SUMMARIES = (
    "Talked through the ISP targets; parents pleased with progress in reading.",
    "Mum reports more worries at bedtime; agreed a home-school diary.",
    "Shared the pen portrait; Dad added the strategies that work at home.",
    "Discussed the intervention and the entry assessment; parents happy with the plan.",
    "Talked about friendships at playtime and how school is supporting them.",
    "Reviewed the sensory strategies; ear defenders are helping at home too.",
)
AGREED_ACTIONS = (
    "School to send home word cards weekly; parents to practise 5 minutes a day.",
    "SENCO to share the Zones of Regulation chart for home.",
    "Class teacher to email a weekly update on Fridays.",
    "Parents to let school know about changes at home that may cause worry.",
    "Review again at the next termly meeting.",
)

CONCERNS = (
    ("Struggling to follow instructions in class and often copies what others do.",
     "Three observations this fortnight; phonics assessment below expected.", "communication_interaction"),
    ("Seems withdrawn since half-term: sitting alone at playtime and tearful at drop-off.",
     "Noted on four days this week; Mum mentioned sleep difficulties.", "semh"),
    ("Handwriting is very hard to read and work is often unfinished.",
     "Writing samples from three lessons attached to the class file.", "sensory_physical"),
)
