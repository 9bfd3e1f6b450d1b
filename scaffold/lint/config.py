"""`.gitops-scaffold.yaml`: sync paths, rule levels and options, excluded paths."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold import yamlfile
from scaffold.errors import ConfigError
from scaffold.lint.config_file import CONFIG_FILE
from scaffold.lint.levels import LEVELS, OFF
from scaffold.model.files.patterns import has_dangling_escape
from scaffold.model.schemas.bundle import (
    DEFAULT_FLUX_MINOR,
    FLUX_MINORS,
    UnknownFluxMinor,
    minor_of,
)
from scaffold.model.schemas.kubernetes import (
    DEFAULT_KUBERNETES_MINOR,
    KUBERNETES_MINORS,
    UnknownKubernetesMinor,
    kubernetes_minor_of,
)

TOP_LEVEL_KEYS = ("flux_version", "kubernetes_version", "sync_paths", "rules", "exclude")
# The rule that took the Flux release as its own option before it became a top-level key.
LEGACY_FLUX_VERSION = ("deprecated-api-version", "flux_version")
HINT = "see the Linting section of the README for the file's format"


@dataclass
class LintConfig:
    """The validated configuration: level and options per rule, sync paths, excludes."""

    sync_paths: list[str] = field(default_factory=list)
    levels: dict[str, str] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    # The Flux minor the cluster runs: which apiVersions are removed, which schemas apply.
    flux_version: str = DEFAULT_FLUX_MINOR
    # The Kubernetes minor the cluster runs: which built-in schemas and apiVersions apply.
    kubernetes_version: str = DEFAULT_KUBERNETES_MINOR

    def level(self, rule_id: str) -> str | None:
        """The configured level of a rule, or None when the file does not set one."""
        return self.levels.get(rule_id)


def default_options() -> dict[str, dict[str, Any]]:
    """Every rule's options at their defaults."""
    from scaffold.lint.registry import RULES  # the rules load when a run reads them

    return {
        rule.id: {name: default for name, (_, default) in rule.options.items()}
        for rule in RULES.values()
    }


def load_config(root: Path) -> LintConfig:
    """The configuration at `root`, or the defaults when there is no file."""
    path = root / CONFIG_FILE
    if not path.exists() and not path.is_symlink():
        return LintConfig(options=default_options())  # a FIFO or a directory is an error below
    return parse_config(yamlfile.load_with_nodes(path, hint=HINT, source=CONFIG_FILE))


def parse_config(document: Any) -> LintConfig:
    """Validate the configuration file: its loaded YAML, or a `Loaded` that gives positions."""
    loaded = document if isinstance(document, yamlfile.Loaded) else None
    data = loaded.data if loaded is not None else document
    at = _Where(loaded)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{at()}: the top level must be a mapping", HINT)
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            raise ConfigError(f"{at(str(key))}: unknown key `{key}`", HINT)
    config = LintConfig(
        sync_paths=_strings(data.get("sync_paths"), "sync_paths", at),
        exclude=_patterns(data.get("exclude"), at),
        options=default_options(),
    )
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        raise ConfigError(f"{at('rules')}: `rules` must be a mapping of rule ids", HINT)
    for rule_id, setting in rules.items():
        _apply_rule(config, str(rule_id), setting, at)
    _set_flux_version(config, data.get("flux_version"), _legacy_flux_version(rules))
    if data.get("kubernetes_version") is not None:
        config.kubernetes_version = _kubernetes_minor(data["kubernetes_version"], at)
    return config


def _kubernetes_minor(value: Any, at: _Where) -> str:
    key = "kubernetes_version"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)  # `kubernetes_version: 1.32` reads as a number
    if not isinstance(value, str):
        example = DEFAULT_KUBERNETES_MINOR
        raise ConfigError(f'{at(key)}: `{key}` must be a string such as "{example}"', HINT)
    try:
        return kubernetes_minor_of(value)
    except UnknownKubernetesMinor:
        known = ", ".join(KUBERNETES_MINORS)
        raise ConfigError(
            f"{at(key)}: `{key}` is {value!r}, a Kubernetes release lint has no schemas for "
            f"(it knows {known})",
            f'use one of {known}, quoted (`{key}: "1.30"`: YAML reads 1.30 as 1.3)',
        ) from None


