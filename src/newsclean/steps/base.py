"""The step base class, the step registry and the ``@step`` decorator.

A step is a frozen dataclass: its fields are its options, declared in one place,
so a step compares equal to another with the same options and round-trips
through config. It maps a :class:`~newsclean.Document` to a new document, or to
``None`` when it drops the document (raise :class:`Drop` to give the reason).

>>> from newsclean import Document
>>> @step
... def shout(doc, *, marks: int = 1):
...     return doc.text.upper() + "!" * marks
>>> shout(marks=2)(Document("hi")).text
'HI!!'
>>> shout().to_config()["marks"]
1
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from ..document import Document
from ..edits import Change, diff_change

__all__ = [
    "STEPS",
    "UNKNOWN_LANGUAGE",
    "ConfigError",
    "Drop",
    "Step",
    "TextStep",
    "resolve_step",
    "step",
]

#: ``meta["language"]`` of a document whose language is not known (ISO 639-2 "undetermined").
UNKNOWN_LANGUAGE = "und"


class ConfigError(ValueError):
    """A chain or step configuration is wrong (unknown step, unknown option, bad value)."""


class Drop(Exception):
    """Raised by a step to drop the current document; ``reason`` is recorded."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


#: Every known step class by its config name (built-in steps by their plain name,
#: decorated functions by ``module:function`` as well).
STEPS: dict[str, type[Step]] = {}


