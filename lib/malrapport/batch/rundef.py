"""Run definitions (`params/*.yaml`): which notebooks, organisations and periods a batch renders, and how.

```yaml
notebooks: [malrapport, analyser/kommun.ipynb]   # or `notebook: malrapport`; "malrapport", "indikator" or paths
                            # to .ipynb files
organisations: all          # every organisation of the data directory, or a list: [rn-ls1, rjh-rs]
periods: plan               # the three tertials of each organisation's latest plan year, or a list
                            # [2024-T1, 2024-T2], or a range "2024-T1..2024-T3"
indicators: [fallskador]    # only for the indikator notebook: one report per indicator
formats: [html, pdf]        # html, pdf or both
output: outputs             # output folder
data_dir: data              # data directory
pdf_engine: typst           # optional: typst (default), chromium or quarto
report_date: "2024-09-15"   # optional: the date in the title block; without it (or with "plan") each report
                            # shows its own: the assessments' sign-off date, else the plan's; never the clock
recycle_after: 200          # optional: replace a kernel after this many reports (it is replaced sooner
                            # after an error, or when it has grown by more than 768 MB: a notebook that leaks)
cell_timeout: 600           # optional: seconds one cell may run (none: no limit); then the report fails
report_timeout: 1800        # optional: seconds one report may run in all (none: no limit)
parameters:                 # optional: further parameters per notebook (as written above), passed as papermill
  analyser/kommun.ipynb: {kommun: Umeå, years: [2022, 2023]}   # passes them; not region, period, data_dir,
                            # report_date or indicator, which malrapport sets
```

A notebook gets the report parameters (region, period, data_dir, report_date, indicator) that its
`parameters` cell declares, whatever the file is called; a parameter of `parameters:` it does not declare is
passed all the same, with a warning on stderr, as papermill does.

Relative paths are read from the folder the command runs in, like every other path on the command line.
Every problem of the file is reported at once, with file, line and key, and no report starts.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import MalrapportError, ProblemCollector, did_you_mean, shorten
from ..inputs.plans import list_organisations, plan_files
from ..inputs.project import NOTEBOOKS, notebook_path
from ..inputs.yaml_lines import YamlMap, check_keys, line_of, read_yaml
from ..model import Period, parse_range
from ..render.job import FORMATS, ReportJob, declared_parameters, parameter_name_problem, plain_value
from ..render.pdf import DEFAULT_ENGINE, ENGINES
from ._tasks import DEFAULT_CELL_TIMEOUT, DEFAULT_REPORT_TIMEOUT

KEYS = ("notebook", "notebooks", "organisations", "periods", "indicators", "formats", "output", "data_dir",
        "pdf_engine", "report_date", "recycle_after", "cell_timeout", "report_timeout", "parameters")
REQUIRED = ("organisations", "periods", "formats")
ALL, PLAN, PLAN_DATE = "all", "plan", "plan"
DEFAULT_RECYCLE = 200
INDICATOR_NOTEBOOK = "indikator"


@dataclass(frozen=True)
class RunDefinition:
    """A validated run definition; `jobs()` expands it into one ReportJob per report."""

    path: Path
    notebooks: tuple[str, ...]
    organisations: tuple[str, ...]
    periods: tuple[str, ...] | None
    formats: tuple[str, ...]
    output: Path
    data_dir: Path
    pdf_engine: str = DEFAULT_ENGINE
    report_date: str | None = None
    indicators: tuple[str, ...] = ()
    recycle_after: int = DEFAULT_RECYCLE
    cell_timeout: float | None = DEFAULT_CELL_TIMEOUT
    report_timeout: float | None = DEFAULT_REPORT_TIMEOUT
    parameters: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, hash=False)
    """`parameters:` by notebook (as in `notebooks`: a name or an absolute path)."""

    def periods_of(self, organisation: str) -> list[str]:
        """The periods to render for one organisation (`plan`: the tertials of its latest plan year)."""
        if self.periods is not None:
            return list(self.periods)
        year = max(plan_files(self.data_dir / organisation))
        return [Period.tertial(year, n).key for n in (1, 2, 3)]

    def jobs(self, report_date: str = "") -> list[ReportJob]:
        """Every report of the run, notebook by notebook, organisation by organisation, in period order."""
        jobs = []
        for notebook in self.notebooks:
            extras = [(("indicator", i),) for i in self.indicators] if notebook == INDICATOR_NOTEBOOK else [()]
            given = tuple(self.parameters.get(notebook, {}).items())
            declared = declared_parameters(self.notebook_file(notebook))  # once per notebook and run
            for organisation in self.organisations:
                for period in self.periods_of(organisation):
                    for extra in extras:
                        jobs.append(ReportJob(organisation, period, notebook=notebook, data_dir=str(self.data_dir),
                                              report_date=report_date, extra=extra, user_parameters=given,
                                              declared=declared))
        return jobs

    def notebook_file(self, notebook: str) -> Path:
        return notebook_path(notebook)

    def unknown_parameters(self) -> list[tuple[str, str]]:
        """(notebook, name) for each parameter of `parameters:` its notebook does not declare."""
        unknown: list[tuple[str, str]] = []
        for notebook in self.notebooks:
            job = ReportJob("", "", notebook=notebook, user_parameters=tuple(self.parameters.get(notebook, {}).items()),
                            declared=declared_parameters(self.notebook_file(notebook)))
            unknown.extend((notebook, name) for name in job.unknown_parameters())
        return unknown


def load_run_definition(path: str | Path) -> RunDefinition:
    """Read and check a run definition; raises MalrapportError listing every problem (file, line, key)."""
    path = Path(path)
    problems = ProblemCollector()
    if not path.is_file():
        raise MalrapportError("körningsfilen finns inte", file=path,
                              hint="ange en YAML-fil i params/, t.ex. params/demo.yaml")
    data = read_yaml(path, problems)
    problems.raise_if_any()
    if not isinstance(data, YamlMap):
        raise MalrapportError("körningsfilen ska vara en YAML-mappning med nycklar som organisations: och periods:",
                              file=path, hint="se params/demo.yaml för ett exempel")
    check_keys(path, data, KEYS, REQUIRED, "", problems)
    for key, line in getattr(data, "duplicates", []):
        problems.add(path, f"nyckeln '{key}' förekommer två gånger", "ta bort den ena", row=line, key=str(key))
    reader = _Reader(path, data, problems)
    definition = reader.definition()
    problems.raise_if_any()
    assert definition is not None
    return definition


def parse_seconds(value: object) -> float | None:
    """A time limit in seconds: a positive int or float, or such a number as text ('90', '1,5'); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    if isinstance(value, (int, float)) and math.isfinite(value) and value > 0:
        return float(value)
    return None


