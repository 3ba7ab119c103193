"""Deterministic generator of the intent training data, the held-out split and the common-word list.

Run `python -m tests.understanding.datagen` after editing templates; the outputs are committed data files (training
data in the runtime package, the generated held-out split beside this script).
"""
from __future__ import annotations

import csv
import json
import random
import re
from collections import Counter
from pathlib import Path

DATA = Path(__file__).parents[2] / "bot" / "understanding" / "data"  # training data, shipped
EVAL = Path(__file__).parent / "data"  # the generated held-out split and its roster, not shipped
TODAY = "2026-11-18"  # a Wednesday: held-out dates are resolved against it

TRAIN_FIRST = """Aaron Abdul Adam Adele Aiden Alexa Alfie Ali Alice Amara Amir Amy Anaya Anna Arjun Arlo Asha Ayaan Bella Bethany
Bilal Bobby Caleb Callum Carmen Cerys Charlie Chidi Cian Connor Daisy Dara Darius Declan Dylan Eden Elijah Elif Eliza Emeka
Emily Emma Erin Esme Ezra Fatima Felix Finley Florence Gabriel George Hamza Hannah Harper Hassan Henry Ibrahim Idris Imogen
Iris Ishaan Jacob Jade Jake Jasmine Jayden Jessica Joel Joseph Josh Jude Kacper Kayden Keira Kian Kofi Lara Layla Leah Lena
Lewis Liam Logan Lola Louie Luca Lucy Luke Mason Matilda Max Megan Mia Millie Mila Musa Nadia Nia Nico Nina Olivia Omar Orla
Owen Phoebe Rafael Rhys Riley Rory Rosie Sara Scarlett Sebastian Sienna Sofia Stanley Tariq Tegan Thomas Toby Tyler Violet
Wiktoria Xavier Yasmin Zac Zain Zainab""".split()
TRAIN_LAST = """Abbott Ahmed Akhtar Allen Anderson Appiah Armstrong Atkinson Bailey Banerjee Barker Barnes Bennett Bibi Bird Boateng
Brennan Brooks Burke Burns Butler Carter Chapman Chowdhury Coleman Cox Cunningham Dawson Dixon Edwards Ellis Farah Fisher
Fleming Foster Gallagher Gill Gordon Graham Gray Griffiths Hamilton Harris Hassan Hayes Hill Hoang Holmes Howard Hussain
Iqbal Jackson James Jenkins Johnson Kelly Kennedy Lee Lowe Malik Marshall Mason Matthews Miah Mills Mistry Moore Morris
Nguyen Obi Owen Palmer Parker Parry Pearson Phillips Powell Quinn Reid Reynolds Richards Robinson Rogers Russell Saunders
Shah Shaw Simpson Stewart Stevens Sullivan Tan Thomas Tucker Vaughan Walsh Watson Webb West Williams Wood Yildiz Young""".split()
PROGRAMMES = {
    "Precision Teaching": ["PT", "precision teaching", "pt", "Precision Teaching"],
    "Lego-based Therapy": ["lego therapy", "Lego club", "lego", "Lego-based therapy"],
    "ELSA": ["ELSA", "elsa", "emotional literacy support"],
    "Zones of Regulation": ["zones", "Zones of Regulation", "ZoR", "zones of reg"],
    "Toe by Toe": ["Toe by Toe", "toe by toe"],
    "Nessy": ["Nessy", "nessy"],
    "Talk Boost": ["Talk Boost", "talk boost"],
    "Colourful Semantics": ["colourful semantics", "Colourful Semantics"],
    "Social Stories": ["social stories", "a social story"],
    "Sensory Circuits": ["sensory circuits", "Sensory Circuits"],
    "Write from the Start": ["write from the start", "Write from the Start"],
    "Numicon": ["Numicon", "numicon"],
    "1stClass@Number": ["1stClass@Number", "first class at number"],
    "Fast Track Phonics": ["fast track phonics", "RWI fast track", "phonics catch-up", "fast track tutoring"],
    "Lexia": ["Lexia", "lexia"],
    "Attention Autism": ["attention autism", "bucket time"],
    "Speech and Language Programme": ["SALT", "salt", "speech therapy programme", "SaLT programme"],
    "Fine Motor Skills": ["funky fingers", "fine motor skills"],
    "Nurture Group": ["nurture group", "nurture"],
    "Switch-on Reading": ["switch-on reading", "Switch-on Reading"],
    "Drawing and Talking": ["drawing and talking", "Drawing and Talking"],
    "Socially Speaking": ["socially speaking", "Socially Speaking"],
    "Time to Talk": ["Time to Talk", "time to talk"],
    "Handwriting": ["handwriting group", "handwriting"],
}
MINS = ["10 mins", "15 mins", "15m", "20 minutes", "20min", "30 mins", "half an hour", "25 mins", "45 mins", "10 minutes", "an hour", "15 min", "5 mins"]
SCORES = ["7/10", "8/10", "5/10", "9/10", "10/10", "6 out of 10", "3/5", "12/20", "4/5", "18/20", "6/10"]
DAYS = ["today", "yesterday", "on Monday", "on tuesday", "this morning", "on Friday", "3rd Dec", "on 12 November", "", "", "", ""]
CONCERNS = [
    "reading", "spelling", "handwriting", "maths", "phonics", "behaviour", "speech", "listening", "focus in class",
    "friendships", "anxiety", "attendance", "hearing", "eyesight", "writing", "number work", "memory", "confidence",
    "pencil grip", "social skills", "outbursts", "sounds", "vocabulary", "comprehension",
]
PARENTS = ["mum", "dad", "mum", "parents", "carer", "nan", "grandad", "stepdad", "foster carer", "dad"]
WORD_FILLERS = ["will", "may", "hope", "grace", "mark"]  # used as words in training text so they look like words

