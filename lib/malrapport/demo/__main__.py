"""`python -m malrapport.demo [--data DIR]`: write the generated demo files of data/ again.

Writes outcomes/generated.csv and the generated assessments of every demo organisation and prints their paths.
The output is deterministic: running it again gives the same bytes. Real (seed) files are only read.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import MalrapportError
from ..inputs.project import project_root
from .organisations import ORGANISATIONS
from .write import write_organisation


def main(argv: list[str] | None = None) -> int:
    """Write every demo organisation's generated files; 0 on success, 1 (message on stderr) on bad input."""
    parser = argparse.ArgumentParser(prog="python -m malrapport.demo",
                                     description="Skriv de genererade demofilerna i data/.")
    parser.add_argument("--data", type=Path, default=None,
                        help="datamappen med en mapp per organisation (standard: data/ i repot)")
    args = parser.parse_args(argv)
    try:
        if args.data is None:
            args.data = project_root() / "data"
        for org in ORGANISATIONS:
            for path in write_organisation(org, args.data):
                print(path)
    except MalrapportError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