def _legacy_flux_version(rules: dict[Any, Any]) -> Any:
    rule_id, name = LEGACY_FLUX_VERSION
    setting = rules.get(rule_id)
    return setting.get(name) if isinstance(setting, dict) else None


def _set_flux_version(config: LintConfig, top: Any, legacy: Any) -> None:
    """One Flux release for every rule: the top-level key, or the older per-rule option."""
    minors = [
        _flux_minor(v, k)
        for v, k in ((top, "flux_version"), (legacy, "rules.deprecated-api-version.flux_version"))
        if v is not None
    ]
    if len(set(minors)) > 1:
        raise ConfigError(
            f"{CONFIG_FILE}: `flux_version` is {minors[0]} but rule `deprecated-api-version` "
            f"sets {minors[1]}",
            "set the Flux release once, with the top-level `flux_version`",
        )
    if minors:
        config.flux_version = minors[0]
    rule_id, name = LEGACY_FLUX_VERSION
    config.options[rule_id][name] = config.flux_version


def _flux_minor(value: Any, key: str) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)  # `flux_version: 2.8` reads as a number
    if not isinstance(value, str):
        raise ConfigError(f'{CONFIG_FILE}: `{key}` must be a string such as "2.9"', HINT)
    try:
        return minor_of(value)
    except UnknownFluxMinor:
        known = ", ".join(FLUX_MINORS)
        raise ConfigError(
            f"{CONFIG_FILE}: `{key}` is {value!r}, a Flux release lint has no schemas for "
            f"(it knows {known})",
            f'use one of {known}, quoted (`flux_version: "2.9"`: YAML reads 2.10 as 2.1)',
        ) from None


class _Where:
    """`file:line:col` of a key of the configuration (the file alone without positions)."""

    def __init__(self, loaded: yamlfile.Loaded | None) -> None:
        self.loaded = loaded

    def __call__(self, *keys: str) -> str:
        return self.loaded.where(*keys) if self.loaded is not None else CONFIG_FILE


def _strings(value: Any, key: str, at: _Where) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{at(key)}: `{key}` must be a list of strings", HINT)
    return list(value)


def _patterns(value: Any, at: _Where) -> list[str]:
    patterns = _strings(value, "exclude", at)
    for pattern in patterns:
        if has_dangling_escape(pattern):
            raise ConfigError(
                f"{at('exclude')}: `exclude` has an invalid pattern {pattern!r}", HINT
            )
    return patterns


def _level(value: Any, rule_id: str, where: str) -> str:
    if value is False:  # YAML 1.1 reads a bare `off` as false
        return OFF
    if not isinstance(value, str) or value not in LEVELS:
        shown = f"level `{value}`" if isinstance(value, str) and len(value) < 40 else "a level"
        raise ConfigError(
            f"{where}: rule `{rule_id}` has {shown} that is not off, warning or error", HINT
        )
    return value


def _apply_rule(config: LintConfig, rule_id: str, setting: Any, at: _Where) -> None:
    from scaffold.lint.registry import require_rule

    rule = require_rule(rule_id, at("rules", rule_id), ConfigError)
    if not isinstance(setting, dict):
        config.levels[rule_id] = _level(setting, rule_id, at("rules", rule_id))
        return
    for name, value in setting.items():
        where = at("rules", rule_id, str(name))
        if name == "level":
            config.levels[rule_id] = _level(value, rule_id, where)
            continue
        if name not in rule.options:
            known = ", ".join(rule.options) or "none"
            raise ConfigError(
                f"{where}: rule `{rule_id}` has no option `{name}` (options: {known})", HINT
            )
        expected, _ = rule.options[name]
        config.options[rule_id][name] = _option(value, expected, f"{where}: option `{name}`")


def _option(value: Any, expected: type, what: str) -> Any:
    """`value` as the option's type: a bool is no number, and no number is negative."""
    if expected is str and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)  # `flux_version: 2.8` reads as a number
    if (isinstance(value, bool) and expected is not bool) or not isinstance(value, expected):
        raise ConfigError(f"{what} must be {_A.get(expected, expected.__name__)}", HINT)
    if isinstance(value, int) and value < 0:
        raise ConfigError(f"{what} must not be negative", HINT)
    return value


_A: dict[type, str] = {int: "a whole number", str: "a string", bool: "true or false"}
