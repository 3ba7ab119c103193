"""Fictional names for the demo school: a mix a UK classroom has. No real public figures."""
from __future__ import annotations

# (legal first name, preferred name or None)
FIRST_NAMES: tuple[tuple[str, str | None], ...] = (
    ("Amara", None), ("Oliver", None), ("Zoë", None), ("Grace", None), ("William", "Will"), ("Aarav", None),
    ("Fatima", None), ("Noah", None), ("Isla", None), ("Yusuf", None), ("Maja", None), ("Kai", None),
    ("Niamh", None), ("Theo", None), ("Aisha", None), ("Oskar", None), ("Chloé", None), ("Reuben", None),
    ("Hannah", None), ("Ibrahim", None), ("Ruby", None), ("Leo", None), ("Priyanka", "Priya"), ("Jude", None),
    ("Mia", None), ("Eilidh", None), ("Kofi", None), ("Sofia", None), ("Arjun", None), ("Layla", None),
    ("Finley", None), ("Ayşe", None), ("Hugo", None), ("Esme", None), ("Tobiasz", "Tobi"), ("Poppy", None),
    ("Elijah", None), ("Anaya", None), ("Rory", None), ("Maryam", None), ("Alfie", None), ("Siân", None),
    ("Oluwaseun", "Seun"), ("Freya", None), ("Dominik", None), ("Zara", None), ("Harvey", None), ("Imani", None),
    ("Rhys", None), ("Hafsa", None), ("Ezra", None), ("Nia", None), ("Alexandra", "Alex"), ("Musa", None),
    ("Evie", None), ("Jakub", None), ("Lottie", None), ("Tariq", None), ("Willow", None), ("Caleb", None),
    ("Ines", None), ("Joshua", "Josh"), ("Amelia", None), ("Ravi", None), ("Darcey", None), ("Adebayo", "Ade"),
    ("Florence", "Flo"), ("Luca", None), ("Roksana", None), ("Stanley", None), ("Ananya", None), ("Ellis", None),
    ("Hope", None), ("Mateo", None), ("Aoife", None), ("Bilal", None), ("Matilda", "Tilly"), ("Zain", None),
    ("Orla", None), ("Emmanuel", "Manny"), ("Iris", None), ("Krish", None), ("Elsie", None), ("Joaquín", None),
    ("Safiya", None), ("Arthur", None), ("Renée", None), ("Dawit", None), ("Lily-Mae", None), ("Callum", None),
    ("Nadia", None), ("Ollie", None), ("Jasmine", None), ("Kacper", None), ("Efua", None), ("Ronan", None),
    ("Ivy", None), ("Hamza", None), ("Seren", None), ("Eddie", None), ("Tomasina", "Tommie"), ("Idris", None),
)

LAST_NAMES: tuple[str, ...] = (
    "Okafor", "Kowalczyk", "Patel", "Hughes", "Rahman", "O'Brien", "Mensah", "Fletcher", "Nguyen", "Da Silva",
    "Ahmed", "Griffiths", "Popescu", "Kaur", "Walsh", "Adeyemi", "Yilmaz", "Pearson", "Chen", "Kamara",
    "Byrne", "Hassan", "Lloyd", "Wiśniewska", "Turner", "Abdi", "Marsh", "Singh", "Doherty", "Costa",
    "Islam", "Harding", "Boateng", "Ionescu", "Shaw", "Mohamud", "Evans", "Novák", "Lowe", "Achterberg",
    "Bangura", "Price", "Demir", "Whitaker", "Rossi", "Ali", "Carr", "Owusu", "Kaczmarek", "Brennan",
    "Joshi", "Morgan", "Ferreira", "Haddad", "Pritchett", "Osagie", "Lindqvist", "Hale", "Begum", "Thorne",
)

# Pinned pupils, so the README can name them whatever the seed: two Sams in different classes,
# an accented name and names that are also words.
PINNED: tuple[tuple[str, str | None, str, str], ...] = (
    # (first name, preferred, last name, class)
    ("Sam", None, "Okafor", "2L"),
    ("Samira", "Sam", "Rahman", "5D"),
    ("Zoë", None, "Kowalczyk", "4K"),
    ("Grace", None, "Adeyemi", "1H"),
    ("William", "Will", "Fletcher", "3N"),
)

# Combinations that would name a well-known person; the generator redraws if it meets one.
AVOID: frozenset[str] = frozenset({
    "will smith", "william smith", "grace jones", "zara larsson", "ed sheeran", "sam smith", "sam fender",
    "emma watson", "harry kane", "harry styles", "tom holland", "lily allen", "mo farah", "musa ali",
    "ali khan", "amir khan", "rory mcilroy", "hope solo", "ruby rose", "ivy park", "zain malik",
    "jude law", "jude bellingham", "freya ridings", "callum turner", "evie morgan", "nadia hussain",
    "stanley tucci", "arthur shelby", "leo varadkar", "rhys ifans", "iris law", "joshua kimmich",
})
