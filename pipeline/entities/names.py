"""Type the names no registry knows by what the text says about them (`memokg:context` group).

The small model misses or mislabels invented company and product names
("Cindral markets Gannet", "Vexor Cyber" as a person). A name is a run of
capitalised proper-noun tokens; its context votes for ORG or TECHNOLOGY:

- ORG: a legal form or company word at its end ("Labs", "GmbH"), an apposition
  or attribute that is a company noun ("X, a Canadian start-up"), a company
  noun right before it ("the firm X"), a place it is based in, the subject of
  a selling or making verb, the maker after "by" or "from", the owner of a
  product ("X's platform"), the "of" of a product or client noun.
- TECHNOLOGY: an apposition or attribute that is a product noun or a
  technology ("X, a remote access trojan", "X is spyware"), the object of a
  making or selling verb whose subject is a company, the subject of a passive
  making verb ("X is sold by"), a modifier of a product noun ("X servers").

Votes add up over every mention of the name in the Doc (one sense per memo);
the winner needs a clear lead. Every mention of a typed name, and the lone
first word of a typed company name, goes into the span group. Weights and
word lists are data: `name_typing` in entity_rules.json and lexicon.json.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.entities.attrs import group_name
from pipeline.entities.common import add_spans, make_span
from pipeline.entities.name_clues import NAME_TAGS, NameClues
from pipeline.knowledge import Gazetteer, gazetteer_of, lexicon_of, load_knowledge

KNOWN_GROUPS = ("ruler", "place", "demonym", "acronym")
# clues that say what a name is, not only what it does: enough for a lone word at a sentence start or a
# name the model took for a person
DEFINING = frozenset({"company_word", "legal_form", "company_noun", "based", "product_noun", "made", "has_clients",
                      "leads_list", "owned_product", "body_word", "issuer_field",
                      "seller_of_product", "source_of_product", "names_technology"})


class NameTyper:
    """Votes ORG or TECHNOLOGY for unknown names from their syntactic context."""

    def __init__(self, gazetteer: Gazetteer, lexicon: dict[str, frozenset[str]],
                 issuer_labels: tuple[str, ...] = ()) -> None:
        rules = gazetteer.rules.get("name_typing", {})
        self.gaz = gazetteer
        self.clues = NameClues(gazetteer, lexicon, issuer_labels)
        self.lead = float(rules.get("lead", 1.0))
        self.threshold = float(rules.get("threshold", 2.0))
        self.company_words = self.clues.company_words
        self.name_ends = self.company_words | self.clues.body_words  # words that close a company's or body's name
        self.not_names = self.clues.not_names
        self.titles = self.clues.titles
        self.column_words = frozenset(rules.get("column_words", []))
        self.joiners = frozenset(rules.get("name_joiners", []))

    def name_token(self, token: Token, capitalised: frozenset[str] = frozenset()) -> bool:
        """A token that can stand in a name: capitalised where a common word would not be, or a legal form.

        The small model tags many invented names as adjectives ("Cindral", "Sextant"), so the tag is not asked
        for inside a sentence; at a sentence start a capital proves nothing, and there the word must be a proper
        noun or be written with a capital inside a sentence elsewhere in the memo.
        """
        text = token.text
        if text in {"&", "-"}:
            # "Daum-Kakao", "Drummond & Voss": joiners between two name words, never at an edge
            return text == "&" or not token.whitespace_ and token.i > 0 and not token.doc[token.i - 1].whitespace_
        if token.is_space or token.is_punct:
            return False
        capital = text[:1].isupper() or any(c.isupper() for c in text[1:])
        if token.lower_ in self.company_words and token.i > 0:
            # dotted legal forms are written in lower case in some countries ('s.r.o.', 'a.s.')
            return capital or "." in text and token.lower_ in self.clues.legal
        if not capital or token.is_stop or token.lower_ in self.not_names or token.lower_.rstrip(".") in self.titles:
            return False
        if token.pos_ in {"PRON", "DET", "ADP", "CCONJ", "SCONJ", "AUX", "NUM"} or not any(c.isalpha() for c in text):
            return False
        return not token.is_sent_start or token.tag_ in NAME_TAGS or text in capitalised

    def names(self, doc: Doc, known: set[int], tech_words: frozenset[int] = frozenset(),
              places: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
        """Maximal runs of name tokens on one line that no registry, place or acronym already covers (a
        registry technology word, `tech_words`, may stand inside a run that ends in a company word, and so may
        the city it opens with, `places`: 'Shenzhen Huaxin Technology Co., Ltd.')."""
        capitalised = frozenset(t.text for t in doc if t.text[:1].isupper() and not t.is_sent_start)
        name_token = lambda token: self.name_token(token, capitalised)  # noqa: E731
        runs: list[tuple[int, int]] = []
        i = 0
        while i < len(doc):
            if not name_token(doc[i]) or doc[i].lower_ in self.company_words or doc[i].text in {"&", "-"}:
                i += 1
                continue
            j = i + 1
            while j < len(doc) and "\n" not in doc[j - 1].whitespace_ and (
                    name_token(doc[j]) or self.joins_company(doc, j, name_token) or self.legal_comma(doc, j)):
                j += 1
            while j > i + 1 and doc[j - 1].text in {"&", "-"}:
                j -= 1
            while i < j - 1 and (self.gaz.country_of(doc[i].text) or ("", ""))[1] == "demonym":
                # "Norwegian Halvorsen Data": the demonym is no part of the name ("Baishan Tongxin" keeps its city)
                i += 1
            # "Solenne AI": a registry word at the end that is also a company word does not make the name known
            company = j - i > 1 and doc[j - 1].lower_ in self.name_ends
            inner = j - 1 if company else j
            # "Ruthenia Signal Works": a product word of the registry inside a company's name does not make it known
            blocking = known - tech_words if company else known
            if company:
                lead = i
                while lead < inner and lead in places:
                    lead += 1
                blocking = blocking - set(range(i, lead))
            if self.plausible(doc, i, j, capitalised) and not any(k in blocking for k in range(i, inner)):
                runs.append((i, j))
            i = j
        return runs

    def legal_comma(self, doc: Doc, j: int) -> bool:
        """The comma of 'Co., Ltd.': between two legal forms it is part of the name."""
        legal = self.clues.legal
        return doc[j].text == "," and 0 < j < len(doc) - 1 and doc[j - 1].lower_ in legal \
            and doc[j + 1].lower_ in legal

    def joins_company(self, doc: Doc, j: int, name_token: Callable[[Token], bool]) -> bool:
        """'y' of 'Ortega y Salcedo Sistemas S.L.', 'Distribution' of 'Gulf Data Distribution FZE': a joiner, or a
        capitalised word that alone is no name, followed by name words that end in a company word."""
        word = doc[j]
        if word.text not in self.joiners and not (word.is_title and word.is_alpha and word.lower_ in self.not_names):
            return False
        k = j + 1
        while k < len(doc) and name_token(doc[k]) and "\n" not in doc[k - 1].whitespace_:
            k += 1
        return k > j + 1 and doc[k - 1].lower_ in self.company_words

    def plausible(self, doc: Doc, start: int, end: int, capitalised: frozenset[str]) -> bool:
        """Whether a run can be a name: two letters at least, no place, no acronym in brackets (the acronym
        finder's)."""
        span = doc[start:end]
        if sum(c.isalpha() for c in span.text) < 2 or self.gaz.country_of(span.text):
            return False
        if end - start == 1 and span.text.lower() in self.column_words:
            return False  # "Country | Product": a table's column names
        if 0 < start and end < len(doc) and doc[start - 1].text == "(" and doc[end].text == ")" and span.text.isupper():
            return False
        return True

    def sloppy(self, outer: Span, start: int, end: int) -> bool:
        """Whether a model span only adds lower-case words to the name ("Moray control panel")."""
        extra = [t for t in outer if not start <= t.i < end]
        return bool(extra) and all(t.is_lower or t.is_punct for t in extra)

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one Doc."""
        known = {i for method in KNOWN_GROUPS if group_name(method) in doc.spans
                 for span in doc.spans[group_name(method)] for i in range(span.start, span.end)}
        others = {i for method in KNOWN_GROUPS if group_name(method) in doc.spans for span in
                  doc.spans[group_name(method)] if span.label_ != "TECHNOLOGY" or method != "ruler"
                  for i in range(span.start, span.end)}
        tech_words = frozenset(known - others)
        places = frozenset(i for span in doc.spans.get(group_name("place"), []) for i in range(span.start, span.end))
        model = list(doc.spans[group_name("model")]) if group_name("model") in doc.spans else []
        capitalised = frozenset(t.text for t in doc if t.text[:1].isupper() and not t.is_sent_start)
        persons = {i for s in model if s.label_ == "PERSON" for i in range(s.start, s.end)}
        mentions: dict[str, list[tuple[int, int]]] = defaultdict(list)
        clues: dict[str, dict[str, tuple[str, float]]] = defaultdict(dict)
        sloppy: set[tuple[int, int]] = set()
        for start, end in self.names(doc, known, tech_words, places):
            outer = [s for s in model if s.start <= start and end <= s.end and (s.start, s.end) != (start, end)]
            if any(not self.sloppy(s, start, end) for s in outer):
                continue  # a part of a longer name the model found ("Information Technology" in a ministry's)
            sloppy.update((s.start, s.end) for s in outer)
            key = doc[start:end].text
            mentions[key].append((start, end))
            strong_only = any(i in persons for i in range(start, end))
            for clue, (label, weight) in self.clues.votes(doc[start:end]).items():
                if not strong_only or clue in DEFINING:  # a person the model saw needs a clue that defines it
                    clues[key][clue] = max(clues[key].get(clue, (label, 0.0)), (label, weight), key=lambda c: c[1])
        tally: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for key, found in clues.items():
            for label, weight in found.values():  # each kind of clue counts once per name, however often seen
                tally[key][label] += weight
        for key, spans_of in mentions.items():
            # a capital at a sentence start proves nothing: such a lone word needs a clue that defines it
            if all(e - s == 1 and doc[s].is_sent_start for s, e in spans_of) and key not in capitalised:
                tally[key] = defaultdict(float)
                for clue, (label, weight) in clues[key].items():
                    if clue in DEFINING:
                        tally[key][label] += weight
        decided: dict[str, str] = {}
        for key, scores in tally.items():
            if not scores:
                continue
            ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
            best, score = ranked[0]
            runner = ranked[1][1] if len(ranked) > 1 else 0.0
            if score >= self.threshold and score - runner >= self.lead:
                decided[key] = best
        # "Corvid" after "Corvid Labs": the lone first word of a company name is that company
        for key, label in list(decided.items()):
            if label == "ORG" and " " in key:
                decided.setdefault(key.split()[0], label)
        spans = [make_span(doc, s, e, label) for key, label in decided.items() for s, e in mentions.get(key, [])]
        if sloppy and spans:
            # "Moray control panel" as one model name, when "Moray" alone is the typed name: the model span goes
            typed = {(s.start, s.end) for s in spans}
            keep = [s for s in model if (s.start, s.end) not in sloppy or not any(
                s.start <= a and b <= s.end for a, b in typed)]
            doc.spans[group_name("model")] = keep
        add_spans(doc, "context", sorted(spans, key=lambda s: (s.start, s.end)))
        return doc


def make_names(nlp: Language, name: str, models_dir: str | None) -> NameTyper:
    """spaCy factory of the name typer."""
    knowledge = load_knowledge(models_dir)
    issuer = tuple(knowledge.json("headings.json").get("header_fields", {}).get("issuer", []))
    return NameTyper(gazetteer_of(knowledge), lexicon_of(knowledge), issuer)