class _Reader:
    """Turns the parsed YAML into a RunDefinition, adding a problem for every value that is wrong."""

    def __init__(self, path: Path, data: Any, problems: ProblemCollector) -> None:
        self.path, self.data, self.problems = path, data, problems
        self.written: dict[str, str] = {}  # notebook as written in the file → as kept (name or absolute path)
        self.missing: set[str] = set()  # notebooks written that do not exist (already a problem)

    def add(self, key: str, message: str, hint: str = "") -> None:
        self.problems.add(self.path, message, hint, row=line_of(self.data, key), key=key)

    def strings(self, key: str, example: str) -> tuple[str, ...] | None:
        """A list of strings, a comma-separated string or a single value; None (with a problem) otherwise."""
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, (str, int, dt.date)):
            items = [str(value)] if not isinstance(value, str) else [v.strip() for v in value.split(",")]
        elif isinstance(value, list) and all(isinstance(v, (str, int, dt.date)) for v in value):
            items = [str(v).strip() for v in value]
        else:
            self.add(key, f"'{key}' ska vara en lista", f"skriv till exempel {key}: {example}")
            return None
        return tuple(i for i in items if i)

    def definition(self) -> RunDefinition | None:
        data_dir = Path(str(self.data.get("data_dir") or "data")).expanduser().resolve()
        output = Path(str(self.data.get("output") or "outputs")).expanduser().resolve()
        notebooks = self.notebooks()
        organisations = self.organisations(data_dir)
        periods = self.periods()
        formats = self.formats()
        indicators = self.strings("indicators", "[fallskador]") or ()
        if notebooks and INDICATOR_NOTEBOOK in notebooks and not indicators:
            self.add("indicators", "anteckningsboken indikator behöver nyckeln 'indicators'",
                     "lägg till indicators: [indikatorns id, …]")
        engine = str(self.data.get("pdf_engine") or DEFAULT_ENGINE)
        if engine not in ENGINES:
            self.add("pdf_engine", f"okänd PDF-motor '{shorten(engine)}'",
                     did_you_mean(engine, ENGINES) or f"välj en av: {', '.join(ENGINES)}")
        report_date = self.report_date()
        recycle = self.data.get("recycle_after", DEFAULT_RECYCLE)
        if isinstance(recycle, bool) or not isinstance(recycle, int) or recycle < 1:
            self.add("recycle_after", f"'recycle_after' ska vara ett positivt heltal, inte '{shorten(str(recycle))}'",
                     "skriv till exempel recycle_after: 200")
            recycle = DEFAULT_RECYCLE
        cell_timeout = self.timeout("cell_timeout", DEFAULT_CELL_TIMEOUT)
        report_timeout = self.timeout("report_timeout", DEFAULT_REPORT_TIMEOUT)
        if organisations:
            self.check_plans(data_dir, organisations, periods)
        parameters = self.parameters(notebooks) if notebooks is not None else {}
        if self.problems or notebooks is None or organisations is None or formats is None:
            return None
        self.check_stems(notebooks)
        return RunDefinition(self.path, notebooks, organisations, periods, formats, output, data_dir, engine,
                             report_date, indicators, recycle, cell_timeout, report_timeout, parameters)

    def notebooks(self) -> tuple[str, ...] | None:
        if "notebook" in self.data and "notebooks" in self.data:
            self.add("notebook", "ange antingen 'notebook' eller 'notebooks', inte båda")
            return None
        key = "notebooks" if "notebooks" in self.data else "notebook"
        names = self.strings(key, "[malrapport]")
        if names is None:
            return None
        resolved = []
        for name in names or ("malrapport",):
            value = name if name in NOTEBOOKS else str(Path(name).expanduser().resolve())
            if name not in NOTEBOOKS and not Path(value).is_file():
                hint = did_you_mean(name, NOTEBOOKS) or f"ange {', '.join(NOTEBOOKS)} eller sökvägen till en .ipynb-fil"
                self.add(key, f"anteckningsboken '{shorten(name)}' finns inte", hint)
                self.missing.add(name)
                continue
            resolved.append(value)
            self.written[name] = value
        return tuple(dict.fromkeys(resolved))

    def parameters(self, notebooks: tuple[str, ...]) -> dict[str, dict[str, Any]]:
        """`parameters:` by notebook as kept in `notebooks`; a problem for each key or value that cannot be."""
        value = self.data.get("parameters")
        if value is None:
            return {}
        example = "skriv till exempel parameters: {analyser/kommun.ipynb: {kommun: Umeå}}"
        if not isinstance(value, Mapping):
            self.add("parameters", "'parameters' ska vara en mappning från anteckningsbok till dess parametrar",
                     example)
            return {}
        out: dict[str, dict[str, Any]] = {}
        for written, given in value.items():
            key, row = f"parameters.{written}", line_of(value, written)
            notebook = self.notebook_of(str(written), notebooks)
            if str(written) in self.missing:
                continue
            if notebook is None:
                named = list(self.written) or list(NOTEBOOKS)
                self.problems.add(self.path, f"'parameters' nämner anteckningsboken '{shorten(str(written))}', som "
                                             "inte finns bland körningens anteckningsböcker",
                                  did_you_mean(str(written), named) or f"skriv namnet eller sökvägen som i notebooks: "
                                                                        f"{', '.join(named)}", row=row, key=key)
                continue
            if not isinstance(given, Mapping):
                self.problems.add(self.path, f"parametrarna för '{shorten(str(written))}' ska vara en mappning "
                                             "från namn till värde", example, row=row, key=key)
                continue
            out[notebook] = self.parameter_values(given, key)
        return out

    def notebook_of(self, written: str, notebooks: tuple[str, ...]) -> str | None:
        """The run's notebook a `parameters:` key names: as written under notebooks, or the same file by path."""
        if written in self.written:
            return self.written[written]
        if written in NOTEBOOKS:
            return written if written in notebooks else None
        path = str(Path(written).expanduser().resolve())
        return path if path in notebooks else None

    def parameter_values(self, given: Mapping[Any, Any], where: str) -> dict[str, Any]:
        """One notebook's parameters as papermill passes them; a problem for a bad name or value."""
        values: dict[str, Any] = {}
        for name, value in given.items():
            key, row = f"{where}.{name}", line_of(given, name)
            problem = parameter_name_problem(name)
            if problem:
                self.problems.add(self.path, *problem, row=row, key=key)
                continue
            try:
                values[name] = plain_value(value)
            except ValueError:
                self.problems.add(self.path, f"parametern '{name}' har ett värde som inte kan skickas",
                                  "använd text, tal, true/false, null, listor eller mappningar", row=row, key=key)
        return values

    def organisations(self, data_dir: Path) -> tuple[str, ...] | None:
        value = self.data.get("organisations")
        if not data_dir.is_dir():
            self.add("data_dir", f"datamappen '{data_dir}' finns inte",
                     "ange mappen med en undermapp per organisation, t.ex. data_dir: data")
            return None
        known = list_organisations(data_dir)
        if value == ALL:
            if not known:
                self.add("organisations", f"datamappen '{data_dir}' har inga organisationer",
                         "en organisation är en mapp med en plan-ÅR.yaml")
            return tuple(known)
        names = self.strings("organisations", "all eller [rn-ls1, rjh-rs]")
        if names is None:
            return None
        if value == []:
            self.add("organisations", "listan över organisationer är tom", "skriv all eller [rn-ls1, …]")
            return None
        unknown = [n for n in names if n not in known]
        for name in unknown:
            self.add("organisations", f"organisationen '{shorten(name)}' finns inte i {data_dir}",
                     did_you_mean(name, known) or f"organisationer: {', '.join(known) or 'inga'}")
        return None if unknown else tuple(dict.fromkeys(names))

    def periods(self) -> tuple[str, ...] | None:
        if self.data.get("periods") == PLAN:
            return None
        texts = self.strings("periods", "plan, [2024-T1, 2024-T2] eller \"2024-T1..2024-T3\"")
        out: list[str] = []
        for text in texts or ():
            try:
                out.extend(Period.parse_tertial(p).key for p in parse_range(text))
            except MalrapportError as error:
                problem = error.problems[0]
                self.add("periods", problem.message, problem.hint)
        if self.data.get("periods") == []:
            self.add("periods", "listan över perioder är tom", "skriv plan, [2024-T1, 2024-T2] eller 2024-T1..2024-T3")
        return tuple(dict.fromkeys(out))

    def formats(self) -> tuple[str, ...] | None:
        formats = self.strings("formats", "[html, pdf]")
        if formats is None:
            return None
        unknown = [f for f in formats if f not in FORMATS]
        for name in unknown:
            self.add("formats", f"okänt format '{shorten(name)}'",
                     did_you_mean(name, FORMATS) or "välj html, pdf eller båda")
        return None if unknown else tuple(dict.fromkeys(formats))

    def timeout(self, key: str, default: float) -> float | None:
        """Seconds as a positive number, or None for `none` (no limit)."""
        value = self.data.get(key, default)
        if isinstance(value, str) and value.strip().lower() in ("none", "ingen"):
            return None
        seconds = parse_seconds(value)
        if seconds is None:
            self.add(key, f"'{key}' ska vara ett antal sekunder större än 0, inte '{shorten(str(value))}'",
                     f"skriv till exempel {key}: {default:g}, eller {key}: none för ingen gräns")
            return default
        return seconds

    def report_date(self) -> str | None:
        value = self.data.get("report_date")
        if value in (None, ""):
            return None
        if value == PLAN_DATE:
            return ""
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            self.add("report_date", f"'{shorten(text)}' är inget datum",
                     "skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2024-09-15, eller plan för bedömningarnas eget datum")
            return None
        return text

    def check_plans(self, data_dir: Path, organisations: tuple[str, ...], periods: tuple[str, ...] | None) -> None:
        """Every organisation has a plan for the years asked for (`plan`: any plan)."""
        for organisation in organisations:
            years = plan_files(data_dir / organisation)
            wanted = sorted({Period.parse(p).year for p in periods}) if periods else []
            missing = [y for y in wanted if y not in years]
            if not years:
                self.add("organisations", f"organisationen '{organisation}' har ingen plan-ÅR.yaml",
                         "lägg till organisationens plan, t.ex. plan-2024.yaml")
            elif missing:
                self.add("periods", f"organisationen '{organisation}' har ingen plan för "
                                    f"{', '.join(map(str, missing))}",
                         f"det finns planer för {', '.join(map(str, sorted(years)))}")

    def check_stems(self, notebooks: tuple[str, ...]) -> None:
        stems: dict[str, str] = {}
        for notebook in notebooks:
            stem = ReportJob("x", "2000", notebook=notebook).stem
            if stem in stems:
                self.add("notebooks", f"anteckningsböckerna '{stems[stem]}' och '{notebook}' skulle skriva "
                                      "samma filnamn", "byt namn på den ena filen")
            stems[stem] = notebook
