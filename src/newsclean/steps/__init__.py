"""The built-in steps, one module each; importing this package registers them."""

from .base import STEPS, ConfigError, Drop, Step, TextStep, resolve_step, step
from .boilerplate import BoilerplateStep
from .dates import DatesStep
from .entities import EntitiesStep
from .spacing import SpacingStep
from .typos import TyposStep
from .unicode import UnicodeStep

__all__ = [
    "STEPS",
    "BoilerplateStep",
    "ConfigError",
    "DatesStep",
    "Drop",
    "EntitiesStep",
    "SpacingStep",
    "Step",
    "TextStep",
    "TyposStep",
    "UnicodeStep",
    "resolve_step",
    "step",
]
