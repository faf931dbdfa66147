"""What a goal names: the items (runs of capitalised words, times, things listed by their
words), the person a story speaks of, an item told by its age, and the kind of thing a name
is ("the Office Wi-Fi network" is a network named Office).

English writes names with capitals (after a sentence's first word), lists them with commas
and "and", puts the head noun last, and starts a story sentence with its subject; these
rules read names that way, whatever app or sentence they come from.
"""

from __future__ import annotations

import re

from lexicon.apps import known_app
from lexicon.clauses import TITLES, sentences
from lexicon.synonyms import HANDSET
from lexicon.text import canonical
from planning.explorer.goal_words import NOT_TARGET
from planning.explorer.verbs import verb_of

__all__ = [
    "MESSAGING",
    "TIME",
    "antecedent",
    "entity_of",
    "kinds_of",
    "listed",
    "listed_things",
    "names_in",
    "rank_of",
]

TIME = re.compile(r"\b(\d{1,2}):(\d{2})\b")
"""A clock time as written ("7:15", "06:45"): it names an alarm as a name does."""
MESSAGING = re.compile(
    r"^(?:text|message|tell|send|sms|ask|reply|answer|remind|let\s+\S+\s+know)\b", re.I
)
"""Verbs that ask for a message to a person: its text is quoted, or told of (`speech`)."""
_PLACE = frozenset({"in", "on", "into", "onto", "to", "from", "using", "via", "the"})
"""Words before an app's name that make it the place a thing goes ("in Keep", "the Clock
app"): where, not which item."""


def entity_of(bare: str, topics: tuple[str, ...]) -> str:
    """The capitalised name or time the goal is about: `Ben Carter`, `Pixel Buds`, `06:45`,
    `YouTube Music`, `Nov 6`: the longest of `names_in`."""
    return max(names_in(bare, topics), key=lambda name: len(name.split()), default="")


def names_in(bare: str, topics: tuple[str, ...]) -> tuple[str, ...]:
    """The runs of capitalised words and times (a sentence's first word only when the run
    goes on), each without the topic words it ends with (`_without_kind`): a run made only
    of topic words (`Wi-Fi`) names a kind of thing, not an item, unless it is an app's name
    ("Uninstall Messages")."""
    words = bare.split()
    runs: list[list[str]] = [[]]
    before: dict[int, str] = {}  # the word before each run
    for index, word in enumerate(words):
        clean = re.sub(r"(['\u2019]s)?[.,!?]*$", "", word)
        clean = word if word.rstrip(".") in TITLES else clean  # "Dr." keeps its stop
        # A name runs on through a number ("Nov 6", "Pixel 8", "Recording 12").
        number = bool(runs[-1]) and re.fullmatch(r"\d+(?:[/.]\d+)*", clean) is not None
        me = re.fullmatch(r"I(?:['\u2019][a-z]+)?", clean) is not None  # "I", "I'd": no name
        named = (clean[:1].isupper() and not me) or TIME.fullmatch(clean) is not None or number
        after_stop = index > 0 and re.search(r"[.!?]$", words[index - 1]) is not None
        if after_stop and words[index - 1].rstrip(".") in TITLES:
            after_stop = False  # "Dr. Alvarez": a title, no sentence's end
        if named and (index == 0 or after_stop):
            # A sentence's first word is capitalised anyway: a name only when the name goes
            # on ("Dana Whitfield and ...", not "Make the phone ...").
            after = words[index + 1] if index + 1 < len(words) else ""
            verb = canonical(clean) in NOT_TARGET or verb_of(clean) != ""
            named = after[:1].isupper() and not verb
        if named and clean != "QUOTED":
            if not runs[-1]:
                before[len(runs) - 1] = words[index - 1].lower() if index else ""
            runs[-1].append(clean)
        elif runs[-1]:
            runs.append([])
        if runs[-1] and re.search(r"[.!?;:,]$", word) and word.rstrip(".") not in TITLES:
            runs.append([])  # a name ends with its sentence ("my Galaxy Watch. Make ...")
    # An app named as the place ("note it in Keep", "on the Calculator") says where, not what.
    places = {
        i for i, run in enumerate(runs) if before.get(i) in _PLACE and known_app(" ".join(run))
    }
    named_runs = (run for i, run in enumerate(runs) if i not in places)
    return tuple(name for name in (_without_kind(run, topics) for run in named_runs) if name)


