"""A stand-in for the flux CLI (modelled on flux v2.9.4), for tests without flux or a cluster.

Written from reading the flux2 source at tag v2.9.4 (paths below are in
github.com/fluxcd/flux2 unless another repository is named); no flux code is
copied. Where a behaviour comes from a library flux uses, the library is named.

Recording (tests rely on it)
  FAKE_FLUX_RECORD    every call, valid or not, appends `{"argv": [...], "env": [names]}`
                      to this file: the NAMES of the environment variables, never values.

Configuration (all optional)
  FAKE_FLUX_VERSION   the CLI's version (default 2.7.3, the version the tests' expected
                      commit messages name)
  FAKE_FLUX_LATEST    the newest release `flux check` learns of (default 2.9.4); when it is
                      newer than FAKE_FLUX_VERSION every `flux check` prints the upgrade nag,
                      as it does for most real users. Set it equal to the version to silence it.
  FAKE_FLUX_KUBERNETES_VERSION  the cluster's version (default 1.33.1); below 1.33.0 the
                      prerequisites check fails
  FAKE_FLUX_CONTROLLERS_NOT_READY  `name,...` controllers `flux check` finds not ready
  FAKE_FLUX_CLUSTER   `unreachable`: the API server refuses connections;
                      `empty`: a cluster without Flux until a bootstrap installs it
  FAKE_FLUX_CONTEXTS  `name,...` contexts the kubeconfig holds (unset: any --context exists)
  FAKE_FLUX_FAIL      `sub=code,...`, sub one of:
                        check-pre  the API server is unreachable (exit code: `code`)
                        check      FAKE_FLUX_CONTROLLERS_NOT_READY, default source-controller
                        bootstrap  the flux-system Kustomization fails its health check
                        get        the API server is unreachable; `flux get all` still exits 0,
                                   as the real one does, so `code` is ignored
                      Real flux exits 1 on every failure; another code is a test convenience.
  FAKE_FLUX_CHECK_OUTPUT  the body `flux check` prints after the prerequisites line and the
                      nag, instead of the generated checks (a leading prerequisites line in it
                      is not repeated)
  FAKE_FLUX_REVISION  revision of the flux-system source and Kustomization in `get all`
                      (default: the commit the last bootstrap pushed, else 40 zeros);
                      hex of 40+ digits is shortened to 8, as flux does
  FAKE_FLUX_NOT_READY `namespace/kind/name=message;...` objects whose Ready is False;
                      a message may hold newlines (printed as the real table does)
  FAKE_FLUX_SUSPENDED `namespace/kind/name,...` objects whose spec.suspend is true
                      (e.g. flux-system/kustomization/flux-system); bootstrap then fails
  FAKE_FLUX_GET_OUTPUT  printed by `get all` instead of the generated tables
  FAKE_FLUX_SYNC_PATH spec.path of the flux-system Kustomization that `export` and the
                      bootstrap path check see (default: what the last bootstrap wrote,
                      else ./clusters/dev for a cluster no test bootstrapped)
  FAKE_FLUX_STATE     file holding the fake cluster (default fake-flux-cluster.json next to
                      FAKE_FLUX_RECORD): what bootstrap installed, read by get/export/check
  FAKE_FLUX_REMOTE    the local repository (file://) a bootstrap clones and pushes to instead
                      of the provider's (github, gitlab, gitea, bitbucket-server) or of
                      `--url` (git, so a test can pass a realistic https:// or ssh:// URL);
                      flux's log lines still name the real URL
  FAKE_FLUX_FILE_URLS `0` rejects `bootstrap git --url=file://...` as real flux does;
                      default `1` lets tests use a local bare repository as the remote
  FAKE_FLUX_LEAK      test-only: bootstrap prints the value of this variable (redaction tests)

Behaviours, and the flux2 files they come from
  Flags      cmd/flux/main.go (global flags, incl. k8s.io/cli-runtime ConfigFlags.AddFlags and
             fluxcd/pkg runtime/client Options.BindFlags), check.go, get.go, export.go,
             version.go, bootstrap.go and bootstrap_{git,github,gitlab,gitea,bitbucket_server}.go.
             Parsing follows spf13/pflag and spf13/cobra: `--f=v`, `--f v`, `-fv`, `-f v`,
             bool flags take no separate value, `--` ends flags; errors (`unknown flag: --x`,
             `unknown shorthand flag: 'x' in -x`, `flag needs an argument: --x`,
             `invalid argument "v" for "--x" flag: ...`) are printed by flux's main as
             `✗ <error>` on stderr, exit 1 (SilenceErrors is set, so no `Error:` line).
             A deprecated flag prints `Flag --x has been deprecated, <why>` on stdout.
             The namespace must be a DNS label (main.go PersistentPreRunE);
             FLUX_SYSTEM_NAMESPACE sets its default.
  check      check.go: `► checking prerequisites`, then the upgrade nag
             `✗ flux X <Y (new CLI version is available, please upgrade)` (never a failure),
             `✔ Kubernetes 1.33.1 >=1.33.0-0`; `--pre` stops there (`✔ prerequisites checks
             passed`, or exit 1 with no summary line); otherwise version, controllers (with
             `► <image>` lines, pkg/status/status.go wording) and CRDs, then
             `✔ all checks passed` or `✗ check failed` (exit 1).
  get all    get_all.go, get_source_all.go, get.go, pkg/printers/table_printer.go (and
             olekukonko/tablewriter v0.0.5): one table per kind, kinds in flux's order, each
             followed by a blank line; headers upper-cased, cells padded and ended by a tab,
             the header's last cell by a space; a multi-line cell adds physical lines whose
             other cells are blank. Names read `kind/name`; SUSPENDED is True/False. Errors
             are printed as `✗ ...` and the command still exits 0.
  export     export.go, export_kustomization.go: `---` then the Kustomization's YAML.
  bootstrap  pkg/bootstrap/bootstrap.go, bootstrap_plain_git.go, bootstrap_provider.go,
             pkg/manifestgen/{install,sync,kustomization}: files go to
             `<path>/<namespace>/gotk-components.yaml`, `gotk-sync.yaml`, and a generated
             `kustomization.yaml` when none exists; sync objects are named after the namespace;
             commits `Add Flux vX component manifests` and `Add Flux sync manifests` (plus
             `\n\n<--commit-message-appendix>`), author `--author-name` (Flux) with an empty
             email unless `--author-email`. Without --token-auth an SSH key is generated (unless
             a source secret exists already) and the sync URL becomes ssh:// (git: user `git`
             or -u; providers: ssh://git@<host>/<owner>/<repo>); `bootstrap git` then prints
             `✔ public key: ...` and asks `Please give the key access to your repository` on
             stdout, reading a line from stdin (promptui): `y` goes on, anything else or EOF
             fails with `✗ aborting` after the component manifests were already pushed.
             `--silent` skips the question. With --token-auth (or --with-bearer-token) the
             sync URL is https:// without user info. Tokens: GIT_PASSWORD, GITHUB_TOKEN,
             GITLAB_TOKEN, GITEA_TOKEN, BITBUCKET_TOKEN; when unset flux prints a prompt on
             stdout and reads a line from stdin (main.go readPasswordFromStdin; EOF fails).

Deliberate deviations
  - `file://` URLs work for `bootstrap git` (see FAKE_FLUX_FILE_URLS); real flux answers
    `scheme "file" is not supported`. Their sync URL is rewritten like any other URL.
  - Provider repositories are not created through an API: FAKE_FLUX_REMOTE stands in.
  - Client-go error texts (unreachable API server, missing context) are close, not exact.
  - Commands flux has but the fake does not model exit 3 with `fake flux: not modelled`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# ---------------------------------------------------------------------------------------
# Versions and constants (cmd/flux/check.go, pkg/manifestgen/install/options.go)

VERSION = os.environ.get("FAKE_FLUX_VERSION", "2.7.3").lstrip("v")
LATEST = os.environ.get("FAKE_FLUX_LATEST", "2.9.4").lstrip("v")
KUBERNETES_MINIMUM = (1, 33, 0)
KUBERNETES_CONSTRAINT = ">=1.33.0-0"
DEFAULT_COMPONENTS = ("source-controller", "kustomize-controller", "helm-controller",
                      "notification-controller")
EXTRA_COMPONENTS = ("image-reflector-controller", "image-automation-controller",
                    "source-watcher")
REQUIRED_COMPONENTS = ("source-controller", "kustomize-controller")
# manifests/bases/<component>/kustomization.yaml at v2.9.4
CONTROLLER_VERSIONS = {
    "source-controller": "v1.9.4", "kustomize-controller": "v1.9.4",
    "helm-controller": "v1.6.3", "notification-controller": "v1.9.3",
    "image-reflector-controller": "v1.2.4", "image-automation-controller": "v1.2.4",
    "source-watcher": "v2.2.3",
}
CRDS = ("alerts.notification.toolkit.fluxcd.io/v1beta3", "buckets.source.toolkit.fluxcd.io/v1",
        "gitrepositories.source.toolkit.fluxcd.io/v1",
        "helmcharts.source.toolkit.fluxcd.io/v1", "helmreleases.helm.toolkit.fluxcd.io/v2",
        "helmrepositories.source.toolkit.fluxcd.io/v1",
        "kustomizations.kustomize.toolkit.fluxcd.io/v1",
        "ocirepositories.source.toolkit.fluxcd.io/v1",
        "providers.notification.toolkit.fluxcd.io/v1beta3",
        "receivers.notification.toolkit.fluxcd.io/v1")
UNREACHABLE = 'dial tcp 127.0.0.1:6443: connect: connection refused'
GEN_WARNING = "# This manifest was generated by flux. DO NOT EDIT."

# The variable each provider reads its token from, and the prompt when it is unset.
TOKENS = {
    "git": ("GIT_PASSWORD", "Please enter your Git repository password: "),
    "github": ("GITHUB_TOKEN", "Please enter your GitHub personal access token (PAT): "),
    "gitlab": ("GITLAB_TOKEN", "Please enter your GitLab personal access token (PAT): "),
    "gitea": ("GITEA_TOKEN", "Please enter your Gitea personal access token (PAT): "),
    "bitbucket-server": ("BITBUCKET_TOKEN",
                         "Please enter your Bitbucket personal access token (PAT): "),
}
KEY_PROMPT = "Please give the key access to your repository"


class FluxError(Exception):
    """An error flux's main prints as `✗ <message>` before exiting with `code`."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class NotModelled(Exception):
    """A real flux command or feature this fake does not imitate."""


