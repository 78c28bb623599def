"""What several commands share: the chain from ``--config``, and their common options."""

from __future__ import annotations

import click

from ..chain import Chain, default_chain
from ..steps.base import ConfigError

__all__ = ["config_option", "include_option", "load_chain"]

#: ``--config FILE``: the chain's TOML config (the default chain without it).
config_option = click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False),
    help="A TOML chain config (see docs/concepts.md).",
)

#: ``--include GLOB``, repeatable: only the files whose name matches one of them.
include_option = click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help="Only files whose name matches (repeatable), e.g. '*.html'.",
)


def load_chain(config: str | None) -> Chain:
    """The chain of ``config`` (the default chain for ``None``); a bad config is a usage error."""
    try:
        return Chain.from_config(config) if config else default_chain()
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc
    except (KeyError, TypeError, ValueError) as exc:  # a config Chain.from_config does not vet
        reason = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        raise click.UsageError(f"{config}: bad config: {reason}") from exc
