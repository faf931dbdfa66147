"""How a request is put together in English: its sentences, its clauses, and the state it asks for.

People ask a phone for things the way they talk: a reason first ("Bright white screens
hurt my eyes at night."), a condition that is not part of the request ("When I travel,
don't ..."), two requests joined by "and", a constraint beside the request ("Wi-Fi should
stay off; just turn on Bluetooth"), an undo ("I switched airplane mode on by mistake. Undo
that"). What is here is English grammar (closed word classes: pronouns, determiners,
subordinating conjunctions, negators), not the words of any app or any one request, so a
planner can find the requests in a sentence it has never seen and tell whether each wants
something on or off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lexicon.synonyms import NEGATIONS
from lexicon.text import FILLER_WORDS, words

__all__ = [
    "FUNCTION_WORDS",
    "QUOTED",
    "TITLES",
    "Clause",
    "clauses",
    "extreme",
    "instructions",
    "refers_back",
    "sentences",
    "wanted_state",
    "without_conditions",
]

FUNCTION_WORDS = frozenset(
    [
        # pronouns, possessives and determiners
        *("i", "me", "my", "mine", "myself", "we", "us", "our", "you", "your", "he", "him"),
        *("his", "she", "her", "it", "its", "own", "they", "them", "their", "this", "that"),
        *("these", "those", "a", "an", "the", "some", "any", "each", "every", "all", "both"),
        *("either", "neither", "no", "another", "other", "such", "one", "ones"),
        # prepositions and particles
        *("about", "above", "across", "after", "against", "along", "among", "around", "as"),
        *("at", "before", "behind", "below", "beside", "between", "by", "down", "during"),
        *("for", "from", "in", "inside", "into", "like", "near", "of", "off", "on", "onto"),
        *("out", "outside", "over", "through", "to", "toward", "towards", "under", "until"),
        *("up", "upon", "with", "within", "without", "via"),
        # conjunctions and question words
        *("and", "or", "but", "nor", "so", "yet", "if", "because", "while", "when", "whenever"),
        *("where", "what", "whatever", "which", "who", "whom", "whose", "why", "how", "than"),
        # auxiliaries and copulas
        *("is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did"),
        *("have", "has", "had", "will", "would", "shall", "should", "can", "could", "may"),
        *("might", "must", "goes", "gets", "get", "please", "just", "now", "again", "also"),
    ]
)
"""English function words: the closed classes (pronouns, determiners, prepositions,
conjunctions, question words, auxiliaries) that hold a sentence together and name nothing
on a screen; with "please", "just", "now", "again"."""

QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]")
"""Words between a pair of quotes, as English and European text write them: a value given
as written (a title, a name), not words of the request."""

_SUBJECTS = frozenset(
    [
        "i",
        "i'm",
        "im",
        "i've",
        "ive",
        "i'll",
        "ill",
        "i'd",
        "id",
        "my",
        "mine",
        "we",
        "we're",
        "our",
        "you",
        "your",
        "he",
        "he's",
        "his",
        "she",
        "she's",
        "her",
        "it",
        "it's",
        "its",
        "they",
        "they're",
        "their",
        "this",
        "that",
        "these",
        "those",
        "there",
        "someone",
        "somebody",
        "everyone",
        "everybody",
        "nobody",
        "people",
    ]
)
"""Closed-class words a statement starts with (a subject), where a request starts with its
verb: "My car shows ..." tells, "Make it show ..." asks."""
_WISHES = re.compile(r"^(?:i\s+(?:want|need|would like|'d like)|i'd\s+like|i\s+wish)\b", re.I)
"""A statement that is a request all the same: "I want videos to go landscape"."""
_SUBORDINATE = re.compile(
    r"\b(?:when|whenever|while|if|once|before|after|until|because|since|as soon as)\b"
)
"""Subordinating conjunctions: what follows is a condition or a reason, not the request."""
TITLES = ("Dr", "Mr", "Mrs", "Ms", "St", "Mt", "Prof", "Jr", "Sr")
"""Abbreviations written with a full stop inside a sentence ("the interview with Dr. Alvarez")."""
_SENTENCE = re.compile(
    r"(?<=[.!?])" + "".join(rf"(?<!\b{title}\.)" for title in TITLES) + r"\s+(?=[A-Z\"“‘'])"
    r"|\s*[;:]\s+"
)
"""A sentence ends at . ! ? before a capital; a semicolon or colon parts requests too."""
_AND = re.compile(r",?\s+(?:and then|and|then)\s+(?=[a-z])|,\s+then\s+")
"""Requests joined by "and" / "then": the next word lower case (not "Dana and Ryan")."""
_NOT_A_VERB = frozenset(
    [
        "the",
        "a",
        "an",
        "that",
        "this",
        "those",
        "these",
        "her",
        "his",
        "their",
        "my",
        "your",
        "its",
        "both",
        "all",
    ]
)
"""After "and", these start a noun phrase ("... and the timer"), not a second request."""
_UNDO = frozenset({"undo", "revert", "reverse", "restore"})
"""Words that ask for the state before a change the request tells of."""
_OFF = frozenset({"off", "stop", "disable", "deactivate", "disabled", "without"}) | NEGATIONS
"""Words that want something not to happen; `words` spells "don't" as "dont"."""
_ON = frozenset({"on", "enable", "activate", "enabled", "start"})
_HOLD = frozenset({"lock", "fix", "freeze", "hold"})
_AUTOMATIC = ("auto", "adaptive")
"""Holding a thing still ("lock the orientation", "fix the time zone") stops what would
change it on its own: the switch of an automatic behaviour ("Auto-rotate") goes off."""
_BACK_REFERENCES = frozenset({"it", "that", "this", "them", "those", "these", "one", "so"})
"""Pronouns whose meaning is in what was said before ("switch it off", "undo that")."""
_LEAST = frozenset(
    [
        "least",
        "lowest",
        "minimum",
        "min",
        "smallest",
        "fewest",
        "shortest",
        "soonest",
        "earliest",
        "quickest",
        "briefest",
    ]
)
_MOST = frozenset(
    [
        "most",
        "highest",
        "maximum",
        "max",
        "largest",
        "biggest",
        "greatest",
        "longest",
        "latest",
        "best",
        "top",
        "fullest",
    ]
)
"""Superlatives: the first or the last of an ordered set of options (Android lists a
setting's options in order: durations from short to long, quality from low to high)."""


@dataclass(frozen=True)
class Clause:
    """One request of a sentence, with the context it came with."""

    text: str
    """The request as written ("put the phone in dark theme")."""
    context: str
    """The whole request it belongs to, for what the clause leaves implicit ("it", "that")."""


def instructions(text: str) -> list[str]:
    """The sentences of `text` that ask for something, in order; every sentence when none
    starts like a request (all of them tell a story, and the story is the request)."""
    sentences = [s.strip(" .!?") for s in _SENTENCE.split(" ".join(text.split())) if s.strip()]
    asked = [s for s in sentences if _asks(s)]
    return asked or sentences


def _asks(sentence: str) -> bool:
    first = sentence.split()[0].lower().strip(",\"“'") if sentence.split() else ""
    if _WISHES.match(sentence):
        return True
    return first not in _SUBJECTS and not _SUBORDINATE.fullmatch(first)


def clauses(text: str) -> list[Clause]:
    """The requests of `text`, each a clause: its asking sentences, split where "and" or
    "then" joins two verb phrases, conditions ("when I travel,") dropped."""
    context = " ".join(text.split())
    found: list[Clause] = []
    for sentence in instructions(text):
        main = _main(sentence)
        for part in _AND.split(main):
            part = part.strip(" ,")
            first = part.split()[0].lower() if part.split() else ""
            if found and (first in _NOT_A_VERB or len(part.split()) < 2):
                # "... and the timer": one request's objects, not a second request.
                previous = found.pop()
                part = f"{previous.text} and {part}"
            if part:
                found.append(Clause(part, context))
    return found or [Clause(context, context)]


def sentences(text: str) -> list[str]:
    """The sentences of `text` (a semicolon or colon ends one too; "Dr." does not)."""
    return [s.strip() for s in _SENTENCE.split(" ".join(text.split())) if s.strip()]


def without_conditions(text: str) -> str:
    """`text` with each sentence's leading condition dropped: "When I stop touching the
    phone, have the screen switch off" asks about the screen only. A trailing condition
    stays: it may name what is asked about ("pause the app when it goes unused")."""
    return " ".join(_unconditioned(s) for s in sentences(text))


def _unconditioned(sentence: str) -> str:
    leading = re.match(rf"^\s*{_SUBORDINATE.pattern}[^,]*,\s*", sentence, re.I)
    if leading and len(sentence) > leading.end():
        return sentence[leading.end() :]
    return sentence


def _main(sentence: str) -> str:
    """The sentence without a leading condition ("When I travel, ...") or a trailing one
    ("... whenever I haven't used it"): what is asked, not when."""
    sentence = _unconditioned(sentence)
    # A trailing condition has a subject of its own ("when I record", "before it sleeps");
    # "after 5 minutes" is a preposition's object, part of the request.
    for trailing in _SUBORDINATE.finditer(sentence.lower(), 1):
        after = sentence[trailing.end() :].split()
        subject = after[0].lower().strip(",") if after else ""
        if subject in _SUBJECTS and len(sentence[: trailing.start()].split()) >= 2:
            sentence = sentence[: trailing.start()]
            break
    return sentence.strip(" ,")


_LIGHT_VERBS = frozenset(
    ["do", "make", "get", "set", "put", "take", "have", "give", "go", "let", "keep", "up"]
)
"""Verbs that carry little meaning of their own ("set that up", "do it"): the object does."""


def refers_back(clause: Clause, *, names: frozenset[str] = frozenset()) -> bool:
    """Whether the clause leans on what came before it: a pronoun stands for its object and
    little else is said ("set that up in the Clock app", "undo that"; `names` are words
    that only name where, such as the app's name)."""
    said = words(clause.text)
    if not _BACK_REFERENCES & set(said):
        return False
    ignored = _BACK_REFERENCES | _LIGHT_VERBS | FILLER_WORDS | names
    rest = [w for w in said if w not in ignored]
    return len(rest) <= 1


_AS_FAR_AS = re.compile(
    r"\bas\s+(\w+)\s+as\s+(?:possible|(?:\w+\s+){0,2}(?:can|could|allows?|lets?|permits?)\b)",
    re.I,
)
"""English's other superlative: "as soon as possible", "as low as the phone allows"."""
_LESS_WAY = frozenset(
    ["soon", "short", "quick", "brief", "low", "little", "few", "small", "early", "quiet", "dim"]
)
_MORE_WAY = frozenset(["long", "high", "much", "many", "big", "large", "late", "loud", "bright"])
"""Gradable words by the end of a scale they point to ("as soon as" is the least delay)."""


def extreme(text: str) -> int | None:
    """0 when `text` asks for the least of something, -1 for the most (the index of the
    option among options in order), None when it asks for neither."""
    said = set(words(text))
    for found in _AS_FAR_AS.finditer(text):
        said |= {"least"} if found.group(1).lower() in _LESS_WAY else set()
        said |= {"most"} if found.group(1).lower() in _MORE_WAY else set()
    least, most = bool(_LEAST & said), bool(_MOST & said)
    if least == most:
        return None
    return 0 if least else -1


def wanted_state(clause: Clause, label: str = "") -> bool:
    """Whether the clause wants a switch named `label` on: off when it negates or stops
    ("don't add", "stop ... from", "switch off"), the opposite of the state it tells of when it
    asks to undo ("I switched it on ... Undo that"), else on. A label that is itself a negation
    ("Don't show ...") flips it. Holding a thing still turns its automatic change off."""
    said = words(_main(clause.text))
    automatic = any(word.startswith(_AUTOMATIC) for word in words(label))
    if automatic and _HOLD & set(said):
        return False
    if _UNDO & set(said):
        told = words(clause.context)
        state = not (bool(_ON & set(told)) and not bool({"off"} & set(told)))
    else:
        state = not bool(_OFF & set(said))
    return state != bool(NEGATIONS & set(words(label)))