# ---------------------------------------------------------------------------------------
# Flag tables: what each command accepts, as data

@dataclass(frozen=True)
class Flag:
    name: str
    kind: str = "string"  # string bool duration int float slice array path choice
    default: Any = ""
    short: str = ""
    choices: tuple[str, ...] = ()
    deprecated: str = ""


def flags(*items: Flag) -> dict[str, Flag]:
    return {f.name: f for f in items}


S, B, D = "string", "bool", "duration"

# cmd/flux/main.go: rootCmd.PersistentFlags(), cli-runtime ConfigFlags (no --server shorthand,
# no --request-timeout), fluxcd/pkg runtime/client BindFlags; cobra adds -h/--help everywhere.
GLOBAL_FLAGS = flags(
    Flag("timeout", D, "5m0s"), Flag("verbose", B, False),
    Flag("ns-follows-kube-context", B, False), Flag("kubeconfig"),
    Flag("cache-dir", default="~/.kube/cache"), Flag("client-certificate"), Flag("client-key"),
    Flag("token"), Flag("as"), Flag("as-uid"), Flag("as-group", "array", ()),
    Flag("as-user-extra", "array", ()), Flag("cluster"), Flag("user"),
    Flag("namespace", S, "flux-system", short="n"), Flag("context"), Flag("tls-server-name"),
    Flag("insecure-skip-tls-verify", B, False), Flag("certificate-authority"),
    Flag("disable-compression", B, False), Flag("server"),
    Flag("kube-api-qps", "float", 50.0), Flag("kube-api-burst", "int", 300),
    Flag("help", B, False, short="h"),
)
ROOT_FLAGS = flags(Flag("version", B, False, short="v"))

CHECK_FLAGS = flags(  # check.go
    Flag("pre", B, False), Flag("components", "slice", DEFAULT_COMPONENTS),
    Flag("components-extra", "slice", ()), Flag("poll-interval", D, "5s"),
)
GET_FLAGS = flags(  # get.go (persistent)
    Flag("all-namespaces", B, False, short="A"), Flag("no-header", B, False),
    Flag("watch", B, False, short="w"), Flag("status-selector"),
    Flag("label-selector", short="l"),
)
EXPORT_FLAGS = flags(Flag("all", B, False))  # export.go (persistent)
VERSION_FLAGS = flags(  # version.go
    Flag("client", B, False), Flag("output", S, "yaml", short="o"),
)

BOOTSTRAP_FLAGS = flags(  # bootstrap.go (persistent)
    Flag("version", S, "", short="v"), Flag("components", "slice", DEFAULT_COMPONENTS),
    Flag("components-extra", "slice", ()), Flag("registry", S, "ghcr.io/fluxcd"),
    Flag("registry-creds"), Flag("image-pull-secret"), Flag("branch", S, "main"),
    Flag("recurse-submodules", B, False), Flag("sparse-checkout", "slice", ()),
    Flag("manifests"), Flag("watch-all-namespaces", B, True), Flag("network-policy", B, True),
    Flag("token-auth", B, False),
    Flag("log-level", "choice", "info", choices=("debug", "info", "error")),
    Flag("cluster-domain", S, "cluster.local"), Flag("toleration-keys", "slice", ()),
    Flag("secret-name", S, "flux-system"),
    Flag("ssh-key-algorithm", "choice", "ecdsa", choices=("rsa", "ecdsa", "ed25519")),
    Flag("ssh-rsa-bits", "int", 2048), Flag("ssh-hostkey-algos", "slice", ()),
    Flag("ssh-ecdsa-curve", "choice", "p384", choices=("p256", "p384", "p521")),
    Flag("ssh-hostname"), Flag("ca-file"), Flag("private-key-file"),
    Flag("author-name", S, "Flux"), Flag("author-email"),
    Flag("gpg-key-ring"), Flag("gpg-passphrase"), Flag("gpg-key-id"),
    Flag("ssh-signing-key-file"), Flag("ssh-signing-password"),
    Flag("ssh-signing-passphrase"), Flag("ssh-signing-reuse-private-key", B, False),
    Flag("commit-message-appendix"), Flag("force", B, False),
)


def provider_flags(hostname: str, what: str, *extra: Flag) -> dict[str, Flag]:
    """The flags github, gitlab, gitea and bitbucket-server share, plus their own."""
    return flags(
        Flag("owner"), Flag("repository"), Flag("personal", B, False),
        Flag("private", B, True), Flag("interval", D, "1m"), Flag("hostname", S, hostname),
        Flag("path", "path", ""), Flag("read-write-key", B, False), Flag("reconcile", B, False),
        Flag(what, "slice", ()), *extra,
    )


PROVIDER_FLAGS = {
    "git": flags(  # bootstrap_git.go
        Flag("url"), Flag("interval", D, "1m"), Flag("path", "path", ""),
        Flag("username", S, "git", short="u"), Flag("password", short="p"),
        Flag("silent", B, False, short="s"), Flag("allow-insecure-http", B, False),
        Flag("with-bearer-token", B, False),
    ),
    "github": provider_flags("github.com", "team"),  # bootstrap_github.go
    "gitlab": provider_flags(  # bootstrap_gitlab.go
        "gitlab.com", "team",
        Flag("private", B, True, deprecated="use --visibility instead"),
        Flag("visibility", "choice", "private", choices=("public", "internal", "private")),
        Flag("deploy-token-auth", B, False),
    ),
    "gitea": provider_flags("gitea.com", "team"),  # bootstrap_gitea.go
    "bitbucket-server": provider_flags(  # bootstrap_bitbucket_server.go
        "", "group", Flag("username", S, "git", short="u"),
    ),
}