TRAIN_TEMPLATES = {
    "record_session": [
        "did {prog} with {p} {mins}, {score}", "{prog} w/ {p} {mins} {score}", "{prog} with {p} and {p2} {mins}",
        "{p} {prog} {mins} {score}", "just finished {prog} with {p} - {score}", "{prog} session done {p} {p2} {p3} {mins}",
        "ran {prog} for {p} {day} {mins}", "log {prog} {p} {mins}", "{prog} {day} with {p}, {p2} absent",
        "{p} did {prog} {day}, scored {score}", "record session {prog} {p} {score}", "{prog} group: {p}, {p2}, {p3}. {mins}",
        "completed {prog} with {p}, went well, {score}", "{mins} {prog} {p}", "{p} and {p2} {prog} {mins} both engaged",
        "{prog} {p} {score} good progress", "had {prog} with {p} {day}, {mins}", "{prog} - {p} off sick, {p2} {score}",
        "delivered {prog} to {p} {mins}", "{p} {prog} session {day} {score} really focused", "{prog} done with {p} {mins} {score}",
        "finished {prog} {p} {score}", "{prog} with {p} {p2} absent", "{prog} today {p} {mins} {score} tired but tried hard",
        "session log: {prog}, {p}, {mins}, {score}", "{p} - {prog} - {mins} - {score}", "{prog} {mins} w {p}",
        "{prog} w/ {p} {score}", "took {p} for {prog} {day}", "{prog} for {p} {mins}, will continue next week",
        "did {prog} {day}", "{prog} session with the group {mins}", "pt w {p} {score}", "did {mins} of {prog} with {p}",
        "{p} had {prog} this morning {score}", "{prog} {p} {mins} {score} hope to move on next time",
        "read {prog} about {topic} with {p}", "did a {prog} on {topic} with {p} and {p2}", "{prog} with {p}, we worked on {topic}",
        "{prog} with {p} {day}, focus was {topic}", "{prog} {p} {mins} - practised {topic}, lovely session",
        "{prog} w {p} + {p2} {mins}, {p2} a bit unsettled but got there", "{prog} with {p} {mins}, talked about {topic}",
    ],
    "log_concern": [
        "worried about {p}'s {concern}", "concern about {p} {concern}", "i'm worried about {p}", "{p} struggling with {concern}",
        "can i log a concern about {p}", "{p} has been really {feeling} this week", "noticed {p} finding {concern} hard",
        "{p} can't {skill}", "concern re {p} - {concern}", "{p}'s {concern} is a worry", "raise a concern {p} {concern}",
        "{p} keeps {behaviour} in class", "{p} seems {feeling} lately", "want to flag {p}, {concern} not improving",
        "{p} {behaviour} again at lunch", "new concern for {p}: {concern}", "worried {p} may have {need}",
        "{p} is way behind with {concern}", "think {p} might need assessing for {need}", "{p} not coping with {concern}",
        "{p} very {feeling} today, {behaviour}", "flag {p} {concern}", "{p} finding it hard to {skill}",
        "{p} told me his dad hits him", "{p} has bruises on her arm", "{p} came in hungry again and in the same clothes",
        "{p} said she's scared to go home", "{p} talked about wanting to hurt herself", "{p} refusing to come into class",
        "concerned about {p}, really {feeling}", "{p} not making progress in {concern}", "{p} squinting at the board",
        "{p} covers his ears when it's noisy", "{p} struggles to hold a pencil", "{p} doesn't talk to anyone at play",
        "can i log something about {p}, {concern}", "log a concern for {p} please", "{concern} still a problem for {p}",
        "{p}: {concern} is a real problem", "need to record a concern for {p}", "hoping to improve {p}'s {concern}, worried",
        "we hope to see better {concern} from {p}, concerned", "{p} isn't progressing with {concern}",
        "{p} {incident} this morning", "{p} {incident} during {subject}", "{p} {incident}, had to be taken out",
        "{p} {incident} again, third time this week", "{p} {incident} at break and took ages to calm down", "{p} {difficulty}",
        "{p} still {difficulty}", "{p} {difficulty} even with lots of support", "{p} {difficulty}, not sure what else to try",
        "{p} seemed {feeling} after the weekend", "{p} was {feeling} all afternoon and wouldn't say why",
        "hope she's alright but {p} was {feeling} at drop off", "very little progress with {p}'s {concern} this half term",
        "not much progress for {p} in {concern} despite {prog}", "{p} on the behaviour chart again", "{p} ended up on red again",
        "{p} found {subject} really hard today, {incident}", "{p} {difficulty}, {parent} says it's the same at home",
        "{p} {incident} in {prog}", "just logging that {p} {incident}", "{p} {incident} when we changed the plan",
        "{p} in {subject}: {difficulty}", "{p}'s reading age is well below where it should be", "{p}'s spelling age is years behind",
        "{p}'s {concern} has gone backwards", "{p}'s {concern} has really dropped this term",
    ],
    "get_portrait": [
        "what works for {p}?", "tell me about {p}", "{p}'s pen portrait", "show me {p}'s profile", "strategies for {p}",
        "what helps {p}", "one page profile {p}", "how do i support {p}", "any tips for {p}", "{p} triggers?",
        "what should i avoid with {p}", "who is {p}", "pen portrait for {p} please", "what does {p} like",
        "info on {p}", "{p} profile", "what are {p}'s needs", "how does {p} communicate", "i've got {p} this afternoon, what works",
        "covering {p}'s class, anything i should know about {p}", "what are {p}'s strengths", "how best to help {p} settle",
        "what calms {p} down", "{p} strategies", "support plan for {p}?", "show {p}", "what's on {p}'s one page profile",
        "key info for {p}", "send me {p}'s portrait", "what are {p}'s interests", "what does {p} need",
        "how can i best help {p}", "how should i help {p} in lessons", "how to help {p} with work", "anything i should know about {p}?",
        "having {p} later, any advice", "advice for {p}", "{p} - what works?", "what strategies help {p} in class",
        "what's {p}'s {aspect}?", "what is {p}'s {aspect}", "can i see {p}'s {doc}", "can i see the {doc} for {p}",
        "can you pull up {p}", "can you pull up {p}'s {doc}", "pull up {p}'s {doc}", "quick summary of {p} pls",
        "summary for {p} please", "rundown on {p}", "what do we know about {p}", "background on {p}", "remind me about {p}",
        "what's the best way to {approach} {p}", "best way to {approach} {p}?", "how do i {approach} {p} when {p} is upset",
        "has {p} got {aspect}?", "does {p} have {aspect}", "what's in {p}'s {doc}",
    ],
    "log_parent_contact": [
        "spoke to {p}'s {parent} today about {concern}", "{parent} rang about {p}", "met {p}'s {parent}, agreed {agreed}",
        "phone call with {p}'s {parent}", "had a chat with {p}'s {parent} at pick up", "{p}'s {parent} came in {day}",
        "emailed {p}'s {parent} about {concern}", "parent meeting {p} {day}", "{parent} of {p} called, worried about {concern}",
        "spoke with {parent} re {p}", "log parent contact {p}", "{p} {parent} phoned {day}", "meeting with {p}'s {parent} went well",
        "talked to {p}'s {parent} at the gate about {concern}", "{p}'s {parent} says {concern} is hard at home",
        "structured conversation with {p}'s {parent}", "{parent} in for {p}'s review {day}", "rang {p}'s {parent} back",
        "caught {p}'s {parent} at drop off", "{p}'s {parent} emailed about homework", "parents evening chat with {p}'s {parent}",
        "called home re {p}", "{parent} meeting for {p}, agreed {agreed}", "spoke to {parent} about {p}'s {concern}",
        "told {p}'s {parent} about progress in {concern}", "{p}'s {parent} happy with progress",
        "left a voicemail for {p}'s {parent}", "left a message with {p}'s {parent}", "voicemail left for {parent} re {p}",
        "aunt picked {p} up, quick chat about {concern}", "{parent} collected {p} and we chatted about {concern}",
        "{parent} came in upset about {p}", "{parent} came in, said {p} has been {feeling} at home", "texted {p}'s {parent}",
        "sent a message home to {p}'s {parent} about {concern}", "grandma rang about {p}", "uncle brought {p} in, mentioned {concern}",
        "{parent} phoned in, {p} won't be in {day}", "{parent} popped in to see me about {p}", "no answer from {p}'s {parent}, will try again",
        "rang {parent} about the trip money - {p}", "called {parent} re dinner money for {p}", "emailed {parent} about {p}'s uniform",
    ],
    "upcoming": [
        "what's coming up", "what's coming up this week", "what's on tomorrow", "anything due?", "what have i got {fday}",
        "upcoming reviews", "what's due this week", "any reviews coming up", "what's next", "what's on {fday}",
        "whats happening this week", "my week", "what sessions have i got {fday}", "any parent meetings coming up?",
        "reminders", "what's planned for {fday}", "show upcoming", "what's on this week", "what do i need to do {fday}",
        "deadlines this week", "what reviews are due", "next week's schedule", "agenda for {fday}", "anything on {fday}?",
        "upcoming sessions for {p}", "when is {p}'s next review", "what's due for {p}", "which portraits need reviewing",
        "is {prog} on {fday}", "what's left to do this week", "todo", "what's outstanding",
        "anything overdue?", "which {plans} are overdue", "any {plans} due for review", "{plans} due this half term",
        "are any {plans} overdue", "what {plans} need updating", "when are {plans} due",
    ],
    "help": [
        "help", "help!", "?", "what can you do", "how do i use this", "commands", "menu", "hi", "hello", "help me",
        "how does this work", "what can i ask you", "instructions", "how do i log a session", "how do i record a concern",
        "what do you do", "options", "start", "how to use sendbot", "i'm new, how does this work", "help please", "what commands are there",
        "hey", "how do i add a pupil", "guide", "can you help", "hiya", "how do i", "what can sendbot do", "tutorial",
        "help?", "HELP", "Help", "how does the bot work", "what are you for", "show me what you can do", "what can i say",
        "how do i log parent contact", "how do i see a pen portrait", "how do i get reminders", "stuck, help", "what is this bot",
        "explain how this works", "how can you help me", "can you show me how to use this", "what should i type", "user guide",
    ],
    "unknown": [
        "thanks", "ok", "cheers", "lol", "👍", "asdfgh", "the weather is nice", "what's for lunch", "who won the match",
        "is the photocopier fixed", "can someone cover my duty", "where are the glue sticks", "staff meeting moved?", "ta",
        "good morning everyone", "fire drill at 2", "test", "brb", "coffee anyone", "great thanks", "sorry wrong chat", "k",
        "parking is a nightmare today", "anyone seen my lanyard", "will check later", "i hope so", "may do",
        "nice one", "haha", "no worries", "what time is assembly", "is it non uniform friday", "laminator is broken",
        "grace period for reports ends friday", "i will mark the books tonight", "we hope to finish early", "hmm", "...",
        "thank you", "thank you!", "thanks so much", "see you tomorrow", "see you all later", "bye", "have a good weekend",
        "who's on duty today", "is the minibus booked", "happy friday", "can i borrow the ipads", "merry christmas",
        "can someone open the hall", "reply all sorry", "out of office", "the wifi is down", "who's got the key to the cupboard",
        "ok thanks", "great", "sounds good", "will do", "noted", "yes", "no", "maybe", "lunch is at 12", "the kettle's broken",
        "we hope everyone has a lovely break", "may i remind everyone about the staff do", "mark your calendars for sports day",
    ],
}
FEELINGS = ["upset", "withdrawn", "anxious", "tearful", "angry", "quiet", "tired", "unsettled", "distracted", "low"]
SKILLS = ["blend sounds", "hold a pencil", "follow instructions", "sit still", "remember number bonds", "read cvc words", "see the board", "hear instructions"]
BEHAVIOURS = ["hitting out", "running off", "shouting out", "crying", "refusing to work", "hiding under the table", "throwing things", "having meltdowns"]
NEEDS = ["dyslexia", "ADHD", "autism", "a hearing problem", "dyspraxia", "speech delay", "glasses"]
AGREED = ["a reading plan", "to try a reward chart", "home reading", "a review in 6 weeks", "to share strategies", "a sensory plan"]
FDAYS = ["tomorrow", "on friday", "monday", "next week", "today", "this week", "thursday", "on the 3rd"]
EXTRA_UPCOMING = ["what's on this week {w}", "anything coming up {w}"]
# Slots filled only in training text (the held-out split's draws stay as they were).
INCIDENTS = [
    "had a panic attack", "walked out of the lesson", "swore at a member of staff", "ran out of the classroom", "kicked off in the line",
    "lost his temper", "threw a chair", "was sent out", "ripped up her work", "had a meltdown in assembly", "hid under the desk",
    "refused to come in from the playground", "screamed at her friend", "broke down in tears", "slammed the door",
    "got into a fight at lunch", "was really rude to the TA", "shut down completely", "wouldn't go into the hall", "snapped at everyone",
]
DIFFICULTIES = [
    "forgets the steps", "can't retain new vocabulary", "mixes up b and d", "can't recall number facts", "struggles to copy from the board",
    "loses track of instructions", "can't remember the sounds", "doesn't understand what he reads", "finds fractions really hard",
    "can't organise his ideas", "writes very slowly", "can't focus for more than a few minutes", "avoids eye contact",
    "doesn't respond when spoken to", "takes things very literally", "covers her ears in the hall", "can't hear from the back",
    "bumps into things", "chews everything", "struggles with buttons and zips", "can't put a sentence together", "won't speak to adults",
]
SUBJECTS = ["maths", "phonics", "PE", "assembly", "guided reading", "science", "the lunch hall", "golden time", "art", "the line"]
ASPECTS = ["primary need", "reading age", "diagnosis", "SEN status", "main need", "an EHCP", "a one page profile", "medical needs", "targets"]
DOCS = ["pupil passport", "one page profile", "support plan", "EHCP", "SEN support plan", "pupil profile", "IEP", "passport"]
APPROACHES = ["calm", "settle", "motivate", "approach", "support", "talk to", "deal with", "help"]
PLANS = ["support plans", "IEPs", "EHCP reviews", "annual reviews", "one page profiles", "pupil passports", "SEN support plans", "provision maps"]
TOPICS = ["turn taking", "sharing", "feelings", "personal space", "waiting", "what to do when angry", "fire drills", "lining up", "friendships"]
EXTRA_SLOTS = {"incident": INCIDENTS, "difficulty": DIFFICULTIES, "subject": SUBJECTS, "aspect": ASPECTS, "doc": DOCS,
               "approach": APPROACHES, "plans": PLANS, "topic": TOPICS}


