"""The `malrapport` command. Each subcommand is added by one function `add_NAME(subparsers)` listed in
SUBCOMMANDS; it makes its parser with `new_command` and sets `run` to a function taking the parsed arguments
and returning the exit code. Bad input anywhere ends in a Swedish message on stderr and exit code 1, never a
traceback."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from ._version import __version__
from .batch.engine import DEFAULT_EXECUTOR, EXECUTORS
from .errors import MalrapportError, shorten, visible
from .render.pdf import DEFAULT_ENGINE, ENGINES

Subparsers = Any  # argparse's _SubParsersAction, which has no public name


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def run_check_command(args: argparse.Namespace) -> int:
    """Print every problem on its own line, then a count; exit 0 when clean, 1 otherwise."""
    from .inputs.check import run_check

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


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """--region, --period and --data-dir: which organisation and tertial, from which data directory."""
    parser.add_argument("--region", required=True, help="organisationens id (mappen i data/), t.ex. rn-ls1")
    parser.add_argument("--period", required=True, help="tertial, t.ex. 2022-T1")
    parser.add_argument("--data-dir", default="", help="datamapp, relativt mappen du står i (standard: data/ här, "
                                                       "i mappen ovanför eller i projektet)")


def _formats(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def run_render_command(args: argparse.Namespace) -> int:
    """Execute the report notebook for one organisation and period and write HTML, PDF, notebook and figures."""
    from pathlib import Path

    from .batch.rundef import DEFAULT_CELL_TIMEOUT
    from .inputs.project import resolve_data_dir
    from .render.job import ReportJob, render, unknown_parameter_warning
    from .render.pdf import pdf_unavailable_message

    # The kernel works in the project folder: the data directory is resolved here, against the caller's folder.
    data_dir = str(resolve_data_dir(args.data_dir))
    job = ReportJob(args.region, args.period, notebook=_notebook_option(args.notebook), data_dir=data_dir,
                    report_date=args.date, extra=(("indicator", args.indicator),) if args.indicator else (),
                    user_parameters=_parameter_options(args.parameter or []))
    for name in job.unknown_parameters():
        print(unknown_parameter_warning(args.notebook, name), file=sys.stderr)
    formats = _formats(args.format)
    cell_timeout = DEFAULT_CELL_TIMEOUT if args.cell_timeout is None else _seconds_option("cell_timeout",
                                                                                          args.cell_timeout)
    written = render(job, Path(args.out), formats, pdf_engine=args.pdf_engine, cell_timeout=cell_timeout)
    for kind in ("html", "pdf", "ipynb"):
        if kind in written:
            print(f"{kind.upper():5} {written[kind]}")
    if "pdf" in formats and "pdf" not in written:
        print(pdf_unavailable_message(args.pdf_engine), file=sys.stderr)
        return 1
    return 0


def _notebook_option(text: str) -> str:
    """--notebook: a report notebook's name, or a path to an .ipynb read from the caller's folder."""
    from pathlib import Path

    from .errors import did_you_mean
    from .inputs.project import NOTEBOOKS

    if text in NOTEBOOKS:
        return text
    path = Path(text).expanduser().resolve()
    if not path.is_file():
        raise MalrapportError(f"anteckningsboken '{shorten(text)}' finns inte", file=path,
                              hint=did_you_mean(text, NOTEBOOKS) or f"ange {', '.join(NOTEBOOKS)} eller sökvägen "
                                                                    "till en .ipynb-fil")
    return str(path)


def _parameter_options(pairs: list[list[str]]) -> tuple[tuple[str, Any], ...]:
    """-p NAME VALUE, as papermill's: the value read as YAML (2022 a number, [a, b] a list), else as text."""
    import yaml

    from .render.job import parameter_name_problem, plain_value

    values: dict[str, Any] = {}
    for name, text in pairs:
        problem = parameter_name_problem(name)
        if problem is not None:
            raise MalrapportError(f"-p {shorten(name)}: {problem[0]}", hint=problem[1])
        try:
            values[name] = plain_value(yaml.safe_load(text))
        except (yaml.YAMLError, ValueError):
            values[name] = text
    return tuple(values.items())


