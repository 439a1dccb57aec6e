"""Domain knowledge: every file of `models/` read once into a `Knowledge` object that is handed down.

`load_knowledge(folder)` reads the shipped files overlaid by a user's folder
and carries their digest; `gazetteer_of` and `org_registry` are the views the
entity and relation stages build from it, once per object.
"""

from pipeline.knowledge.files import default_models_dir, folder_key
from pipeline.knowledge.gazetteer import Gazetteer, gazetteer_of, org_key, tech_key
from pipeline.knowledge.lexicon import lexicon_of, word_list
from pipeline.knowledge.loader import Knowledge, adopt, load_knowledge
from pipeline.knowledge.registry import Known, OrgRegistry, org_registry, registry_records

__all__ = [
    "Gazetteer",
    "Knowledge",
    "Known",
    "OrgRegistry",
    "adopt",
    "default_models_dir",
    "folder_key",
    "gazetteer_of",
    "lexicon_of",
    "load_knowledge",
    "org_key",
    "org_registry",
    "registry_records",
    "tech_key",
    "word_list",
]
