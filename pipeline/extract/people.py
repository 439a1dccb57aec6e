"""Who in a memo is a person, and every place the memo names them, for redaction and pseudonymisation.

The small spaCy model misses people and mislabels them ("Tobias Haverkamp" as an organisation, a
later "Mr Haverkamp" as a place or nothing at all), so the tagged PERSON entities are only where
the search starts. From their names come the forms to look for: each full name, its surname and
given names (a later short form), any capitalised given names written just before a known surname
("Ilse Brandauer-Okafor" when only "Brandauer-Okafor" was tagged), and an untyped organisation
whose name is a person's full name. Every occurrence of a form in the text is then a person span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.schema import Entity, MemoRecord
from pipeline.text import fold

_WORD = re.compile(r"[^\W\d_](?:[\w'\u2019.-]*\w)?")
_POSSESSIVE = re.compile(r"['\u2019]s$")
MIN_SHORT = 3  # a short form of two letters ("Li", "Al") would match too much ordinary text


@dataclass
class People:
    """The persons of one memo: each form (folded) -> its person's key, and the pattern that finds them."""

    forms: dict[str, str] = field(default_factory=dict)
    short: set[str] = field(default_factory=set)  # single-word forms: must be capitalised where they occur
    person_ids: set[str] = field(default_factory=set)  # entities that are people (tagged or recognised)
    structural: set[str] = field(default_factory=set)  # PERSON entities that are only headings: no one
    pattern: re.Pattern[str] | None = None

    def key_of(self, matched: str) -> str:
        """The person key of a matched form."""
        return self.forms[fold(_POSSESSIVE.sub("", matched))]

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, person key) of every occurrence of a form in `text`, left to right, not overlapping."""
        if self.pattern is None:
            return []
        found = []
        for match in self.pattern.finditer(text):
            matched = match.group(0)
            if fold(_POSSESSIVE.sub("", matched)) in self.short and not matched[0].isupper():
                continue  # "wine" is a word, "Wine" may be a name
            found.append((match.start(), match.end(), self.key_of(matched)))
        return found


@dataclass(frozen=True)
class NameRules:
    """Word lists (from models/entity_rules.json) that tell names from the words around them."""

    titles: frozenset[str] = frozenset()  # "President", "Minister": before a name, not part of it
    honorifics: frozenset[str] = frozenset()  # "Mr", "Dr": a name follows, whatever the model says
    org_words: frozenset[str] = frozenset()  # "Office", "Systems": an organisation, not a given name

    def stop(self, word: str, text: str, common: bool = True) -> bool:
        """The word cannot be part of a name: lower case, a title, an organisation word (or, with `common`,
        a word the memo also writes in lower case)."""
        folded = _POSSESSIVE.sub("", word).casefold().rstrip(".")
        if not word[0].isupper() or folded in self.titles | self.honorifics | self.org_words:
            return True
        return common and _common(word, text)


def _name_words(text: str, rules: NameRules) -> list[str]:
    words = [_POSSESSIVE.sub("", w) for w in _WORD.findall(text)]
    while words and words[0].casefold().rstrip(".") in rules.titles | rules.honorifics:
        words = words[1:]
    return words


def _in_headings(entity: Entity, record: MemoRecord) -> bool:
    """Every mention sits in a section heading: a heading the model took for a name ("Key Findings")."""
    heads = [(s.heading_start, s.start) for s in record.sections if s.heading_start is not None]
    return bool(entity.mentions) and all(any(a <= m.start and m.end <= b for a, b in heads) for m in entity.mentions)


def _looks_like_full_name(words: list[str], surnames: set[str]) -> bool:
    """Two to four capitalised words ending in a known person's surname: a person the model called something else."""
    return 2 <= len(words) <= 4 and all(w[0].isupper() for w in words) and fold(words[-1]) in surnames


def _common(word: str, text: str) -> bool:
    """The word also occurs in lower case in the memo: an ordinary word, not a name."""
    return re.search(rf"(?<!\w){re.escape(_POSSESSIVE.sub('', word).casefold())}(?!\w)", text) is not None


_NAME = r"[^\W\d_][\w'\u2019-]*"