def add_render(subparsers: Subparsers) -> None:
    parser = new_command(
        subparsers, "render", "skriv en rapport som HTML och PDF",
        "Kör rapportens anteckningsbok för en organisation och en period och skriver HTML, PDF, den körda "
        "anteckningsboken och sifferunderlaget (CSV och JSON).")
    add_report_arguments(parser)
    parser.add_argument("--format", default="html,pdf", help="html, pdf eller html,pdf (standard)")
    parser.add_argument("--out", default="outputs", help="utmapp (standard: outputs)")
    parser.add_argument("--pdf-engine", default=DEFAULT_ENGINE, choices=list(ENGINES),
                        help=" eller ".join(f"{name} ({engine.label})" for name, engine in ENGINES.items()))
    parser.add_argument("--notebook", default="malrapport",
                        help="malrapport (rapporten, standard), indikator (fördjupningen av en indikator) eller "
                             "sökvägen till en annan .ipynb")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAMN", "VÄRDE"),
                        help="en parameter till anteckningsboken, som papermills -p; värdet läses som YAML "
                             "(2022 ett tal, [a, b] en lista); kan upprepas")
    parser.add_argument("--indicator", default="", help="indikatorns id, för --notebook indikator")
    parser.add_argument("--date", default="", help="datum i titelblocket, t.ex. 2024-09-15")
    add_timeout_arguments(parser, report=False)
    parser.set_defaults(run=run_render_command)


def run_figures_command(args: argparse.Namespace) -> int:
    from .calc.report import build_report
    from .inputs.project import resolve_data_dir
    from .present.figures import figures_json

    report = build_report(resolve_data_dir(args.data_dir), args.region, args.period)
    sys.stdout.write(figures_json(report))
    return 0


def add_figures(subparsers: Subparsers) -> None:
    parser = new_command(
        subparsers, "figures", "skriv rapportens sifferunderlag utan att rendera",
        "Beräknar status, trend och sammanfattning för en organisation och period och skriver dem som JSON.")
    add_report_arguments(parser)
    parser.set_defaults(run=run_figures_command)


def run_new_period_command(args: argparse.Namespace) -> int:
    from .inputs.new_period import start_period
    from .inputs.project import resolve_data_dir

    path = start_period(resolve_data_dir(args.data_dir), args.region, args.period, force=args.force)
    print(f"Skrev {path} – fyll i status och kommentarer, kontrollera sedan med 'malrapport check'.")
    return 0


def add_new_period(subparsers: Subparsers) -> None:
    parser = new_command(
        subparsers, "new-period", "skapa bedömningsfilen för en ny period",
        "Skriver assessments/PERIOD.yaml med alla delmål och åtgärder, och förra periodens status och text "
        "som kommentarer att utgå från.")
    add_report_arguments(parser)
    parser.add_argument("--force", action="store_true", help="skriv över en befintlig fil")
    parser.set_defaults(run=run_new_period_command)


def _seconds_option(option: str, text: str) -> float | None:
    """--cell-timeout 90, 1,5 or none; a clear message for anything else."""
    from .batch.rundef import parse_seconds

    if text.strip().lower() in ("none", "ingen"):
        return None
    seconds = parse_seconds(text)
    if seconds is None:
        flag = "--" + option.replace("_", "-")
        raise MalrapportError(f"{flag} ska vara ett antal sekunder större än 0, inte '{shorten(text)}'",
                              hint=f"till exempel {flag} 600, eller {flag} none för ingen gräns")
    return seconds