def _extra(template: str, rng: random.Random) -> str:
    """Fill the training-only slots, leaving the shared ones to _fill."""
    for slot, options in EXTRA_SLOTS.items():
        while "{" + slot + "}" in template:
            template = template.replace("{" + slot + "}", rng.choice(options), 1)
    return template

HELDOUT_TEMPLATES = {
    "record_session": [
        ("{prog} with {p} this morning, {mins}, {score}", {}), ("quick {prog} w/ {p} {mins} {score}", {}),
        ("{p} and {p2} - {prog} - {mins}", {}), ("{prog} session for {p} {day}, {score}", {}),
        ("{prog} done: {p}, {p2}. {mins}. {score}", {}), ("had {p} for {prog} {mins}, {score} good effort", {}),
        ("{p} {prog} {score}", {}), ("{mins} of {prog} with {p} {day}", {}),
    ],
    "log_concern": [
        ("really worried about {p}, {concern} is slipping", {}), ("{p} is struggling a lot with {concern}", {}),
        ("concern: {p} seems very {feeling}", {}), ("can we log something for {p}? {concern} still a problem", {}),
        ("noticed {p} {behaviour} during maths", {}), ("i think {p} may need a referral for {need}", {}),
        ("{p} can't {skill} yet", {}), ("flagging {p} - {feeling} and not joining in", {}),
    ],
    "get_portrait": [
        ("what strategies work with {p}?", {}), ("can you show me {p}'s one page profile", {}),
        ("got {p} after lunch - anything i should know?", {}), ("how can i help {p} in class", {}),
        ("what are the triggers for {p}", {}), ("pen portrait {p}", {}), ("tips for working with {p}?", {}),
    ],
    "log_parent_contact": [
        ("had a phone call with {p}'s {parent} about {concern}", {}), ("{p}'s {parent} popped in after school to chat", {}),
        ("met with {parent} about {p} {day}, agreed {agreed}", {}), ("{parent} emailed re {p}'s {concern}", {}),
        ("spoke to {p}'s {parent} on the phone {day}", {}), ("chat with {p}'s {parent} at pickup, {parent} worried about {concern}", {}),
    ],
    "upcoming": [
        ("anything coming up for me {fday}?", {}), ("what's due {fday}", {}), ("do i have anything {fday}", {}),
        ("what's scheduled {fday}", {}), ("any reviews due soon?", {}), ("what is on my list this week", {}),
    ],
    "help": [("help me please", {}), ("what can i do with this bot", {}), ("how does sendbot work?", {}), ("HELP", {}), ("how do i use you", {})],
    "unknown": [
        ("can anyone lend me a stapler", {}), ("thank you!", {}), ("the printer is jammed again", {}), ("see you all tomorrow", {}),
        ("we hope the trip goes ahead", {}), ("i will mark them tonight", {}), ("who has the hall key", {}), ("🙂🙂", {}),
    ],
}

