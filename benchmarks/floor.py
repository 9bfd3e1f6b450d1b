"""The floor: read every file named in LIST (one path a line) and load it with libyaml.

    python benchmarks/floor.py LIST [--bytes]

One process, sequential, nothing but `yaml.load_all(text, Loader=yaml.CSafeLoader)`:
what any Python linter of these files pays at least. A file that does not parse
counts as a failure and the run goes on. Prints `files documents failures` on stdout.
"""

from __future__ import annotations

import sys

import yaml


def main(argv: list[str]) -> int:
    """Load every listed file; fail only if libyaml is missing."""
    if not getattr(yaml, "__with_libyaml__", False):
        print("PyYAML was built without libyaml: no CSafeLoader, no floor", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as listing:
        paths = listing.read().splitlines()
    documents = failures = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        try:
            documents += len(list(yaml.load_all(text, Loader=yaml.CSafeLoader)))
        except yaml.YAMLError:
            failures += 1
    print(len(paths), documents, failures)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