def _written_out(text: str, forms: set[str], rules: NameRules) -> list[list[str]]:
    """Full names written where only part was tagged: capitalised words right before or after a known form."""
    names = []
    for form in forms:
        pattern = rf"(?<!\w)((?:{_NAME}[ \t]+){{0,2}})({re.escape(form)})((?:[ \t]+{_NAME}){{0,2}})(?!\w)"
        for match in re.finditer(pattern, text, re.IGNORECASE):
            if not match.group(2)[0].isupper():
                continue
            before: list[str] = []
            for word in reversed(match.group(1).split()):
                if rules.stop(word, text):
                    break
                before.insert(0, word)
            after: list[str] = []
            for word in match.group(3).split():
                if rules.stop(word, text):
                    break
                after.append(_POSSESSIVE.sub("", word))
            if before or after:
                names.append([*before, match.group(2), *after])
    return names


def _after_honorifics(text: str, rules: NameRules) -> list[list[str]]:
    """Names written after "Mr", "Dr", "Ms"...: a person even where the model saw none ("Mr Haverkamp met")."""
    if not rules.honorifics:
        return []
    words = "|".join(re.escape(h) for h in sorted(rules.honorifics, key=lambda h: (-len(h), h)))
    names = []
    for match in re.finditer(rf"(?<!\w)(?:{words})\.?[ \t]+({_NAME}(?:[ \t]+{_NAME}){{0,2}})", text, re.IGNORECASE):
        found: list[str] = []
        for word in match.group(1).split():
            if rules.stop(word, text):
                break
            found.append(_POSSESSIVE.sub("", word))
        if found:
            names.append(found)
    return names


def find_people(record: MemoRecord, rules: NameRules) -> People:
    """The persons of a record, their forms, and the pattern that finds each form in any text of it."""
    people = People()
    full: list[list[str]] = []
    single: list[str] = []

    def add(words: list[str]) -> None:
        (full.append(words) if len(words) > 1 else single.extend(words))

    for entity in record.entities:
        if entity.label != "PERSON":
            continue
        if _in_headings(entity, record):
            people.structural.add(entity.id)
            continue
        people.person_ids.add(entity.id)
        for form in {entity.name, *entity.aliases, *(m.text for m in entity.mentions)}:
            add(_name_words(form, rules))
    for words in _after_honorifics(record.text, rules):
        add(words)
    surnames = {fold(w) for w in single} | {fold(words[-1]) for words in full}
    for entity in record.entities:
        untyped = entity.label == "ORG" and set(entity.methods) <= {"model"}
        if untyped and _looks_like_full_name(_name_words(entity.name, rules), surnames):
            people.person_ids.add(entity.id)
            full.append(_name_words(entity.name, rules))
    words = single + [word for name in full for word in name]
    known = {fold(w) for w in words if len(w) >= MIN_SHORT and not rules.stop(w, record.text)}
    full.extend(_written_out(record.text, known, rules))
    _index(people, full, single, record.text, rules)
    return people


def _index(people: People, full: list[list[str]], single: list[str], text: str, rules: NameRules) -> None:
    """Map every form to its person's key and compile the pattern (longest forms first)."""
    owners: dict[str, set[str]] = {}
    for words in sorted(full, key=lambda w: (-len(w), w)):
        key = fold(" ".join(words))
        people.forms.setdefault(key, key)
        for word in words:
            folded = fold(word)
            # a part of a known name is that person wherever it is capitalised, even if also a common word
            if len(folded) >= MIN_SHORT and not rules.stop(word, text, common=False):
                owners.setdefault(folded, set()).add(people.forms[key])
    for word in single:
        folded = fold(word)
        if folded and folded not in people.forms:
            owners.setdefault(folded, set())
    for folded, keys in owners.items():
        if folded in people.forms:
            continue
        # a short form shared by two people names neither of them for sure: it gets a key of its own
        people.forms[folded] = next(iter(keys)) if len(keys) == 1 else folded
        people.short.add(folded)
    if not people.forms:
        return
    pieces = sorted(people.forms, key=lambda f: (-len(f), f))
    alternatives = "|".join(r"\s+".join(re.escape(part) for part in form.split(" ")) for form in pieces)
    people.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
