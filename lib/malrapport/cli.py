"""The `malrapport` command. Each subcommand is added by one function `add_NAME(subparsers)` listed in
SUBCOMMANDS; it makes its parser with `new_command` and sets `run` to a function taking the parsed arguments
and returning the exit code. Bad input anywhere ends in a Swedish message on stderr and exit code 1, never a traceback."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from . import __version__
from .check import run_check
from .errors import MalrapportError

Subparsers = Any  # argparse's _SubParsersAction, which has no public name


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def run_check_command(args: argparse.Namespace) -> int:
    """Print every problem on its own line, then a count; exit 0 when clean, 1 otherwise."""
    result = run_check(args.path)
    for problem in result.problems:
        print(problem)
    if result.problems:
        print(f"{len(result.problems)} problem i {_plural(result.files_with_problems, 'fil', 'filer')}")
        return 1
    print(f"Inga problem: {_plural(result.plans, 'plan', 'planer')}, "
          f"{_plural(result.outcome_files, 'utfallsfil', 'utfallsfiler')} och "
          f"{_plural(result.assessments, 'bedömning', 'bedömningar')} kontrollerade.")
    return 0


def new_command(subparsers: Subparsers, name: str, help: str, description: str) -> argparse.ArgumentParser:
    """A subcommand's parser with Swedish help for -h; add_NAME functions start with this."""
    parser = subparsers.add_parser(name, help=help, description=description, add_help=False)
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen")
    return parser


def add_check(subparsers: Subparsers) -> None:
    parser = new_command(
        subparsers, "check", "kontrollera planer, utfall och bedömningar",
        "Kontrollerar en datamapp, en organisationsmapp eller en enskild fil och listar alla problem.")
    parser.add_argument("path", nargs="?", default="data/",
                        help="datamapp, organisationsmapp eller fil (standard: data/)")
    parser.set_defaults(run=run_check_command)


SUBCOMMANDS: list[Callable[[Subparsers], None]] = [add_check]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="malrapport", description="Måluppfyllelse: uppföljningsrapporter per organisation och period.",
        add_help=False)
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen")
    parser.add_argument("--version", action="version", version=f"malrapport {__version__}",
                        help="visa versionen")
    subparsers = parser.add_subparsers(dest="command", metavar="KOMMANDO", title="kommandon")
    for add in SUBCOMMANDS:
        add(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code instead of raising SystemExit."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if getattr(args, "run", None) is None:
            parser.print_help(sys.stderr)
            return 1
        return int(args.run(args))
    except SystemExit as exc:  # --help, --version and usage errors from argparse
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except MalrapportError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{exc.filename or ''}: filen kan inte läsas eller skrivas ({exc.strerror or exc})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("avbrutet", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