@dataclass(frozen=True)
class Step(ABC):
    """Base class of all steps.

    Subclasses set ``name`` (used in edits, ``Chain.without``/``only`` and config),
    ``rules`` (every rule id the step can record, with a one-line description) and
    declare their options as dataclass fields with defaults.
    """

    name: ClassVar[str]
    rules: ClassVar[Mapping[str, str]] = {}
    #: What the step does, in one line (shown by ``newsclean steps``).
    summary: ClassVar[str] = ""
    #: The languages (ISO 639-1) whose documents the step was written for; ``None``: all.
    languages: ClassVar[frozenset[str] | None] = None
    #: Options for documents in other languages (their language-specific rules off), merged
    #: into the step's own (sets are joined); ``None``: such documents skip the step.
    other_languages: ClassVar[Mapping[str, Any] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__ and not inspect.isabstract(cls):
            STEPS.setdefault(cls.config_name(), cls)

    def __call__(self, doc: Document) -> Document | None:
        step = self.for_language(doc.meta.get("language"))
        return doc if step is None else step.apply(doc)

    def for_language(self, language: object) -> Step | None:
        """The step as it runs on a document in ``language`` (``meta["language"]``).

        Itself for a language it supports and for an unknown one (no language, or
        ``"und"``); for another language, a copy with ``other_languages`` merged into
        its options, or ``None`` when the document skips the step.

        >>> from newsclean.steps import DatesStep, SpacingStep, TyposStep
        >>> TyposStep().for_language("de") is None, TyposStep().for_language("en")
        (True, TyposStep(disable=frozenset()))
        >>> SpacingStep().for_language("ja") == SpacingStep(), DatesStep().for_language("de").names
        (True, False)
        """
        if (
            self.languages is None
            or language in self.languages
            or not isinstance(language, str)
            or language == UNKNOWN_LANGUAGE
        ):
            return self
        if self.other_languages is None:
            return None
        variant = self.__dict__.get("_other_languages")
        if variant is None:
            options = {
                k: getattr(self, k) | v if isinstance(v, frozenset) else v
                for k, v in self.other_languages.items()
            }
            variant = dataclasses.replace(self, **options)
            object.__setattr__(self, "_other_languages", variant)  # made once per step
        return variant

    def language_note(self, doc: Document) -> str | None:
        """Why the step does not run in full on ``doc``: ``"language"`` (skipped) or
        ``"language_rules"`` (its language-specific rules off); ``None``: it runs in full."""
        step = self.for_language(doc.meta.get("language"))
        return None if step is self else "language" if step is None else "language_rules"

    def prepare(self, docs: Sequence[Document]) -> Step:
        """The step ready to run on a batch of documents (:meth:`Chain.run_many
        <newsclean.Chain.run_many>` calls it before it runs the step on each of them).

        A step may do here, for all the documents at once, work its :meth:`apply` would
        do one document at a time, and return a copy of itself that holds the results
        (the ``language`` step detects a batch's languages with one pass of numpy
        operations). What ``apply`` then gives a document must be what it gives without
        ``prepare``: never something that depends on the other documents of the batch.
        The default returns the step itself.

        >>> from newsclean.steps import SpacingStep
        >>> SpacingStep().prepare([Document("year .")]) == SpacingStep()
        True
        """
        return self

    @abstractmethod
    def apply(self, doc: Document) -> Document | None:
        """Return the cleaned document, or ``None`` (or raise :class:`Drop`) to drop it."""

    @classmethod
    def config_name(cls) -> str:
        """The name that selects this step in a config."""
        return cls.name

    def check_disable(self, disable: Iterable[str], also_known: Iterable[str] = ()) -> None:
        """Refuse rule ids in ``disable`` that this step does not have (a typo in a config)."""
        unknown = set(disable) - set(self.rules) - set(also_known)
        if unknown:
            raise ConfigError(f"{self.name}: no rule {', '.join(sorted(unknown))} to disable")

    def options(self) -> dict[str, Any]:
        """The step's options and their current values."""
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def to_config(self) -> dict[str, Any]:
        """This step as a config table: ``{"step": name, **options}``."""
        return {"step": self.config_name(), **self.options()}

    @classmethod
    def resolve_paths(cls, options: Mapping[str, Any], base: Path) -> dict[str, Any]:
        """``options`` with relative file paths made relative to ``base`` (a config's folder).

        A file option is a field declared with ``field(metadata={"path": True})``.

        >>> from newsclean.steps import EntitiesStep
        >>> EntitiesStep.resolve_paths({"gazetteer_file": "g.toml"}, Path("/etc/nc"))
        {'gazetteer_file': '/etc/nc/g.toml'}
        """
        paths = {f.name for f in dataclasses.fields(cls) if f.metadata.get("path")}
        return {
            k: str(base / v) if k in paths and isinstance(v, str) and v else v
            for k, v in options.items()
        }

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> Step:
        """Build the step from a mapping of options, refusing unknown ones."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(options) - set(known))
        if unknown:
            raise ConfigError(
                f"step {cls.name!r} has no option {', '.join(map(repr, unknown))}"
                f" (options: {', '.join(known) or 'none'})"
            )
        values = {k: _typed(v, known[k]) for k, v in options.items()}
        try:
            return cls(**values)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"step {cls.name!r}: {exc}") from exc


class TextStep(Step):
    """A step that only rewrites text: subclasses implement :meth:`changes`."""

    def apply(self, doc: Document) -> Document | None:
        return doc.with_changes(self.name, self.changes(doc.text))

    @abstractmethod
    def changes(self, text: str) -> Iterable[Change]:
        """Non-overlapping changes to ``text``, each naming its rule."""


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | frozenset):
        return [_plain(v) for v in (sorted(value) if isinstance(value, frozenset) else value)]
    return value


def _typed(value: Any, field: dataclasses.Field[Any]) -> Any:
    """Config files give lists where steps keep tuples or frozensets."""
    if isinstance(value, list):
        if field.default_factory is frozenset or str(field.type).startswith("frozenset"):
            return frozenset(value)
        return tuple(value)
    return value


def resolve_step(name: str) -> type[Step]:
    """The step class for a config name: a built-in name or ``module:function``."""
    if name in STEPS:
        return STEPS[name]
    if ":" in name:
        module_name, _, attr = name.partition(":")
        try:
            module = importlib.import_module(module_name)
            obj = getattr(module, attr)
        except Exception as exc:  # any error in the user's module is a config problem
            raise ConfigError(f"cannot import step {name!r}: {type(exc).__name__}: {exc}") from exc
        if isinstance(obj, type) and issubclass(obj, Step):
            return obj
        raise ConfigError(f"{name!r} is not a step (decorate it with @newsclean.step)")
    known = ", ".join(sorted(n for n in STEPS if ":" not in n))
    raise ConfigError(f"unknown step {name!r} (known steps: {known})")


def step(
    func: Callable[..., Document | str | None] | None = None,
    *,
    name: str | None = None,
    rules: Mapping[str, str] | None = None,
) -> Any:
    """Make a plain function a step class.

    The function takes a :class:`~newsclean.Document` and its options as
    keyword-only arguments with defaults, and returns a new document, a new text
    (the change is recorded as one edit with rule ``<name>.rewrite``) or ``None``
    to drop the document. Config refers to it as ``"module:function"``.
    """

    def wrap(fn: Callable[..., Document | str | None]) -> type[Step]:
        step_name = name or fn.__name__
        params = [p for p in inspect.signature(fn).parameters.values() if p.kind is p.KEYWORD_ONLY]
        missing = [p.name for p in params if p.default is p.empty]
        if missing:
            raise TypeError(f"step option(s) {missing} of {fn.__name__} need defaults")
        fields = [(p.name, Any, dataclasses.field(default=p.default)) for p in params]
        rule = f"{step_name}.rewrite"
        reference = f"{fn.__module__}:{fn.__qualname__}"

        def apply(self: Step, doc: Document) -> Document | None:
            result = fn(doc, **self.options())
            if result is None or isinstance(result, Document):
                if (
                    isinstance(result, Document)
                    and result.text != doc.text
                    and (len(result.edits) == len(doc.edits))
                ):
                    return doc.with_meta(**result.meta).with_changes(
                        step_name, diff_change(doc.text, result.text, rule)
                    )
                return result
            return doc.with_changes(step_name, diff_change(doc.text, result, rule))

        cls = dataclasses.make_dataclass(
            fn.__name__,
            fields,
            bases=(Step,),
            frozen=True,
            namespace={
                "name": step_name,
                "rules": dict(rules or {rule: f"{step_name} rewrote the text"}),
                "summary": (inspect.getdoc(fn) or "").split("\n")[0],
                "apply": apply,
                "config_name": classmethod(lambda cls: reference),
                "__module__": fn.__module__,
                "__qualname__": fn.__qualname__,
                "__doc__": fn.__doc__,
            },
        )
        STEPS[reference] = cls
        return cls

    return wrap(func) if func is not None else wrap