def listed(bare: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The names written as a list ("A and B", "A, B and C"): each is an item of its own,
    where names apart ("Lake Tahoe pictures from September") describe one."""
    for start in range(len(names) - 1):
        listed = [names[start]]
        for name in names[start + 1 :]:
            joined = r"(?:['\u2019]s)?(?:,\s*|\s+)(?:and\s+(?:then\s+)?|or\s+)?"
            if not re.search(re.escape(listed[-1]) + joined + re.escape(name), bare):
                break
            listed.append(name)
        if len(listed) > 1:
            return tuple(listed)
    return ()


def antecedent(text: str) -> tuple[str, ...]:
    """The person a story sentence starts with ("Wei told me ...", "Maya asked ..."): the one
    "her" or a reply goes to when the request names nobody. A sentence's first word is a
    name when it is no function word, verb or command and a lowercase word follows."""
    for sentence in sentences(text):
        found = re.match(r"^([A-Z][\w'\u2019-]*)\s+([a-z]\S*)", sentence)
        if found is None or MESSAGING.match(sentence):
            continue
        word = found.group(1)
        if canonical(word) not in NOT_TARGET and verb_of(word) == "" and word != "I":
            return (word,)
    return ()


_OWNED = re.compile(r"^(?:my|the|our|your)\s+([a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,2})$")
"""A thing named by its words, owned or definite: "my book list", "the old recipe"."""


def rank_of(lower: str) -> int | None:
    """0 when the goal means its newest thing ("my latest photo", "the most recent
    recording"), -1 its oldest; None when it tells no age."""
    if re.search(r"\b(?:latest|newest|most\s+recent)\b", lower):
        return 0
    if re.search(r"\b(?:oldest|earliest)\b", lower):
        return -1
    return None


def listed_things(text: str) -> tuple[str, ...]:
    """Things named by their words in a list of the command's objects ("keep my book list
    and my gift ideas at the top"): each owned or definite ("my", "the"), joined by "and"."""
    for sentence in (said.lower() for said in sentences(text)):
        start = re.search(r"\b(?:my|the|our|your)\s", sentence)
        if start is None:
            continue
        span = re.split(r"\s+(?:at|to|in|into|from|on|off|as|for)\s", sentence[start.start() :])[0]
        parts = [part.strip() for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", span)]
        named = [_OWNED.match(part) for part in parts]
        if len(parts) > 1 and all(named):
            return tuple(match.group(1) for match in named if match)
    return ()


def kinds_of(bare: str, topics: tuple[str, ...]) -> set[str]:
    """The topic words that only say what kind of thing a name is (`wi-fi` in "the Office
    Wi-Fi network"): they name no setting of their own."""
    kinds: set[str] = set()
    for name in names_in(bare, topics):
        if not any(word[:1].isupper() for word in name.split()):
            continue  # a time says which item ("the 06:45 alarm"), the kind is its topic
        after = bare.split(name, 1)[1].split() if name in bare else []
        for word in after:
            if canonical(word) not in topics:
                break
            kinds.add(canonical(word))
    return kinds


def _without_kind(run: list[str], topics: tuple[str, ...]) -> str:
    """A run of capitalised words without the kind of thing it ends with: in English the
    head noun comes last and the name before it modifies it ("the Office Wi-Fi network" is
    a network named Office). An app's own name ("YouTube Music") is kept whole."""
    if not run or known_app(" ".join(run)) is not None:
        return " ".join(run)
    if all(word.lower() in HANDSET for word in run):
        return ""  # "Android", "the Phone": the system itself, no item
    while run and canonical(run[-1]) in topics:
        run = run[:-1]
    return " ".join(run)