# Hand-written held-out cases with gold slots (pupils by UPN in the eval roster).
HAND = [
    {"text": "did PT with sam p 15 mins, 7/10", "intent": "record_session", "pupils": ["E900000000001"], "programme": "Precision Teaching", "duration_minutes": 15, "score": "7/10"},
    {"text": "worried about sam", "intent": "log_concern", "candidates": ["E900000000001", "E900000000002"]},
    {"text": "Jamie in 4K was really upset today", "intent": "log_concern", "pupils": ["E900000000033"]},
    {"text": "jamie 4b lexia 20 mins", "intent": "record_session", "pupils": ["E900000000034"]},
    {"text": "what works for jamie?", "intent": "get_portrait", "candidates": ["E900000000033", "E900000000034"]},
    {"text": "I will check with Grace's mum tomorrow", "intent": "log_parent_contact", "pupils": ["E900000000006"]},
    {"text": "we hope to see improvement in Leo's reading", "intent": "log_concern", "pupils": ["E900000000005"]},
    {"text": "Rose rose to the challenge in maths, PT 10 mins 9/10", "intent": "record_session", "pupils": ["E900000000009"]},
    {"text": "may need to look at May's spelling", "intent": "log_concern", "pupils": ["E900000000010"]},
    {"text": "can you mark his work, Mark Osei needs feedback", "intent": "unknown", "pupils": ["E900000000043"], "skip_intent": True},
    {"text": "lego therapy with Sam, Jack & Leo", "intent": "record_session", "candidates": ["E900000000001", "E900000000002", "E900000000003", "E900000000004"], "pupils": ["E900000000005"]},
    {"text": "zoe martin talk boost 15 mins", "intent": "record_session", "pupils": ["E900000000014"]},
    {"text": "Zoë seemed anxious at lunch", "intent": "log_concern", "pupils": ["E900000000014"]},
    {"text": "what works for Mohammed?", "intent": "get_portrait", "pupils": ["E900000000020"]},
    {"text": "spoke to Mia's mum today about homework", "intent": "log_parent_contact", "pupils": []},
    {"text": "Sian Evans nessy 20 mins", "intent": "record_session", "pupils": ["E900000000016"]},
    {"text": "sean murphy is really struggling with phonics", "intent": "log_concern", "pupils": ["E900000000017"]},
    {"text": "Niamh O'Connor's mum rang", "intent": "log_parent_contact", "pupils": ["E900000000018"]},
    {"text": "dan obrien pen portrait", "intent": "get_portrait", "pupils": ["E900000000046"]},
    {"text": "Ellie-May had ELSA today", "intent": "record_session", "pupils": ["E900000000044"]},
    {"text": "Ben Smith-Jones refusing to work again", "intent": "log_concern", "pupils": ["E900000000045"]},
    {"text": "hattie green numicon 15m", "intent": "record_session", "pupils": ["E900000000047"]},
    {"text": "Noah Green and Hattie Green did funky fingers 20 mins", "intent": "record_session", "pupils": ["E900000000031", "E900000000047"]},
    {"text": "Green's handwriting is poor", "intent": "log_concern", "candidates": ["E900000000031", "E900000000047"]},
    {"text": "PT w/ Archie 15m 7/10, Jack B absent", "intent": "record_session", "pupils": ["E900000000050", "E900000000003"]},
    {"text": "Sophie P zones 10 mins", "intent": "record_session", "pupils": ["E900000000055"]},
    {"text": "sophie seems tired all the time", "intent": "log_concern", "candidates": ["E900000000054", "E900000000055"]},
    {"text": "Isaac told me his dad hits him", "intent": "log_concern", "pupils": ["E900000000058"], "safeguarding": True},
    {"text": "Ruby has bruises on her back and won't say how", "intent": "log_concern", "pupils": ["E900000000042"], "safeguarding": True},
    {"text": "Kai hurt his knee in PE, first aid given", "intent": "log_concern", "pupils": ["E900000000027"], "safeguarding": False},
    {"text": "what's coming up this week", "intent": "upcoming", "date": None},
    {"text": "what's on tomorrow", "intent": "upcoming", "date": "2026-11-19"},
    {"text": "what have I got on Friday?", "intent": "upcoming", "date": "2026-11-20"},
    {"text": "lexia with Yusuf on Monday 20 mins", "intent": "record_session", "pupils": ["E900000000041"], "date": "2026-11-16"},
    {"text": "help", "intent": "help"},
    {"text": "Summer's reading has dropped off", "intent": "log_concern", "pupils": ["E900000000011"]},
    {"text": "summer term review for Joy", "intent": "upcoming", "pupils": ["E900000000013"], "skip_intent": True},
    {"text": "Faith and Hope did lego club, 30 mins", "intent": "record_session", "pupils": ["E900000000012", "E900000000008"]},
    {"text": "will hughes salt 15 mins 4/5", "intent": "record_session", "pupils": ["E900000000007"]},
    {"text": "Will is finding it hard to sit still", "intent": "log_concern", "pupils": ["E900000000007"]},
    {"text": "tomasz kowalsky colourful semantics 20 mins", "intent": "record_session", "pupils": ["E900000000040"]},
    {"text": "Priya's dad came in about her hearing", "intent": "log_parent_contact", "pupils": ["E900000000039"]},
    {"text": "who is Xander?", "intent": "get_portrait", "pupils": []},
    {"text": "Chloe Dubois seems very withdrawn", "intent": "log_concern", "pupils": ["E900000000015"]},
    {"text": "aoife and evie sensory circuits 15 mins", "intent": "record_session", "pupils": ["E900000000019", "E900000000049"]},
    {"text": "Ada Nwosu attention autism bucket time 20 mins", "intent": "record_session", "pupils": ["E900000000059"]},
    {"text": "Lily off sick so no drawing and talking today", "intent": "record_session", "pupils": ["E900000000035"], "skip_intent": True},
    {"text": "jack wilson's mum rang, worried about his anger", "intent": "log_parent_contact", "pupils": ["E900000000004"]},
    {"text": "Jack is hitting out at lunchtimes", "intent": "log_concern", "candidates": ["E900000000003", "E900000000004"]},
]