# Real top-level commands this fake does not imitate (rootCmd.AddCommand in cmd/flux).
NOT_MODELLED = {"build", "completion", "create", "debug", "delete", "diff", "docgen",
                "envsubst", "events", "install", "list", "logs", "migrate", "plugin", "pull",
                "push", "reconcile", "resume", "stats", "suspend", "tag", "trace", "tree",
                "trigger", "uninstall"}


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]
    local: dict[str, Flag] = field(default_factory=dict)
    persistent: dict[str, Flag] = field(default_factory=dict)
    run: Callable[[Parsed], int] | None = None
    no_args: bool = False
    aliases: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------
# Parsing, as pflag and cobra do it

@dataclass
class Parsed:
    command: Command
    values: dict[str, Any]
    changed: set[str]
    args: list[str]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    @property
    def namespace(self) -> str:
        return str(self.values["namespace"])


GO_UNITS = {"ns": 1, "us": 1_000, "µs": 1_000, "ms": 1_000_000, "s": 10**9,
            "m": 60 * 10**9, "h": 3600 * 10**9}


def parse_duration(text: str) -> int:
    """Nanoseconds in a Go duration (`1m`, `1h30m`, `500ms`), as time.ParseDuration reads it."""
    if text in ("0", "+0", "-0"):
        return 0
    match = re.fullmatch(r"([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+", text)
    if not match:
        if re.fullmatch(r"[+-]?\d+(?:\.\d*)?", text):
            raise ValueError(f'time: missing unit in duration "{text}"')
        raise ValueError(f'time: invalid duration "{text}"')
    total = sum(float(n) * GO_UNITS[u]
                for n, u in re.findall(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)", text))
    return int(-total if match.group(1) == "-" else total)


def format_duration(nanos: int) -> str:
    """time.Duration.String() for whole milliseconds and up: `1m0s`, `10m0s`, `1h0m0s`."""
    if nanos < 10**9:
        return f"{nanos // 1_000_000}ms" if nanos else "0s"
    seconds, rest = divmod(nanos, 10**9)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    text = f"{seconds}" + (f".{rest:09d}".rstrip("0") if rest else "") + "s"
    if hours or minutes:
        text = f"{minutes}m{text}"
    return f"{hours}h{text}" if hours else text


def clean_relative_path(text: str) -> str:
    """flags.SafeRelativePath: a path flattened inside the repository, written `./<path>`."""
    parts: list[str] = []
    for part in text.strip().split("/"):
        if part == "..":
            parts = parts[:-1]
        elif part not in ("", "."):
            parts.append(part)
    return "./" + "/".join(parts)


# internal/flags/{log_level,public_key_algorithm,ecdsa_curve}.go
CHOICE_WORDS = {"log-level": "log level", "ssh-key-algorithm": "public key algorithm",
                "ssh-ecdsa-curve": "curve"}


def convert(flag: Flag, value: str) -> Any:
    """A flag value as its pflag Value.Set would store it; ValueError with pflag's cause."""
    if flag.kind == "bool":
        truth = {"1": True, "t": True, "T": True, "TRUE": True, "true": True, "True": True,
                 "0": False, "f": False, "F": False, "FALSE": False, "false": False,
                 "False": False}
        if value not in truth:
            raise ValueError(f'strconv.ParseBool: parsing "{value}": invalid syntax')
        return truth[value]
    if flag.kind == "duration":
        parse_duration(value)
        return value
    if flag.kind == "int":
        try:
            return int(value, 0)
        except ValueError:
            raise ValueError(f'strconv.ParseInt: parsing "{value}": invalid syntax') from None
    if flag.kind == "float":
        try:
            return float(value)
        except ValueError:
            raise ValueError(f'strconv.ParseFloat: parsing "{value}": invalid syntax') from None
    if flag.kind == "choice":
        if value not in flag.choices:
            if flag.name == "visibility":  # internal/flags/gitlab_visibility.go
                raise ValueError(f"unsupported visibility '{value}'")
            raise ValueError(f"unsupported {CHOICE_WORDS[flag.name]} '{value}', must be one"
                             f" of: {', '.join(flag.choices)}")
        return value
    if flag.name == "ssh-rsa-bits":  # internal/flags/rsa_key_bits.go
        bits = int(value) if value.strip() else 2048
        if bits < 1024:
            raise ValueError("RSA key bit size must be at least 1024")
        if bits % 8:
            raise ValueError("RSA key bit size must be a multiples of 8")
        return bits
    if flag.kind == "path":
        return clean_relative_path(value)
    return value


def find_command(argv: list[str]) -> tuple[Command, list[str]]:
    """cobra's Find: walk subcommand names among the non-flag words, keep the rest."""
    command, rest = COMMANDS[()], list(argv)
    while True:
        known = all_flags(command)
        i, word_at = 0, None
        while i < len(rest):
            word = rest[i]
            if word == "--":
                break
            if word.startswith("--") and "=" not in word:
                flag = known.get(word[2:])
                i += 2 if flag and flag.kind != "bool" else 1
                continue
            if word.startswith("-") and len(word) == 2:
                flag = next((f for f in known.values() if f.short == word[1]), None)
                i += 2 if flag and flag.kind != "bool" else 1
                continue
            if word.startswith("-"):
                i += 1
                continue
            word_at = i
            break
        if word_at is None:
            return command, rest
        child = child_command(command, rest[word_at])
        if child is None:
            return command, rest
        command, rest = child, rest[:word_at] + rest[word_at + 1:]


def child_command(parent: Command, word: str) -> Command | None:
    for path, command in COMMANDS.items():
        is_child = path[:-1] == parent.path and len(path) == len(parent.path) + 1
        if is_child and (word == path[-1] or word in command.aliases):
            return command
    return None


def all_flags(command: Command) -> dict[str, Flag]:
    """The command's own flags and the persistent flags of it and its parents."""
    merged: dict[str, Flag] = dict(GLOBAL_FLAGS)
    for depth in range(len(command.path) + 1):
        merged.update(COMMANDS[command.path[:depth]].persistent)
    merged.update(command.local)
    return merged


def parse(command: Command, words: list[str]) -> Parsed:
    """pflag's Parse, interspersed: flags anywhere, `--` ends them."""
    known = all_flags(command)
    shorts = {f.short: f for f in known.values() if f.short}
    values = {name: flag.default for name, flag in known.items()}
    if os.environ.get("FLUX_SYSTEM_NAMESPACE") and re.fullmatch(
            r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", os.environ["FLUX_SYSTEM_NAMESPACE"]):
        values["namespace"] = os.environ["FLUX_SYSTEM_NAMESPACE"]
    changed: set[str] = set()
    args: list[str] = []
    notices: list[str] = []

    def assign(flag: Flag, raw: str, spelled: str) -> None:
        try:
            value = convert(flag, raw)
        except ValueError as cause:
            raise FluxError(f'invalid argument "{raw}" for "{spelled}" flag: {cause}') from None
        if flag.kind in ("slice", "array"):
            items = [v for v in raw.split(",")] if flag.kind == "slice" else [raw]
            previous = values[flag.name] if flag.name in changed else ()
            value = (*previous, *(i for i in items if i != "" or flag.kind == "array"))
        values[flag.name] = value
        changed.add(flag.name)
        if flag.deprecated:
            notices.append(f"Flag --{flag.name} has been deprecated, {flag.deprecated}")

    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == "--":
            args += words[i:]
            break
        if word.startswith("--"):
            name, has_value, raw = word[2:].partition("=")
            if not name or name.startswith(("-", "=")):
                raise FluxError(f"bad flag syntax: {word}")
            flag = known.get(name)
            if flag is None:
                raise FluxError(f"unknown flag: --{name}")
            if not has_value:
                if flag.kind == "bool":
                    raw = "true"
                elif i < len(words):
                    raw, i = words[i], i + 1
                else:
                    raise FluxError(f"flag needs an argument: --{name}")
            assign(flag, raw, f"--{name}" if not flag.short else f"-{flag.short}, --{name}")
            continue
        if word.startswith("-") and len(word) > 1:
            letters = word[1:]
            while letters:
                short, letters = letters[0], letters[1:]
                flag = shorts.get(short)
                if flag is None:
                    raise FluxError(f"unknown shorthand flag: '{short}' in {word}")
                if flag.kind == "bool" and not letters.startswith("="):
                    raw = "true"
                elif letters:
                    raw, letters = letters.removeprefix("="), ""
                elif i < len(words):
                    raw, i = words[i], i + 1
                else:
                    raise FluxError(f"flag needs an argument: '{short}' in {word}")
                assign(flag, raw, f"-{short}, --{flag.name}")
            continue
        args.append(word)
    for notice in notices:  # cobra prints flag warnings on the command's output (stdout)
        print(notice, flush=True)
    return Parsed(command, values, changed, args)


# ---------------------------------------------------------------------------------------
# The fake cluster: configuration from the environment, state from earlier bootstraps

def log(mark: str, text: str) -> None:
    """flux's stderrLogger (cmd/flux/log.go): `<mark> <text>` on stderr."""
    print(f"{mark} {text}", file=sys.stderr, flush=True)


def env_list(name: str, sep: str = ",") -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(sep) if item.strip()]


def failure_code(sub: str) -> int:
    for item in env_list("FAKE_FLUX_FAIL"):
        name, _, code = item.partition("=")
        if name == sub:
            return int(code or 1)
    return 0


def state_file() -> Path | None:
    if os.environ.get("FAKE_FLUX_STATE"):
        return Path(os.environ["FAKE_FLUX_STATE"])
    record = os.environ.get("FAKE_FLUX_RECORD")
    return Path(record).with_name("fake-flux-cluster.json") if record else None


def load_state() -> dict[str, dict[str, Any]]:
    """Flux installations by namespace, as bootstraps in this test left them."""
    path = state_file()
    if path is None or not path.exists():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")))


def save_state(state: dict[str, dict[str, Any]]) -> None:
    path = state_file()
    if path is not None:
        path.write_text(json.dumps(state, indent=2), encoding="utf-8")


def installations() -> dict[str, dict[str, Any]]:
    """What `get`, `export` and `check` see: the bootstrapped namespaces, else a default one."""
    state = load_state()
    if not state and os.environ.get("FAKE_FLUX_CLUSTER") != "empty":
        state = {"flux-system": {"path": "./clusters/dev", "branch": "main", "commit": "0" * 40,
                                 "version": VERSION}}
    if os.environ.get("FAKE_FLUX_SYNC_PATH"):
        for installed in state.values():
            installed["path"] = clean_relative_path(os.environ["FAKE_FLUX_SYNC_PATH"])
    return state


def connect(parsed: Parsed) -> None:
    """Load the kubeconfig and reach the API server, or raise FluxError as client-go words it."""
    kubeconfig = parsed["kubeconfig"]
    if kubeconfig and not Path(kubeconfig).exists():
        raise FluxError(f"stat {kubeconfig}: no such file or directory")
    contexts = env_list("FAKE_FLUX_CONTEXTS")
    if parsed["context"] and contexts and parsed["context"] not in contexts:
        raise FluxError(f'context "{parsed["context"]}" does not exist')


def reachable() -> bool:
    return os.environ.get("FAKE_FLUX_CLUSTER", "") != "unreachable"


def truncate_hex(text: str) -> str:
    """internal/utils/hex.go TruncateHex: 40 to 128 hex digits shortened to 8."""
    return re.sub(r"\b[a-f0-9]{40,128}\b", lambda m: m.group(0)[:8], text)


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", text.split("-")[0])[:3])


# ---------------------------------------------------------------------------------------
# flux check (cmd/flux/check.go)

def run_check(parsed: Parsed) -> int:
    log("►", "checking prerequisites")
    if "-" not in VERSION and version_tuple(LATEST) > version_tuple(VERSION):
        log("✗", f"flux {VERSION} <{LATEST} (new CLI version is available, please upgrade)")
    try:
        connect(parsed)
    except FluxError as error:
        error.message = ("Kubernetes client initialization failed: kubernetes configuration"
                         f" load failed: {error.message}")
        raise
    pre = bool(parsed["pre"])
    code = failure_code("check-pre" if pre else "check")
    override = os.environ.get("FAKE_FLUX_CHECK_OUTPUT")
    if override is not None:
        lines = override.splitlines()
        if lines[:1] == ["► checking prerequisites"]:
            lines = lines[1:]
        for line in lines:
            print(line, file=sys.stderr, flush=True)
        if code and not pre and "✗ check failed" not in lines:
            log("✗", "check failed")
        return code
    kubernetes = os.environ.get("FAKE_FLUX_KUBERNETES_VERSION", "1.33.1").lstrip("v")
    if not reachable() or (pre and code):
        log("✗", f'Kubernetes API call failed: Get "https://127.0.0.1:6443/version": '
                 f"{UNREACHABLE}")
        failed = True
    elif version_tuple(kubernetes) < KUBERNETES_MINIMUM:
        log("✗", f"Kubernetes version v{kubernetes} does not match {KUBERNETES_CONSTRAINT}")
        failed = True
    else:
        log("✔", f"Kubernetes {kubernetes} {KUBERNETES_CONSTRAINT}")
        failed = False
    if pre:
        if failed:
            return code or 1  # check.go exits 1 without a summary line
        log("✔", "prerequisites checks passed")
        return 0
    failed = check_installation(parsed, failed or not reachable(), code) or failed
    if failed:
        log("✗", "check failed")
        return code or 1
    log("✔", "all checks passed")
    return 0


def check_installation(parsed: Parsed, unreachable: bool, code: int) -> bool:
    """Version (from the CRDs, cluster-wide), controllers (in --namespace) and CRDs."""
    log("►", "checking version in cluster")
    if unreachable:
        log("✗", f'checking failed: Get "https://127.0.0.1:6443/apis": {UNREACHABLE}')
        log("►", "checking controllers")
        log("►", "checking crds")
        return True
    everywhere = installations()
    installed = everywhere.get(parsed.namespace)
    anywhere = installed or next(iter(everywhere.values()), None)
    if anywhere is None:
        log("✗", 'checking failed: customresourcedefinitions.apiextensions.k8s.io'
                 ' "gitrepositories.source.toolkit.fluxcd.io" not found')
    else:
        log("✔", f"distribution: flux-v{anywhere.get('version', VERSION)}")
        log("✔", "bootstrapped: true")
    log("►", "checking controllers")
    if installed is None:
        log("✗", f"no controllers found in the '{parsed.namespace}' namespace with the label"
                 " selector 'app.kubernetes.io/part-of=flux'")
        installed = {"components": ()}  # nothing to list: the failure is said above
    broken = env_list("FAKE_FLUX_CONTROLLERS_NOT_READY") or (["source-controller"] if code else [])
    for name in sorted(installed.get("components", DEFAULT_COMPONENTS)):
        state = "not ready" if name in broken else "ready"
        log("✗" if name in broken else "✔", f"{name}: deployment {state}")
        log("►", f"{installed.get('registry', 'ghcr.io/fluxcd')}/{name}:"
                 f"{CONTROLLER_VERSIONS.get(name, 'v1.0.0')}")
    log("►", "checking crds")
    if anywhere is None:
        log("✗", "no crds found with the label selector 'app.kubernetes.io/part-of=flux'")
        return True
    for crd in CRDS:
        log("✔", crd)
    return not installed.get("components", DEFAULT_COMPONENTS) or bool(broken)



# ---------------------------------------------------------------------------------------
# flux get all (cmd/flux/get_all.go, get.go, pkg/printers/table_printer.go)

# kind -> columns after NAME, in the order `get all` prints the kinds
KIND_COLUMNS = {
    "ocirepository": ("Revision", "Suspended"), "bucket": ("Revision", "Suspended"),
    "gitrepository": ("Revision", "Suspended"), "helmrepository": ("Revision", "Suspended"),
    "helmchart": ("Revision", "Suspended"), "externalartifact": ("Revision", "Source"),
    "imagerepository": ("Last scan", "Suspended"), "imagepolicy": ("Image", "Tag"),
    "imageupdateautomation": ("Last run", "Suspended"),
    "helmrelease": ("Revision", "Suspended"), "kustomization": ("Revision", "Suspended"),
    "receiver": ("Suspended",), "provider": (), "alert": ("Suspended",),
}


@dataclass
class Resource:
    namespace: str
    kind: str
    name: str
    revision: str = ""
    suspended: bool = False
    ready: str = "True"
    message: str = ""

    @property
    def ref(self) -> str:
        return f"{self.namespace}/{self.kind}/{self.name}"

    def cells(self) -> dict[str, str]:
        return {"Revision": truncate_hex(self.revision), "Suspended": str(self.suspended),
                "Ready": self.ready, "Message": truncate_hex(self.message),
                "Last scan": "", "Last run": "", "Image": "", "Tag": "", "Source": ""}


def cluster_resources() -> list[Resource]:
    resources = []
    for namespace, installed in installations().items():
        revision = os.environ.get("FAKE_FLUX_REVISION") or (
            f"{installed.get('branch', 'main')}@sha1:{installed.get('commit', '0' * 40)}")
        resources += [
            Resource(namespace, "gitrepository", namespace, revision,
                     message=f"stored artifact for revision '{revision}'"),
            Resource(namespace, "kustomization", namespace, revision,
                     message=f"Applied revision: {revision}"),
        ]
    by_ref = {r.ref: r for r in resources}
    for item in env_list("FAKE_FLUX_NOT_READY", ";"):
        ref, _, message = item.partition("=")
        namespace, kind, name = ref.split("/")
        resource = by_ref.setdefault(ref, Resource(namespace, kind, name))
        resource.ready, resource.message = "False", message
    for ref in env_list("FAKE_FLUX_SUSPENDED"):
        namespace, kind, name = ref.split("/")
        by_ref.setdefault(ref, Resource(namespace, kind, name, message="")).suspended = True
    return list(by_ref.values())


def render_table(header: list[str], rows: list[list[str]]) -> str:
    """tablewriter v0.0.5 as flux configures it: no borders, cells padded, tab-separated."""
    cells = [[cell.split("\n") for cell in row] for row in rows]  # a cell may span lines
    widths = [len(h) for h in header] or [0] * len(rows[0])
    for row in cells:
        widths = [max(w, *map(len, lines)) for w, lines in zip(widths, row, strict=True)]
    out = []
    if header:  # the header's last cell ends with a space, every other cell with a tab
        out.append("\t".join(h.upper().ljust(w) for h, w in zip(header, widths, strict=True)) + " ")
    for row in cells:
        for x in range(max(len(lines) for lines in row)):
            blank = "  "  # what tablewriter puts in a cell with fewer lines than its row
            line = [(lines[x] if x < len(lines) else blank).ljust(w)
                    for lines, w in zip(row, widths, strict=True)]
            out.append("".join(part + "\t" for part in line))
    return "\n".join(out) + "\n"


def run_get_all(parsed: Parsed) -> int:
    if parsed["watch"]:
        raise FluxError("expected a single resource type, but found all")
    if "FAKE_FLUX_GET_OUTPUT" in os.environ:
        print(os.environ["FAKE_FLUX_GET_OUTPUT"], end="", flush=True)
        return 0
    try:
        connect(parsed)
        error = None if reachable() and not failure_code("get") else (
            "failed to get API group resources: unable to retrieve the complete list of server"
            f' APIs: source.toolkit.fluxcd.io/v1: Get "https://127.0.0.1:6443/apis/'
            f'source.toolkit.fluxcd.io/v1": {UNREACHABLE}')
    except FluxError as failed:
        error = failed.message
    if error:
        for _ in KIND_COLUMNS:  # every kind's listing fails and is logged; exit 0 regardless
            log("✗", error)
        return 0
    everywhere = bool(parsed["all-namespaces"])
    resources = [r for r in cluster_resources()
                 if (everywhere or r.namespace == parsed.namespace)
                 and (not parsed.args or r.name == parsed.args[0])
                 and status_selected(r, parsed["status-selector"])]
    for kind, columns in KIND_COLUMNS.items():
        listed = [r for r in resources if r.kind == kind]
        if not listed:
            continue
        header = ["Name", *columns, "Ready", "Message"]
        if everywhere:
            header = ["Namespace", *header]
        rows = [([r.namespace] if everywhere else []) + [f"{kind}/{r.name}"]
                + [r.cells()[c] for c in header[2 if everywhere else 1:]] for r in listed]
        print(render_table([] if parsed["no-header"] else header, rows), flush=True)
    return 0


def status_selected(resource: Resource, selector: str) -> bool:
    if not selector:
        return True
    negate = "!=" in selector
    kind, _, wanted = selector.partition("!=" if negate else "=")
    if not _:
        raise FluxError("expected status selector in type=status or type!=status format,"
                        f" but found: {selector}")
    matches = kind.lower() == "ready" and resource.ready.lower() == wanted.lower()
    return matches != negate


# ---------------------------------------------------------------------------------------
# flux export kustomization (cmd/flux/export.go, export_kustomization.go)

def kustomization_yaml(namespace: str, installed: dict[str, Any]) -> str:
    return f"""\
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  labels:
    kustomize.toolkit.fluxcd.io/name: {namespace}
    kustomize.toolkit.fluxcd.io/namespace: {namespace}
  name: {namespace}
  namespace: {namespace}
spec:
  interval: 10m0s
  path: {installed['path']}
  prune: true
  sourceRef:
    kind: GitRepository
    name: {namespace}
"""


def run_export_kustomization(parsed: Parsed) -> int:
    if not parsed["all"] and not parsed.args:
        raise FluxError("name is required")
    connect(parsed)
    if not reachable():
        raise FluxError(f'Get "https://127.0.0.1:6443/apis": {UNREACHABLE}')
    installed = installations().get(parsed.namespace)
    if parsed["all"]:
        if installed is None:
            raise FluxError(f"no objects found in {parsed.namespace} namespace")
    elif installed is None or parsed.args[0] != parsed.namespace:
        raise FluxError(
            f'kustomizations.kustomize.toolkit.fluxcd.io "{parsed.args[0]}" not found')
    print(kustomization_yaml(parsed.namespace, installed), end="", flush=True)
    return 0


# ---------------------------------------------------------------------------------------
# flux version (cmd/flux/version.go)

def run_version(parsed: Parsed) -> int:
    if parsed["output"] not in ("yaml", "json"):
        raise FluxError(f"--output must be json or yaml, not {parsed['output']}")
    info: dict[str, Any] = {"flux": f"v{VERSION}"}
    if not parsed["client"]:
        connect(parsed)
        installed = installations().get(parsed.namespace)
        if installed is None:
            raise FluxError(f"no deployments found in {parsed.namespace} namespace")
        info["distribution"] = f"flux-v{installed.get('version', VERSION)}"
        info["helm-controller"] = CONTROLLER_VERSIONS["helm-controller"]
    if parsed["output"] == "json":
        print(json.dumps(info, indent=2), flush=True)
    else:
        print("".join(f"{k}: {v}\n" for k, v in info.items()), end="", flush=True)
    return 0


# ---------------------------------------------------------------------------------------
# flux bootstrap (cmd/flux/bootstrap*.go, pkg/bootstrap, pkg/manifestgen)

def read_line(prompt: str) -> str | None:
    """Print `prompt` on stdout and read one line from stdin; None at end of input."""
    print(prompt, end="", flush=True)
    try:
        line = sys.stdin.readline() if sys.stdin else ""
    except (OSError, ValueError):
        line = ""
    if not line.endswith("\n"):
        return None
    return line.rstrip("\r\n")


def read_token(provider: str) -> str:
    """The provider's token from its variable, else from stdin (main.go readPasswordFromStdin)."""
    variable, prompt = TOKENS[provider]
    if os.environ.get(variable):
        return os.environ[variable]
    line = read_line(prompt)
    if line is None:
        raise FluxError("could not read token: could not read from stdin: EOF")
    print(flush=True)
    return line


def validate_bootstrap(parsed: Parsed) -> None:
    """bootstrap.go bootstrapValidate."""
    components = [*parsed["components"], *parsed["components-extra"]]
    for component in REQUIRED_COMPONENTS:
        if component not in components:
            raise FluxError(f"component {component} is required")
    for component in components:
        if component not in DEFAULT_COMPONENTS + EXTRA_COMPONENTS:
            raise FluxError(f"component {component} is not available")
    if parsed["registry-creds"] and not parsed["image-pull-secret"]:
        raise FluxError("--registry-creds requires --image-pull-secret to be set")
    if parsed["registry-creds"] and len(parsed["registry-creds"].split(":")) != 2:
        raise FluxError("invalid --registry-creds format, expected 'user:password'")
    ssh_signing = parsed["ssh-signing-key-file"] or parsed["ssh-signing-reuse-private-key"]
    if parsed["gpg-key-ring"] and ssh_signing:
        raise FluxError("--gpg-* and --ssh-signing-* are mutually exclusive;"
                        " pick one signing format")
    if parsed["ssh-signing-key-file"] and parsed["ssh-signing-reuse-private-key"]:
        raise FluxError("--ssh-signing-key-file and --ssh-signing-reuse-private-key"
                        " are mutually exclusive")
    if parsed["ssh-signing-reuse-private-key"] and not parsed["private-key-file"]:
        raise FluxError("--ssh-signing-reuse-private-key requires --private-key-file")
    password, alias = parsed["ssh-signing-password"], parsed["ssh-signing-passphrase"]
    if password and alias and password != alias:
        raise FluxError("--ssh-signing-password and --ssh-signing-passphrase are aliases;"
                        " do not pass both")
    if (password or alias) and not parsed["ssh-signing-key-file"]:
        raise FluxError("--ssh-signing-password requires --ssh-signing-key-file")
    for option in ("gpg-key-ring", "ssh-signing-key-file"):
        if parsed[option] and not Path(parsed[option]).exists():
            raise NotModelled(f"commit signing (--{option})")
    version = parsed["version"]
    if version and version != f"v{VERSION}":
        if version != "latest" and not version.startswith("v"):
            raise FluxError(f"targeted version '{version}' must be prefixed with 'v'")
        raise NotModelled("--version other than the CLI's own (downloads manifests)")


@dataclass
class Plan:
    """What one bootstrap does: where it clones from, what it writes, how the cluster syncs."""

    provider: str
    clone_url: str  # the URL flux logs and clones
    local_url: str  # where the fake really clones and pushes
    sync_url: str
    token_auth: bool
    key_prompt: bool  # bootstrap git asks before applying a new deploy key
    repository_ref: str = ""  # providers: https://<host>/<owner>/<repo>
    domain: str = ""


def git_plan(parsed: Parsed) -> Plan:
    """bootstrap_git.go: the auth mode and the URL written into gotk-sync.yaml."""
    url = parsed["url"]
    token_auth = bool(parsed["token-auth"] or parsed["with-bearer-token"])
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://(?:([^@/]*)@)?([^/]*)(.*)$", url)
    scheme, user, host, rest = match.groups() if match else ("", None, "", url)
    scheme = scheme.lower()
    if scheme == "http" and not parsed["allow-insecure-http"]:
        raise FluxError(f"failed to create authentication options for {url}: scheme http is"
                        " insecure, pass --allow-insecure-http=true to allow it")
    allowed = ("http", "https", "ssh") + (("file",) if os.environ.get(
        "FAKE_FLUX_FILE_URLS", "1") != "0" else ())
    if scheme not in allowed:
        raise FluxError(f'failed to create authentication options for {url}: scheme "{scheme}"'
                        " is not supported")
    if token_auth:
        if scheme not in ("http", "https"):
            host = host.rsplit(":", 1)[0] if not host.startswith("[") else host
        sync = f"{scheme if parsed['allow-insecure-http'] else 'https'}://{host}{rest}"
    else:
        if user is None or parsed["username"] != "git":
            user = parsed["username"]
        host = parsed["ssh-hostname"] or host
        sync = f"ssh://{user}@{host}{rest}"
    local = os.environ.get("FAKE_FLUX_REMOTE") or url
    return Plan("git", url, local, sync, token_auth, key_prompt=not parsed["silent"])


def provider_plan(parsed: Parsed, provider: str) -> Plan:
    """bootstrap_provider.go getCloneURL and go-git-providers: https to push, ssh to sync."""
    host = re.sub(r"^https?://", "", parsed["hostname"]).rstrip("/")
    owner, repository = parsed["owner"], parsed["repository"]
    if provider == "bitbucket-server":
        project = f"~{owner}" if parsed["personal"] else owner
        https = f"https://{host}/scm/{project}/{repository}.git"
        ssh_path = f"{project}/{repository}"
    else:
        https = f"https://{host}/{owner}/{repository}.git"
        ssh_path = f"{owner}/{repository}"
    token_auth = bool(parsed["token-auth"]) or bool(parsed.values.get("deploy-token-auth"))
    sync = https if token_auth else f"ssh://git@{parsed['ssh-hostname'] or host}/{ssh_path}"
    remote = os.environ.get("FAKE_FLUX_REMOTE", "")
    return Plan(provider, https, remote, sync, token_auth, key_prompt=False,
                repository_ref=f"https://{host}/{ssh_path}", domain=host)


def run_bootstrap(parsed: Parsed) -> int:
    provider = parsed.command.path[-1]
    leak = os.environ.get("FAKE_FLUX_LEAK")
    if leak:  # test-only: a tool that echoes its secret, for the redaction tests
        log("►", f"authenticating with {os.environ.get(leak, '')}")
    if provider == "git":
        password = parsed["password"] or os.environ.get("GIT_PASSWORD", "")
        if (parsed["token-auth"] or parsed["with-bearer-token"]) and not password:
            read_token("git")
    else:
        if parsed["ssh-signing-reuse-private-key"] and provider in ("github", "gitea"):
            raise FluxError(f"--ssh-signing-reuse-private-key is not supported by 'bootstrap"
                            f" {provider}'; that subcommand generates the SSH transport key"
                            " in-process and has no operator-supplied key to reuse")
        read_token(provider)
    provider_checks(parsed, provider)
    validate_bootstrap(parsed)
    plan = git_plan(parsed) if provider == "git" else provider_plan(parsed, provider)
    connect(parsed)
    if not reachable():
        raise FluxError(f'cluster info unavailable: Get "https://127.0.0.1:6443/apis": '
                        f"{UNREACHABLE}")
    return Bootstrap(parsed, plan).run()


def provider_checks(parsed: Parsed, provider: str) -> None:
    """What each provider command checks before anything else."""
    if provider == "gitlab":
        name = parsed["repository"]
        if not re.fullmatch(r"[\w\u00a9-\U0001f9ff][\w\-\u00a9-\U0001f9ff. ]*", name):
            raise FluxError(f"{name} is an invalid project name for gitlab.\nIt can contain"
                            " only letters, digits, emojis, '_', '.', dash, space. It must"
                            " start with letter, digit, emoji or '_'.")
        if parsed["token-auth"] and parsed["deploy-token-auth"]:
            raise FluxError("--token-auth and --deploy-token-auth cannot be set both.")
        if not parsed["private"]:
            parsed.values["visibility"] = "public"
            print("Using visibility public as --private=false", flush=True)
    if provider == "bitbucket-server" and not parsed["hostname"]:
        raise FluxError(f'invalid hostname "{parsed["hostname"]}"')


class Bootstrap:
    """pkg/bootstrap Run: components, source secret, sync manifests, health, in that order."""

    def __init__(self, parsed: Parsed, plan: Plan) -> None:
        self.parsed, self.plan = parsed, plan
        self.namespace = parsed.namespace
        self.branch = str(parsed["branch"])
        self.target = str(parsed["path"])  # "" or "./<path>"
        self.base = "/".join(p for p in (self.target.removeprefix("./"), self.namespace) if p)
        self.state = load_state()
        self.work: Path | None = None
        self.head = ""

    def run(self) -> int:
        with tempfile.TemporaryDirectory(prefix="flux-bootstrap-") as tmp:
            self.work = Path(tmp) / "repo"
            if self.plan.provider != "git":
                log("►", f"connecting to {self.plan.domain}")
                if not self.plan.local_url:
                    raise FluxError(f'failed to get Git repository "{self.plan.repository_ref}"'
                                    ": provider error: no FAKE_FLUX_REMOTE stands in for it")
                if not self.remote_has_refs():
                    log("✔", f'repository "{self.plan.repository_ref}" created')
            self.reconcile_components()
            self.reconcile_source_secret()
            self.reconcile_sync()
            return self.report_health()

    # -- git plumbing --------------------------------------------------------------------
    def git(self, *args: str, cwd: Path | None = None) -> str:
        identity = {"GIT_AUTHOR_NAME": self.parsed["author-name"],
                    "GIT_AUTHOR_EMAIL": self.parsed["author-email"],
                    "GIT_COMMITTER_NAME": self.parsed["author-name"],
                    "GIT_COMMITTER_EMAIL": self.parsed["author-email"]}
        done = subprocess.run(["git", *args], cwd=cwd or self.work, capture_output=True,
                              text=True, env={**os.environ, **identity})
        if done.returncode != 0:
            raise FluxError(done.stderr.strip().splitlines()[-1] if done.stderr.strip()
                            else f"git {args[0]} failed")
        return done.stdout

    def remote_has_refs(self) -> bool:
        done = subprocess.run(["git", "ls-remote", self.plan.local_url], capture_output=True,
                              text=True)
        return bool(done.stdout.strip())

    def clone(self) -> None:
        assert self.work is not None
        log("►", f'cloning branch "{self.branch}" from Git repository "{self.plan.clone_url}"')
        heads = subprocess.run(["git", "ls-remote", "--heads", self.plan.local_url],
                               capture_output=True, text=True)
        if heads.returncode != 0:
            raise FluxError(f"failed to clone repository: unable to clone '{self.plan.clone_url}'"
                            f": repository not found")
        names = [line.split("\t")[1] for line in heads.stdout.splitlines()]
        wanted = f"refs/heads/{self.branch}"
        if names and wanted not in names:
            cause = (f"unable to clone: couldn't find remote ref '{wanted}': git repository:"
                     f" '{self.plan.clone_url}'")
            log("⚠️", f" clone failure: {cause}")
            log("⚠️", f" clone failure: {cause}")
            raise FluxError(f"failed to clone repository: {cause}")
        self.git("clone", "--quiet", self.plan.local_url, str(self.work), cwd=self.work.parent)
        if names:
            self.git("checkout", "--quiet", "-B", self.branch, f"origin/{self.branch}")
        else:  # an empty remote: flux initialises the branch
            self.git("checkout", "--quiet", "--orphan", self.branch)
        log("✔", "cloned repository")

    def commit(self, files: dict[str, str], message: str, what: str) -> None:
        assert self.work is not None
        for rel, content in files.items():
            path = self.work / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        self.git("add", "-A")
        if subprocess.run(["git", "diff", "--cached", "--quiet"], cwd=self.work).returncode == 0:
            log("✔", f"{what} manifests are up to date")
            return
        appendix = self.parsed["commit-message-appendix"]
        self.git("commit", "--quiet", "-m", message + (f"\n\n{appendix}" if appendix else ""))
        self.head = self.git("rev-parse", "HEAD").strip()
        log("✔", f'committed {what} manifests to "{self.branch}" ("{self.head}")')
        log("►", f'pushing {what} manifests to "{self.plan.clone_url}"')
        self.git("push", "--quiet", "origin", f"HEAD:refs/heads/{self.branch}")

    # -- the steps -----------------------------------------------------------------------
    def reconcile_components(self) -> None:
        self.clone()
        log("►", "generating component manifests")
        components = [*self.parsed["components"], *self.parsed["components-extra"]]
        log("✔", "generated component manifests")
        self.commit({f"{self.base}/gotk-components.yaml": components_yaml(
            self.namespace, components, self.parsed["registry"])},
            f"Add Flux v{VERSION} component manifests", "component")
        if self.namespace not in self.state:
            log("►", f'installing components in "{self.namespace}" namespace')
            log("✔", "installed components")
        log("✔", "reconciled components")

    def reconcile_source_secret(self) -> None:
        secret = f"{self.namespace}/{self.parsed['secret-name']}"
        log("►", f'determining if source secret "{secret}" exists')
        exists = self.state.get(self.namespace, {}).get("secret") == self.parsed["secret-name"]
        key_file = "" if self.plan.token_auth else self.parsed["private-key-file"]
        if key_file and not Path(key_file).is_file():
            raise FluxError(f"failed to open private key file: open {key_file}:"
                            " no such file or directory")
        keypair = bool(key_file)
        if exists and not keypair and not self.plan.token_auth:
            log("✔", "source secret up to date")
            return
        log("►", "generating source secret")
        if not self.plan.token_auth:
            log("✔", f"public key: {public_key(self.parsed, self.plan.sync_url)}")
            if self.plan.provider != "git":
                key_name = "-".join(p for p in (self.namespace, self.branch,
                                                self.parsed["secret-name"], self.target) if p)
                log("✔", f'configured deploy key "{key_name}" for "{self.plan.repository_ref}"')
            elif self.plan.key_prompt:
                self.confirm_key()
        log("►", f'applying source secret "{secret}"')
        log("✔", "reconciled source secret")

    def confirm_key(self) -> None:
        """promptui's confirm (bootstrap_git.go promptPublicKey): only `y` goes on."""
        answer = read_line(f"? {KEY_PROMPT}? [y/N] ")
        if answer is None or answer.strip().lower() != "y":
            print(f"\r✗ {KEY_PROMPT}: ", flush=True)
            raise FluxError("aborting")
        print(f"\r✔ {KEY_PROMPT}: {answer}", flush=True)

    def reconcile_sync(self) -> None:
        assert self.work is not None
        current = self.state.get(self.namespace, {}).get("path")
        if os.environ.get("FAKE_FLUX_SYNC_PATH"):
            current = clean_relative_path(os.environ["FAKE_FLUX_SYNC_PATH"])
        if current and current.rstrip("/") != (self.target or "./").rstrip("/"):
            raise FluxError(f'sync path configuration ("{self.target}") would overwrite path'
                            f' ("{current}") of existing Kustomization')
        log("►", "generating sync manifests")
        files = {f"{self.base}/gotk-sync.yaml": sync_yaml(
            self.namespace, self.plan.sync_url, self.branch, self.parsed["secret-name"],
            self.target, format_duration(parse_duration(self.parsed["interval"])))}
        if not (self.work / self.base / "kustomization.yaml").exists():
            files[f"{self.base}/kustomization.yaml"] = generated_kustomization(
                self.work / self.base, files)
        log("✔", "generated sync manifests")
        self.commit(files, "Add Flux sync manifests", "sync")
        log("►", "applying sync manifests")
        log("✔", "reconciled sync configuration")
        self.head = self.git("rev-parse", "HEAD").strip()
        self.state[self.namespace] = {
            "path": self.target or "./", "branch": self.branch, "url": self.plan.sync_url,
            "commit": self.head, "secret": self.parsed["secret-name"], "version": VERSION,
            "registry": self.parsed["registry"],
            "components": [*self.parsed["components"], *self.parsed["components-extra"]],
        }
        save_state(self.state)

    def report_health(self) -> int:
        key = f"{self.namespace}/{self.namespace}"
        failures = []
        log("◎", f'waiting for GitRepository "{key}" to be reconciled')
        log("✔", "GitRepository reconciled successfully")
        log("◎", f'waiting for Kustomization "{key}" to be reconciled')
        suspended = f"{self.namespace}/kustomization/{self.namespace}" in env_list(
            "FAKE_FLUX_SUSPENDED")
        code = failure_code("bootstrap")
        if suspended or code:
            cause = (f"Kustomization '{key}' is suspended" if suspended else
                     "kustomization path not found: stat /tmp/kustomization-1234/"
                     f"{self.target.removeprefix('./')}: no such file or directory")
            log("✗", cause)
            failures.append(f"error while waiting for Kustomization to be ready: '{cause}'")
        else:
            log("✔", "Kustomization reconciled successfully")
        log("►", "confirming components are healthy")
        for name in [*self.parsed["components"], *self.parsed["components-extra"]]:
            log("✔", f"{name}: deployment ready")
        log("✔", "all components are healthy")
        if failures:
            raise FluxError(f"bootstrap failed with {len(failures)} health check failure(s): "
                            + ", ".join(failures), code or 1)
        return 0


def public_key(parsed: Parsed, seed: str) -> str:
    """A stand-in for the generated key's public half, in its algorithm's format."""
    algorithm = parsed["ssh-key-algorithm"]
    kind = {"rsa": "ssh-rsa", "ed25519": "ssh-ed25519"}.get(
        algorithm, f"ecdsa-sha2-nistp{parsed['ssh-ecdsa-curve'][1:]}")
    blob = base64.b64encode(hashlib.sha512(seed.encode()).digest()).decode()
    return f"{kind} AAAA{blob}"


def components_yaml(namespace: str, components: list[str], registry: str) -> str:
    """pkg/manifestgen/install: the header and, per component, a ServiceAccount and Deployment."""
    labels = f"""\
    app.kubernetes.io/instance: {namespace}
    app.kubernetes.io/part-of: flux
    app.kubernetes.io/version: v{VERSION}"""
    docs = [f"""\
---
{GEN_WARNING}
# Flux Version: v{VERSION}
# Components: {','.join(components)}
apiVersion: v1
kind: Namespace
metadata:
  labels:
{labels}
  name: {namespace}
"""]
    for name in components:
        image = f"{registry}/{name}:{CONTROLLER_VERSIONS.get(name, 'v1.0.0')}"
        docs.append(f"""\
---
apiVersion: v1
kind: ServiceAccount
metadata:
  labels:
    app.kubernetes.io/component: {name}
{labels}
  name: {name}
  namespace: {namespace}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app.kubernetes.io/component: {name}
{labels}
    control-plane: controller
  name: {name}
  namespace: {namespace}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
      - name: manager
        image: {image}
      serviceAccountName: {name}
""")
    return "".join(docs)


def sync_yaml(namespace: str, url: str, branch: str, secret: str, target: str,
              interval: str) -> str:
    """pkg/manifestgen/sync Generate: fields in sigs.k8s.io/yaml order (sorted keys)."""
    return f"""\
{GEN_WARNING}
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: {namespace}
  namespace: {namespace}
spec:
  interval: {interval}
  ref:
    branch: {branch}
  secretRef:
    name: {secret}
  url: {url}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: {namespace}
  namespace: {namespace}
spec:
  interval: 10m0s
  path: ./{target.removeprefix('./')}
  prune: true
  sourceRef:
    kind: GitRepository
    name: {namespace}
"""


def generated_kustomization(directory: Path, new: dict[str, str]) -> str:
    """pkg/manifestgen/kustomization Generate: every manifest in the directory, sorted."""
    names = {Path(rel).name for rel in new} | {"gotk-components.yaml"}
    if directory.is_dir():
        names |= {p.name for p in directory.iterdir()
                  if p.is_file() and p.suffix in (".yaml", ".yml")}
    names.discard("kustomization.yaml")
    resources = "".join(f"- {name}\n" for name in sorted(names))
    return ("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
            f"resources:\n{resources}")


# ---------------------------------------------------------------------------------------
# The command tree and main

def not_modelled(parsed: Parsed) -> int:
    raise NotModelled(f"`flux {' '.join(parsed.command.path)}`")


COMMANDS: dict[tuple[str, ...], Command] = {
    (): Command((), ROOT_FLAGS),
    ("check",): Command(("check",), CHECK_FLAGS, run=run_check, no_args=True),
    ("get",): Command(("get",), persistent=GET_FLAGS),
    ("get", "all"): Command(("get", "all"), run=run_get_all),
    ("export",): Command(("export",), persistent=EXPORT_FLAGS),
    ("export", "kustomization"): Command(("export", "kustomization"),
                                         run=run_export_kustomization, aliases=("ks",)),
    ("version",): Command(("version",), VERSION_FLAGS, run=run_version, no_args=True),
    ("bootstrap",): Command(("bootstrap",), persistent=BOOTSTRAP_FLAGS),
    **{("bootstrap", p): Command(("bootstrap", p), PROVIDER_FLAGS[p], run=run_bootstrap)
       for p in PROVIDER_FLAGS},
    **{(name,): Command((name,), run=not_modelled) for name in NOT_MODELLED},
}


def record(argv: list[str]) -> None:
    target = os.environ.get("FAKE_FLUX_RECORD")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"argv": argv, "env": sorted(os.environ)}) + "\n")


