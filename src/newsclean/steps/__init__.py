"""The built-in steps, one module each; importing this package registers them."""

from .base import STEPS, ConfigError, Drop, Step, TextStep, resolve_step, step
from .boilerplate import BoilerplateStep
from .dates import DatesStep
from .duplicates import DuplicatesStep
from .entities import EntitiesStep
from .language import LanguageStep
from .paragraphs import ParagraphsStep
from .spacing import SpacingStep
from .structure import StructureStep
from .typos import TyposStep
from .unicode import UnicodeStep

__all__ = [
    "STEPS",
    "BoilerplateStep",
    "ConfigError",
    "DatesStep",
    "Drop",
    "DuplicatesStep",
    "EntitiesStep",
    "LanguageStep",
    "ParagraphsStep",
    "SpacingStep",
    "Step",
    "StructureStep",
    "TextStep",
    "TyposStep",
    "UnicodeStep",
    "resolve_step",
    "step",
]