def add_timeout_arguments(parser: argparse.ArgumentParser, report: bool) -> None:
    """--cell-timeout (and --report-timeout): how long a cell (a report) may run before it is stopped."""
    from .batch.rundef import DEFAULT_CELL_TIMEOUT, DEFAULT_REPORT_TIMEOUT

    parser.add_argument("--cell-timeout", default=None, metavar="S",
                        help=f"sekunder en cell får köra (standard {DEFAULT_CELL_TIMEOUT:g}; none: ingen gräns)")
    if report:
        parser.add_argument("--report-timeout", default=None, metavar="S",
                            help=f"sekunder en rapport får köra (standard {DEFAULT_REPORT_TIMEOUT:g}; none: ingen "
                                 "gräns)")


def run_batch_command(args: argparse.Namespace) -> int:
    """Render every report of a run definition that is not up to date; exit 1 if any failed, 130 on Ctrl-C."""
    from .batch.engine import run_batch
    from .batch.rundef import load_run_definition

    if args.jobs is not None and not args.jobs.strip().isdigit():
        raise MalrapportError(f"--jobs ska vara ett heltal, inte '{args.jobs}'", hint="till exempel --jobs 2")
    definition = load_run_definition(args.file)
    if args.cell_timeout is not None:
        definition = replace(definition, cell_timeout=_seconds_option("cell_timeout", args.cell_timeout))
    if args.report_timeout is not None:
        definition = replace(definition, report_timeout=_seconds_option("report_timeout", args.report_timeout))
    jobs = None if args.jobs is None else int(args.jobs)
    result = run_batch(definition, jobs=jobs, force=args.force, executor=args.executor, scheduler=args.scheduler)
    return result.exit_code


def add_batch(subparsers: Subparsers) -> None:
    parser = new_command(
        subparsers, "batch", "skriv alla rapporter i en körningsfil (params/*.yaml)",
        "Kör rapporterna för alla organisationer och perioder i en körningsfil på förvärmda kärnor, parallellt. "
        "Rapporter vars indata inte ändrats hoppas över; en rapport som misslyckas stoppar inte de andra.")
    parser.add_argument("file", metavar="FIL", help="körningsfilen, t.ex. params/demo.yaml")
    parser.add_argument("--jobs", default=None, metavar="N", help="antal parallella arbetare (standard: en per kärna)")
    parser.add_argument("--force", action="store_true", help="gör om alla rapporter, även oförändrade")
    parser.add_argument("--executor", default=DEFAULT_EXECUTOR, help=" eller ".join(EXECUTORS))
    add_timeout_arguments(parser, report=True)
    parser.add_argument("--scheduler", default=None, metavar="ADRESS",
                        help="Dask-schemaläggarens adress, t.ex. tcp://127.0.0.1:8786 (med --executor dask)")
    parser.set_defaults(run=run_batch_command)


def run_verify_command(args: argparse.Namespace) -> int:
    """Re-execute reports from their manifests; exit 0 when every one is identical, else 1."""
    from .batch.verify import verify

    results = verify(args.path)
    for result in results:
        if result.identical:
            print(f"identisk     {result.manifest}")
        else:
            print(f"SKILJER SIG  {result.manifest}")
            for difference in result.differences:
                print(f"  {difference}")
    different = sum(1 for r in results if not r.identical)
    print(f"{len(results) - different} av {_plural(len(results), 'rapport', 'rapporter')} identiska vid omkörning.")
    return 1 if different else 0


def add_verify(subparsers: Subparsers) -> None:
    parser = new_command(
        subparsers, "verify", "kör om en rapport från dess manifest och jämför",
        "Kör rapporten igen med parametrarna i dess manifest och jämför HTML och sifferunderlag byte för byte "
        "med filerna på disken.")
    parser.add_argument("path", metavar="SÖKVÄG", help="ett manifest, en rapports HTML-fil eller en mapp med rapporter")
    parser.set_defaults(run=run_verify_command)


SUBCOMMANDS: list[Callable[[Subparsers], None]] = [add_check, add_render, add_figures, add_new_period,
                                                 add_batch, add_verify]


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
        print(visible(f"{exc.filename or ''}: filen kan inte läsas eller skrivas ({exc.strerror or exc})"),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("avbrutet", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