def execute(argv: list[str]) -> int:
    command, words = find_command(argv)
    if command.run is not_modelled:
        raise NotModelled(f"`flux {' '.join(command.path)}`")
    parsed = parse(command, words)
    if parsed["help"] or (command.path == () and parsed["version"]):
        print(f"flux version {VERSION}" if parsed.values.get("version") is True
              else f"Usage:\n  flux {' '.join(command.path)} [flags]", flush=True)
        return 0
    if command.run is None:
        if command.path == () and parsed.args:
            raise FluxError(f'unknown command "{parsed.args[0]}" for "flux"')
        if parsed.args and command.path in (("get",), ("export",)):
            raise NotModelled(f"`flux {' '.join(command.path)} {parsed.args[0]}`")
        print(f"Usage:\n  flux {' '.join(command.path)} [command]", flush=True)
        return 0  # cobra shows the help of a command that only groups others
    if command.no_args and parsed.args:
        raise FluxError(f'unknown command "{parsed.args[0]}" for "flux {command.path[0]}"')
    if not re.fullmatch(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", parsed.namespace):
        raise FluxError(f'namespace must be a valid DNS label: "{parsed.namespace}"')
    return command.run(parsed)


def main(argv: list[str]) -> int:
    record(argv)
    invalid = os.environ.get("FLUX_SYSTEM_NAMESPACE", "")
    if invalid and not re.fullmatch(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", invalid):
        log("⚠️", f' ignoring invalid FLUX_SYSTEM_NAMESPACE: "{invalid}"')
    try:
        return execute(argv)
    except FluxError as error:
        log("✗", error.message)
        return error.code
    except NotModelled as what:
        print(f"fake flux: not modelled: {what}", file=sys.stderr, flush=True)
        return 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