def _roster(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _train_roster(rng: random.Random) -> list[dict]:
    rows = []
    for i, first in enumerate(TRAIN_FIRST):
        rows.append({"upn": f"T{800000000000 + i}", "first_name": first, "preferred_name": "", "last_name": rng.choice(TRAIN_LAST),
                     "year_group": str(rng.randint(1, 6)), "class": "", "sen_status": "K", "primary_need": "", "date_of_birth": ""})
    return rows


def _fill(template: str, rng: random.Random, names: list[str]) -> str:
    people = rng.sample(names, 3)
    values = {
        "p": people[0], "p2": people[1], "p3": people[2], "prog": rng.choice(rng.choice(list(PROGRAMMES.values()))),
        "mins": rng.choice(MINS), "score": rng.choice(SCORES), "day": rng.choice(DAYS), "concern": rng.choice(CONCERNS),
        "parent": rng.choice(PARENTS), "feeling": rng.choice(FEELINGS), "skill": rng.choice(SKILLS),
        "behaviour": rng.choice(BEHAVIOURS), "need": rng.choice(NEEDS), "agreed": rng.choice(AGREED), "fday": rng.choice(FDAYS),
        "w": rng.choice(["", "please", "for me"]),
    }
    return re.sub(r"\s+", " ", template.format(**values)).strip()


def _phone(text: str, rng: random.Random) -> str:
    """Phone-typing noise: lowercase, dropped apostrophes, a dropped letter."""
    r = rng.random()
    if r < 0.45:
        text = text.lower()
    if rng.random() < 0.3:
        text = text.replace("'", "")
    if rng.random() < 0.1 and len(text) > 8:
        i = rng.randrange(1, len(text) - 1)
        if text[i].isalpha() and text[i - 1].isalpha():
            text = text[:i] + text[i + 1 :]
    return text


def training_examples() -> list[dict]:
    """Several hundred examples per intent, deterministic."""
    rng = random.Random(1729)
    names = [r["first_name"] for r in _train_roster(random.Random(7))]
    names += [f"{n} {rng.choice(TRAIN_LAST)}" for n in names[:40]] + [f"{n} {rng.choice(TRAIN_LAST)[0]}" for n in names[40:70]]
    out, seen = [], set()
    for intent, templates in TRAIN_TEMPLATES.items():
        target = 520 if intent not in ("help", "unknown") else 260
        tries = 0
        count = 0
        while count < target and tries < target * 20:
            tries += 1
            text = _phone(_fill(_extra(rng.choice(templates), rng), rng, names), rng)
            if text.lower() in seen:
                continue
            seen.add(text.lower())
            out.append({"text": text, "intent": intent})
            count += 1
    return out


def _refer(pupil: dict, roster: list[dict], rng: random.Random) -> tuple[str, list[str], list[str]]:
    """A way to mention a pupil, with the gold pupils/candidates that mention implies."""
    given = pupil["preferred_name"] or pupil["first_name"]
    same = [r for r in roster if given.lower() in {r["first_name"].lower(), r["preferred_name"].lower()}]
    style = rng.choice(["first", "first", "first", "full", "initial", "class"])
    if style == "full":
        return f"{given} {pupil['last_name']}", [pupil["upn"]], []
    if style == "initial":
        fits = [r for r in same if r["last_name"][0] == pupil["last_name"][0]]
        return (f"{given} {pupil['last_name'][0]}", *(([pupil["upn"]], []) if len(fits) == 1 else ([], [r["upn"] for r in fits])))
    if style == "class" and pupil["class"]:
        fits = [r for r in same if r["class"] == pupil["class"]]
        return (f"{given} in {pupil['class']}", *(([pupil["upn"]], []) if len(fits) == 1 else ([], [r["upn"] for r in fits])))
    if len(same) == 1:
        return given, [pupil["upn"]], []
    return given, [], sorted(r["upn"] for r in same)


def heldout_examples() -> list[dict]:
    """Held-out cases from separate templates over the eval roster, plus hand-written ones."""
    rng = random.Random(4242)
    roster = _roster(EVAL / "generated_roster.csv")
    out = []
    for intent, templates in HELDOUT_TEMPLATES.items():
        for n in range(60 if intent not in ("help", "unknown") else 24):
            template, _ = templates[n % len(templates)]
            chosen = rng.sample(roster, 3)
            pupils, candidates, names = [], [], []
            for slot, pupil in zip(("{p}", "{p2}", "{p3}"), chosen):
                if slot in template:
                    surface, p, c = _refer(pupil, roster, rng)
                    names.append(surface)
                    pupils += p
                    candidates += c
            names += ["", "", ""]
            text = _fill(template.replace("{p}", "\0").replace("{p2}", "\1").replace("{p3}", "\2"), rng, ["x", "y", "z"])
            text = text.replace("\0", names[0]).replace("\1", names[1]).replace("\2", names[2])
            if rng.random() < 0.4:
                text = text.lower()
            out.append({"text": text, "intent": intent, "pupils": sorted(set(pupils)), "candidates": sorted(set(candidates) - set(pupils))})
    for case in HAND:
        out.append({"pupils": [], "candidates": [], **case})
    return out


def common_words(examples: list[dict]) -> list[str]:
    """Words in the fixed template text: never pupil names."""
    names = {n.lower() for n in TRAIN_FIRST + TRAIN_LAST}
    text = " ".join(t for ts in TRAIN_TEMPLATES.values() for t in ts)
    text += " " + " ".join(CONCERNS + FEELINGS + SKILLS + BEHAVIOURS + NEEDS + AGREED + PARENTS + MINS)
    text += " " + " ".join(w for options in EXTRA_SLOTS.values() for w in options)
    text += " " + (DATA / "extra_words.txt").read_text(encoding="utf-8")
    words = Counter(w for w in re.findall(r"[a-z]+", re.sub(r"\{\w+\}", " ", text.lower())) if len(w) > 1)
    return sorted(w for w in words if w not in names)


def main() -> None:
    """Write intents.jsonl, train_roster.csv and words.txt, and the generated held-out split."""
    train = training_examples()
    with (DATA / "intents.jsonl").open("w", encoding="utf-8") as f:
        f.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in train)
    with (EVAL / "generated_heldout.jsonl").open("w", encoding="utf-8") as f:
        f.writelines(json.dumps({"today": TODAY, **e}, ensure_ascii=False) + "\n" for e in heldout_examples())
    rows = _train_roster(random.Random(7))
    with (DATA / "train_roster.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    (DATA / "words.txt").write_text("\n".join(common_words(train)) + "\n", encoding="utf-8")
    print(f"{len(train)} training examples, {Counter(e['intent'] for e in train)}")


if __name__ == "__main__":
    main()
