"""Rules files: one YAML file read into a pydantic model, or a ConfigError.

A leaf: the parsers' rules (``parsers/normalize/rules.py``) and the shared
gazetteer (``pipeline/core/divisions.py``) both load their data with it, so a
typo in any rules file fails the same way, naming the file, before any
document is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.core.errors import ConfigError

__all__ = ["StrictRules", "load_rules"]


class StrictRules(BaseModel):
    """Base of every rules model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


M = TypeVar("M", bound=BaseModel)


def load_rules(model: type[M], path: Path) -> M:
    """Read one YAML file into ``model``; any problem is a ConfigError."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read rules: {exc}") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: invalid rules: {exc}") from exc
