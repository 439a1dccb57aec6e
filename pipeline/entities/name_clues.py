"""The clues a sentence gives about a name no registry knows, each a vote for ORG or TECHNOLOGY.

Read by `pipeline.entities.names`; the weights and word lists are data
(`name_typing` in entity_rules.json, company and product nouns and verb
classes in lexicon.json).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.entities.attrs import group_name
from pipeline.entities.common import heading_line
from pipeline.entities.junk import line_of
from pipeline.knowledge import Gazetteer

NAME_TAGS = frozenset({"NNP", "NNPS"})


class NameClues:
    """Finds the clues of one mention of a name."""

    def __init__(self, gazetteer: Gazetteer, lexicon: dict[str, frozenset[str]],
                 issuer_labels: tuple[str, ...] = ()) -> None:
        rules = gazetteer.rules.get("name_typing", {})
        self.gaz = gazetteer
        self.weights: dict[str, float] = {k: float(v) for k, v in rules.get("weights", {}).items()}
        self.lead = float(rules.get("lead", 1.0))
        self.threshold = float(rules.get("threshold", 2.0))
        words = lambda key: frozenset(rules.get(key, []))  # noqa: E731
        self.legal = gazetteer.words("legal_forms")
        self.company_words = words("company_name_words") | self.legal
        self.company_nouns = lexicon.get("company_nouns", frozenset())
        self.product_nouns = lexicon.get("product_nouns", frozenset()) | gazetteer.words("tech_context_words")
        self.vendor_verbs = lexicon.get("supply_verbs", frozenset()) | lexicon.get("make_verbs", frozenset()) \
            | lexicon.get("win_verbs", frozenset())
        self.make_verbs = lexicon.get("make_verbs", frozenset())
        self.acquire_verbs = lexicon.get("acquire_verbs", frozenset())
        self.acquire_nouns = lexicon.get("acquire_nouns", frozenset()) | lexicon.get("transfer_nouns", frozenset())
        self.based_words = lexicon.get("based_words", frozenset())
        self.customer_nouns = lexicon.get("customer_nouns", frozenset())
        self.holder_nouns = self.product_nouns | self.customer_nouns
        self.body_words = lexicon.get("body_name_words", frozenset())
        self.issuer_labels = frozenset(label.lower() for label in issuer_labels)
        self.record_nouns = self.customer_nouns | lexicon.get("transaction_nouns", frozenset()) \
            | lexicon.get("deal_nouns", frozenset()) | lexicon.get("programme_nouns", frozenset())
        self.not_names = gazetteer.words("not_orgs") | gazetteer.words("header_words") | words("not_names")
        self.titles = gazetteer.words("person_titles")
        self.collective = words("collective_nouns")
        self.naming = sorted(gazetteer.words("tech_name_cues"), key=lambda c: (-len(c), c))

    def votes(self, span: Span) -> dict[str, tuple[str, float]]:
        """The clues of one mention: clue name -> (label it votes for, weight)."""
        w = self.weights
        doc = span.doc
        head = span.root
        out: dict[str, tuple[str, float]] = {}
        if len(span) > 1 and span[-1].lower_ in self.company_words and (
                span[-1].lower_ in self.legal or not heading_line(span)):
            # on a title-case heading every word has a capital: only a legal form still marks a company there
            out["company_word"] = ("ORG", w.get("company_word", 2))
            if span[-1].lower_ in self.legal:
                # "Lomond Interception Ltd (cellular interception)": a legal form outweighs what follows the name
                out["legal_form"] = ("ORG", w.get("legal_form", 2))
        if len(span) > 1 and span[-1].lower_ in self.body_words:
            out["body_word"] = ("ORG", w.get("body_word", 2))  # "Lusaka Courier", "Adriatic Cyber Observatory"
        if self.issuer_value(span):
            out["issuer_field"] = ("ORG", w.get("issuer_field", 2))  # "Issuer: Sable Point Advisory"
        if self.leads_a_record(span):
            out["leads_list"] = ("ORG", w.get("leads_list", 2))  # "Xiamen Lianhe Security: overseas projects"
        described = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "appos":
            described.append(head.head)
        if head.dep_ == "nsubj" and head.head.lemma_ == "be":
            described += [c for c in head.head.children if c.dep_ == "attr"]
        if head.dep_ == "attr" and head.head.lemma_ == "be":
            described += [c for c in head.head.children if c.dep_ == "nsubj"]  # "its flagship product is X"
        named = self.named_after(span)
        if named is not None:
            described.append(named)  # "a monitoring suite named X", "a start-up called X"
        for noun in described:
            quantity = any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)
            if noun.lemma_.lower() in self.collective and quantity:
                continue  # "a group of forty NGOs", "a network of sensors": a quantity, not what the name is
            word = noun_word(noun)
            if word in self.company_nouns:
                out["company_noun"] = ("ORG", w.get("company_noun", 2))
            elif word in self.product_nouns or self.tech_phrase(noun):
                out["product_noun"] = ("TECHNOLOGY", w.get("product_noun", 2))
        surface = self.comma_description(span)
        if surface is not None and "company_noun" not in out and "product_noun" not in out:
            # the parser often misplaces an apposition; its surface ("X, a ... trojan,") still says what X is
            word = noun_word(surface)
            if word in self.company_nouns:
                out["company_noun"] = ("ORG", w.get("company_noun", 2))
            elif word in self.product_nouns or self.tech_phrase(surface):
                out["product_noun"] = ("TECHNOLOGY", w.get("product_noun", 2))
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and noun_word(before) in self.company_nouns:
            out["company_noun"] = ("ORG", w.get("company_noun", 2))
        if any(c.lemma_.lower() in self.based_words for c in head.children if c.dep_ in {"acl", "amod", "relcl"}):
            out["based"] = ("ORG", w.get("based", 2))
        governor = self.lent_to(head)
        verb = governor.lemma_.lower()
        if head.dep_ in {"nsubj", "nsubjpass"} and verb in self.vendor_verbs and governor.i != head.head.i:
            out["seller"] = ("ORG", w.get("seller", 1))  # "X is believed to have installed cameras"
            if any(self.product_like(c) for c in governor.children if c.dep_ in {"dobj", "dative"}):
                out["seller_of_product"] = ("ORG", w.get("seller_of_product", 2))
        governor = head.head
        verb = governor.lemma_.lower()
        if head.dep_ == "nsubj" and verb in self.vendor_verbs:
            out["seller"] = ("ORG", w.get("seller", 1))
            objects = [c for c in governor.children if c.dep_ in {"dobj", "dative"}]
            if any(self.product_like(o) for o in objects):
                out["seller_of_product"] = ("ORG", w.get("seller_of_product", 2))
        if head.dep_ == "nsubj" and any(c.dep_ == "dobj" and c.lemma_.lower() in self.customer_nouns
                                        for c in governor.children):
            out["has_clients"] = ("ORG", w.get("has_clients", 2))  # "X lists the following users", "has clients"
        if head.dep_ == "nsubjpass" and verb in self.make_verbs:
            out["made"] = ("TECHNOLOGY", w.get("made", 2))
        if head.dep_ == "dobj" and verb in self.make_verbs and any(
                c.dep_ == "nsubj" and self.organisation_like(c) for c in governor.children):
            out["made"] = ("TECHNOLOGY", w.get("made", 2))
        if head.dep_ == "pobj" and governor.dep_ in {"agent", "prep"}:
            clause = governor.head
            if clause.dep_ == "appos" and clause.lemma_.lower() not in self.holder_nouns:
                # "bought X, a Y, from Z": the phrase hangs from the description, the maker from the verb
                clause = clause.head.head if clause.head.dep_ in {"dobj", "nsubjpass"} else clause
            word = governor.lower_
            if word == "by" and clause.lemma_.lower() in self.vendor_verbs:
                out["maker"] = ("ORG", w.get("maker", 1.5))
                made = [c for c in clause.children if c.dep_ in {"nsubjpass", "dobj"}]
                if clause.dep_ == "acl":
                    made.append(clause.head)  # "a video analytics system developed by X"
                if self.product_like(clause) or any(self.product_like(c) for c in made):
                    out["source_of_product"] = ("ORG", w.get("source_of_product", 2))  # "cameras built by X"
            elif word == "from" and self.acquiring(clause):
                out["maker"] = ("ORG", w.get("maker", 1.5))
                if any(self.product_like(t) for t in self.objects(clause)):
                    # "bought spyware from X", "took delivery of IMSI catchers from X": who sells a product
                    # is a company (a country or government would be a known name)
                    out["source_of_product"] = ("ORG", w.get("source_of_product", 2))
            elif word == "of" and clause.lemma_.lower() in self.holder_nouns:
                out["owner"] = ("ORG", w.get("owner", 1))
        if head.dep_ == "poss" and governor.lemma_.lower() in self.product_nouns:
            out["owner"] = ("ORG", w.get("owner", 1))
        cell = "|" not in {t.text for t in doc[min(head.i, governor.i):max(head.i, governor.i)]}  # one table cell
        if cell and head.dep_ in {"compound", "nmod"} and "company_word" in out and (
                governor.lemma_.lower() in self.product_nouns or self.tech_at(governor)):
            out["owner"] = ("ORG", w.get("owner", 1))  # "Zephyrine Solutions spyware": the company's product
        elif cell and (head.dep_ in {"compound", "nmod"} or head.dep_ == "amod" and _bare_capital(head)) and (
                governor.lemma_.lower() in self.product_nouns | {"server", "panel"}
                or governor.pos_ == "NOUN" and self.tech_at(governor)):
            out["product_modifier"] = ("TECHNOLOGY", w.get("product_modifier", 1))
            inside = range(span.start, span.end)
            others = [c for c in governor.children if c.dep_ in {"compound", "amod"} and c.i not in inside]
            if self.tech_at(governor) and governor.i not in inside or any(self.tech_at(c) for c in others):
                # "Longshore coastal surveillance towers": a name before a technology is that product's name
                out["names_technology"] = ("TECHNOLOGY", w.get("names_technology", 2))
            top = governor
            while top.dep_ in {"compound", "amod"} and top.head.i != top.i:
                top = top.head  # "its Ravn social media monitoring service": the owner hangs on the phrase's head
            if any(c.dep_ == "poss" for c in (*governor.children, *top.children)):
                # "its Larkspur analytics suite", "the firm's Sundew platform": a name inside an owned product
                out["owned_product"] = ("TECHNOLOGY", w.get("owned_product", 2))
        return out

    def issuer_value(self, span: Span) -> bool:
        """The name that is the whole value of a header line 'Issuer: ...' (the labels of headings.json)."""
        label, colon, value = line_of(span).partition(":")
        return bool(colon) and label.strip().lower() in self.issuer_labels and value.strip() == span.text

    def leads_a_record(self, span: Span) -> bool:
        """A name opening its line and labelling, after a colon, the customers, contracts or projects listed
        next ('Sensata Grid Systems: confirmed contracts, 2016-2022')."""
        doc = span.doc
        if span.end >= len(doc) or doc[span.end].text != ":" or (span.start > 0 and "\n" not in doc[span.start - 1]
                                                                   .text + doc[span.start - 1].whitespace_):
            return False
        for token in doc[span.end + 1:]:
            if "\n" in token.text:
                return False
            if token.lemma_.lower() in self.record_nouns:
                return True
        return False

    def comma_description(self, span: Span) -> Token | None:
        """The last noun of a comma-delimited description right after a name ("X, a Danish start-up,",
        "X, the firm's fingerprint matching software,"), read from the surface rather than the parse."""
        doc = span.doc
        i = span.end
        if i + 1 >= len(doc) or doc[i].text != "," or doc[i + 1].lower_ not in {"a", "an", "the", "its", "their"} \
                and not (doc[i + 1].text[:1].isupper() and i + 2 < len(doc) and doc[i + 2].tag_ == "POS"):
            return None
        last = None
        for token in doc[i + 1:min(len(doc), i + 14)]:
            if token.text in {",", ".", ";", ")", ":"} or token.lower_ in {"that", "which", "who", "for", "of"}:
                if token.lower_ == "of" and last is not None and last.lemma_.lower() in self.collective:
                    return None  # "X, a group of forty villages": a quantity, not what X is
                break
            if last is not None and token.pos_ in {"VERB", "ADP", "SCONJ"}:
                break  # "X, the spyware sold by Y,": the description ends where its participle or preposition begins
            if token.pos_ in {"NOUN", "PROPN"}:
                last = token
        return last

    def lent_to(self, head: Token) -> Token:
        """The verb a raising or control verb lends its subject to ("X is said to have sold": 'sold')."""
        verb = head.head
        for _ in range(3):
            nxt = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"}), None)
            if nxt is None:
                break
            verb = nxt
        return verb

    def named_after(self, span: Span) -> Token | None:
        """The noun a naming word links the name to: 'suite' in "a monitoring suite named X"."""
        doc = span.doc
        for cue in self.naming:
            words = cue.split()
            start = span.start - len(words)
            if start >= 1 and [t.lower_ for t in doc[start:span.start]] == words:
                noun = doc[start - 1]
                if noun.text == ",":
                    noun = doc[start - 2] if start >= 2 else noun
                return noun if noun.pos_ in {"NOUN", "PROPN"} else None
        return None

    def acquiring(self, clause: Token) -> bool:
        """Whether a 'from' phrase hangs on a getting word: an acquiring verb or noun, a product noun, or a light
        verb whose object is one ("took delivery of ... from")."""
        gets = self.acquire_verbs | self.product_nouns | self.acquire_nouns
        if clause.lemma_.lower() in gets:
            return True
        return any(c.dep_ == "dobj" and c.lemma_.lower() in gets for c in clause.children)

    def objects(self, clause: Token) -> list[Token]:
        """What a clause gets: its object, passive subject and the objects of its 'of' phrases."""
        direct = [c for c in clause.children if c.dep_ in {"dobj", "nsubjpass"}]
        through = [g for c in [clause, *direct] for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                   for g in p.children if g.dep_ == "pobj"]
        return direct + through

    def product_like(self, token: Token) -> bool:
        """Whether an object names a product: a technology, a product noun, or a proper noun that is no place."""
        if self.tech_at(token) or token.lemma_.lower() in self.product_nouns:
            return True
        return token.text[:1].isupper() and not token.is_sent_start and not self.gaz.country_of(token.text)

    def tech_phrase(self, noun: Token) -> bool:
        """Whether a noun or a modifier of it names a technology ("a gunshot detection network"); a capitalised
        noun is part of a name ("the National Encryption Body"), whatever its modifiers."""
        if self.tech_at(noun):
            return True
        return noun.is_lower and any(self.tech_at(c) for c in noun.children if c.dep_ in {"compound", "amod"})

    def tech_at(self, token: Token) -> bool:
        """Whether a technology candidate (registry or pattern) covers the token."""
        for method in ("ruler", "pattern"):
            name = group_name(method)
            if name in token.doc.spans and any(
                    s.label_ == "TECHNOLOGY" and s.start <= token.i < s.end for s in token.doc.spans[name]):
                return True
        return False

    def organisation_like(self, token: Token) -> bool:
        """Whether a subject names an organisation (an ORG candidate, or a capitalised proper noun)."""
        for method in ("ruler", "model"):
            name = group_name(method)
            if name in token.doc.spans and any(
                    s.label_ == "ORG" and s.start <= token.i < s.end for s in token.doc.spans[name]):
                return True
        return (token.text[:1].isupper() and not self.gaz.country_of(token.text)
                and (not token.is_sent_start or token.tag_ in NAME_TAGS))


def noun_word(token: Token) -> str:
    """The lemma of a noun with the words glued to it by hyphens ("start-up", not "up")."""
    doc, start = token.doc, token.i
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_:
        start -= 2
    if start == token.i:
        return token.lemma_.lower()
    return (doc[start:token.i].text + token.lemma_).lower()


def _bare_capital(token: Token) -> bool:
    """A capitalised word the tagger took for an adjective ('its Ravn monitoring service'), not one that only
    opens a quotation ('a "National filtering solution"')."""
    doc = token.doc
    quoted = any(0 <= i < len(doc) and doc[i].is_quote for i in (token.i - 1, token.i + 1))
    return token.text[:1].isupper() and not token.is_sent_start and not quoted
