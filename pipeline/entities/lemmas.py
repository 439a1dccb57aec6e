"""Verb lemmas the small model's lemmatizer leaves inflected ("resold", "sourced"), mended from the lexicon.

Cue words in `models/lexicon.json` are lemmas; a cue must match in every
inflection. Where the model returns the surface form as its lemma, or a stem
with its prefix ("re-", "on-", "sub-"), the form is de-inflected by the
regular English rules (and the irregular table of lexicon.json) and, when the
result is a verb of the lexicon, becomes the token's lemma.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.knowledge import lexicon_of, load_knowledge

PREFIXES = ("re", "on", "sub", "out", "over", "co")


def deinflect(word: str, irregular: dict[str, str]) -> list[str]:
    """Candidate lemmas of an inflected English verb form, most likely first."""
    out = [irregular[word]] if word in irregular else []
    for suffix, replacements in (("ing", ("", "e")), ("ied", ("y",)), ("ies", ("y",)), ("ed", ("", "e")),
                                 ("es", ("", "e")), ("s", ("",))):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            out.extend(stem + r for r in replacements)
            if len(stem) > 2 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # "outfitted" -> "outfit"
    return out


class LemmaMender:
    """Sets the lemma of inflected verb forms whose de-inflected form is a lexicon verb."""

    def __init__(self, verbs: frozenset[str], irregular: dict[str, str]) -> None:
        self.verbs = verbs
        self.irregular = irregular

    def lemma(self, word: str) -> str | None:
        """The lexicon verb a form inflects, if any."""
        word = word.lower()
        forms = [word.replace("-", "")] if "-" in word else [word]
        forms += [word[len(p):].lstrip("-") for p in PREFIXES if word.startswith(p) and len(word) > len(p) + 3]
        for form in forms:
            if form in self.verbs:
                return form
            for candidate in deinflect(form, self.irregular):
                if candidate in self.verbs:
                    return candidate
        return None

    def __call__(self, doc: Doc) -> Doc:
        """Annotate one Doc."""
        for token in doc:
            if token.lemma_.lower() in self.verbs or not token.is_alpha and "-" not in token.text:
                continue
            if token.pos_ not in {"VERB", "AUX", "ADJ", "NOUN"} or token.is_title and token.i > 0:
                continue
            lemma = self.lemma(token.text)
            if lemma is not None and (lemma != token.lower_ or token.lemma_.lower() != lemma):
                token.lemma_ = lemma
        return doc


def lemma_mender(models_dir: str | None) -> LemmaMender:
    """A lemma mender for every verb class of models/lexicon.json."""
    knowledge = load_knowledge(models_dir)
    lexicon = lexicon_of(knowledge)
    verbs = frozenset().union(*(words for name_, words in lexicon.items() if name_.endswith("_verbs")))
    irregular = dict(knowledge.json("lexicon.json").get("_irregular_verbs", {}))
    return LemmaMender(verbs, irregular)


def make_lemmas(nlp: Language, name: str, models_dir: str | None) -> LemmaMender:
    """spaCy factory of the lemma mender."""
    return lemma_mender(models_dir)
