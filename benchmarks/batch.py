"""The batch benchmark of issue 4: 21 regions × 3 tertials of the Västerbotten 2024 plan, built twice in one run.

    .venv/bin/python benchmarks/batch.py [--workdir DIR] [--regions N] [--baseline-sample K] [--jobs N] [--keep]

1. Generates one organisation folder per region (`region-0001` …) with the whole demo plan
   data/rvb-hsn/plan-2024.yaml, monthly outcomes 2022–2024 and assessments for 2024-T1..T3, and checks the tree.
2. Builds every report with the common practice – per report `papermill`, `jupyter nbconvert --to html
   --no-input` and a new headless Chromium printing the PDF, each a subprocess, timed step by step – and then
   with `malrapport batch --force` on a run definition, then the same batch again with nothing changed (the
   rerun); the batch's per-report timings come from its manifests.
3. Prints both wall times, the ratio, the per-report medians, the rerun time and where a report's time goes, and
   writes the same as JSON (default benchmarks/results/batch-DATE-NNrapporter.json).

Every subprocess carries a token in its environment; when the benchmark ends, normally or by Ctrl-C or SIGTERM,
any process that still carries it (kernels, Chromium helpers, batch workers) is stopped, so nothing is left.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import yaml

from malrapport.demo import (
    ORGANISATIONS,
    Profile,
    assessment_yaml,
    generate_assessment,
    generate_outcomes,
    outcomes_csv,
)
from malrapport.errors import MalrapportError
from malrapport.inputs.check import check_path
from malrapport.inputs.plans import load_plan
from malrapport.inputs.provenance import git_commit
from malrapport.model import Period, Region, all_regions
from malrapport.render.browser import chromium_missing_message, find_chromium

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SOURCE_PLAN = ROOT / "data" / "rvb-hsn" / "plan-2024.yaml"
NOTEBOOK = ROOT / "notebooks" / "malrapport.ipynb"
YEAR = 2024
PERIODS = tuple(Period.tertial(YEAR, n).key for n in (1, 2, 3))
REPORT_DATE = "2024-09-15"
ORGANISATION_NAME = "Hälso- och sjukvårdsnämnden"
GENITIVE = "nämndens"
TOKEN_VARIABLE = "MALRAPPORT_BENCHMARK_RUN"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-pdf-header-footer")
BATCH_CPU_STEPS = ("kernel", "worker", "html", "pdf")
"""The CPU steps a batch worker records per report in its manifest (see malrapport.batch._manifest)."""
TIMEOUTS = {"papermill": 900.0, "nbconvert": 300.0, "chromium": 180.0, "batch": 4 * 3600.0}


class BenchmarkError(Exception):
    """A step of the benchmark failed; the message says which and what to look at."""


# --- processes ----------------------------------------------------------------------------------------------

class Interrupted(Exception):
    """Ctrl-C or SIGTERM reached the benchmark."""


def children_cpu() -> float:
    """CPU seconds used so far by the benchmark's finished children and everything they waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _raise_interrupted(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signal.Signals(signum).name)


class Processes:
    """Starts the benchmark's subprocesses and makes sure none of them, nor anything they started, outlives it.

    Children stay in the benchmark's process group, so Ctrl-C on a terminal reaches them as it would in a shell
    loop; on an interrupt the running child also gets SIGINT explicitly (SIGTERM to the benchmark reaches only
    it). Kernels start in sessions of their own and Chromium leaves helpers behind, so at the end every process
    whose environment carries this run's token is stopped by its id.
    """

    def __init__(self) -> None:
        self.token = uuid.uuid4().hex
        self.env = {**os.environ, TOKEN_VARIABLE: self.token}
        self.current: subprocess.Popen[bytes] | None = None
        self.last_cpu = 0.0
        """CPU seconds (user + system) of the last command run and of the processes it started and waited for."""

    def run(self, command: Sequence[str], log: Path, timeout: float, cwd: Path | None = None) -> float:
        """Run `command` to its end with output to `log`; its wall time in seconds. BenchmarkError on failure."""
        log.parent.mkdir(parents=True, exist_ok=True)
        cpu_before = children_cpu()
        with log.open("wb") as out:
            start = time.perf_counter()
            self.current = subprocess.Popen(list(command), stdout=out, stderr=subprocess.STDOUT, env=self.env,
                                            cwd=cwd, stdin=subprocess.DEVNULL)
            try:
                code = self.current.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.stop_current(grace=2.0)
                raise BenchmarkError(f"{Path(command[0]).name} tog längre än {timeout:.0f} s; se {log}") from None
            finally:
                elapsed = time.perf_counter() - start
            self.current = None
        self.last_cpu = children_cpu() - cpu_before
        if code != 0:
            raise BenchmarkError(f"{Path(command[0]).name} slutade med kod {code}; se {log}:\n{_tail(log)}")
        return elapsed

    def stop_current(self, grace: float) -> None:
        """Ask the running child to stop (SIGINT), then kill it after `grace` seconds."""
        process, self.current = self.current, None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def sweep(self, grace: float = 3.0) -> list[int]:
        """Stop every remaining process that carries this run's token; the ids that were still running."""
        left = self._carriers()
        for pid in left:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and self._carriers():
            time.sleep(0.1)
        for pid in self._carriers():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        return left

    def _carriers(self) -> list[int]:
        marker = f"{TOKEN_VARIABLE}={self.token}".encode()
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                environ = (entry / "environ").read_bytes()
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z" and marker in environ.split(b"\0"):
                found.append(int(entry.name))
        return found


def _tail(log: Path, lines: int = 15) -> str:
    text = log.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(text[-lines:])


# --- the data set ---------------------------------------------------------------------------------------------

def organisation_id(region: Region) -> str:
    return f"region-{region.kolada_id}"


def _rvb_profiles() -> Mapping[str, Profile]:
    """The outcome profiles of the rvb-hsn demo (malrapport.demo.ORGANISATIONS), so levels look like the demo's."""
    return next(org.profiles for org in ORGANISATIONS if org.folder == "rvb-hsn")


def _plan_text(template: Mapping[str, Any], region: Region) -> str:
    plan = dict(template)
    plan["organisation"] = {"id": organisation_id(region), "name": ORGANISATION_NAME, "parent": region.name,
                            "genitive": GENITIVE, "kolada_region": region.kolada_id}
    header = (f"# {region.name}, {ORGANISATION_NAME} – nämndplan {YEAR} för batchbenchmarken.\n"
              f"# Genererad av benchmarks/batch.py från data/rvb-hsn/plan-{YEAR}.yaml (samma mål, delmål och "
              f"indikatorer).\n")
    return header + yaml.safe_dump(plan, allow_unicode=True, sort_keys=False, width=110)


def generate_data(data_dir: Path, regions: Sequence[Region]) -> list[str]:
    """Write one organisation folder per region; the organisation ids. BenchmarkError if the tree has problems."""
    template = yaml.safe_load(SOURCE_PLAN.read_text(encoding="utf-8"))
    profiles = _rvb_profiles()
    years = [Period.year_of(year) for year in range(YEAR - 2, YEAR + 1)]
    ids = []
    for region in regions:
        org = organisation_id(region)
        folder = data_dir / org
        (folder / "outcomes").mkdir(parents=True, exist_ok=True)
        (folder / "assessments").mkdir(parents=True, exist_ok=True)
        plan_path = folder / f"plan-{YEAR}.yaml"
        plan_path.write_text(_plan_text(template, region), encoding="utf-8")
        plan = load_plan(plan_path)
        outcomes = generate_outcomes(plan, periods=years, seed=org, monthly=True, profiles=profiles)
        (folder / "outcomes" / "generated.csv").write_text(outcomes_csv(outcomes), encoding="utf-8")
        for period in PERIODS:
            data = generate_assessment(plan, period, outcomes, seed=org)
            header = (f"Bedömningar för {plan.organisation.full_name}, {Period.parse(period).label}.",
                      "Genererad av benchmarks/batch.py.")
            (folder / "assessments" / f"{period}.yaml").write_text(assessment_yaml(data, header), encoding="utf-8")
        ids.append(org)
    problems = check_path(data_dir)
    if problems:
        listed = "\n".join(str(p) for p in problems[:20])
        raise BenchmarkError(f"de genererade data har {len(problems)} problem (malrapport check):\n{listed}")
    return ids


# --- the two ways of building ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Job:
    """One report: organisation and period."""

    organisation: str
    period: str

    @property
    def stem(self) -> str:
        return f"{self.organisation}-{self.period}"


@dataclass(frozen=True)
class Timing:
    """Seconds of the steps of one report."""

    stem: str
    steps: Mapping[str, float]
    cpu: Mapping[str, float] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(self.steps.values())


def sample(jobs: Sequence[Job], size: int | None) -> list[Job]:
    """All jobs, or `size` of them spread evenly over the list (first and last included)."""
    if size is None or size >= len(jobs):
        return list(jobs)
    if size == 1:
        return [jobs[0]]
    return [jobs[round(i * (len(jobs) - 1) / (size - 1))] for i in range(size)]


def build_baseline(processes: Processes, jobs: Sequence[Job], data_dir: Path, out: Path,
                   chromium: str) -> tuple[list[Timing], float]:
    """The common practice, report after report; the timings per report and the wall time of the loop."""
    timings = []
    start = time.perf_counter()
    for number, job in enumerate(jobs, 1):
        folder = out / job.organisation / job.period
        folder.mkdir(parents=True, exist_ok=True)
        ipynb, html, pdf = (folder / f"{job.stem}{suffix}" for suffix in (".ipynb", ".html", ".pdf"))
        logs = out / "logs"
        steps = {"papermill": processes.run(
            [str(BIN / "papermill"), str(NOTEBOOK), str(ipynb), "-p", "region", job.organisation,
             "-p", "period", job.period, "-p", "data_dir", str(data_dir), "-p", "report_date", REPORT_DATE],
            logs / f"{job.stem}-papermill.log", TIMEOUTS["papermill"])}
        cpu = {"papermill": processes.last_cpu}
        steps["nbconvert"] = processes.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(ipynb)],
            logs / f"{job.stem}-nbconvert.log", TIMEOUTS["nbconvert"])
        cpu["nbconvert"] = processes.last_cpu
        with tempfile.TemporaryDirectory(prefix="bench-chromium-") as profile:
            steps["chromium"] = processes.run(
                [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}",
                 html.as_uri()], logs / f"{job.stem}-chromium.log", TIMEOUTS["chromium"])
            cpu["chromium"] = processes.last_cpu  # helpers the browser did not wait for are not counted
            processes.sweep(grace=1.0)  # helpers a finished browser may leave behind
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise BenchmarkError(f"Chromium skrev ingen PDF för {job.stem}; se {logs / f'{job.stem}-chromium.log'}")
        timing = Timing(job.stem, steps, cpu)
        timings.append(timing)
        print(f"  [{number}/{len(jobs)}] {job.stem}: papermill {steps['papermill']:.1f} s, nbconvert "
              f"{steps['nbconvert']:.1f} s, chromium {steps['chromium']:.1f} s", flush=True)
    return timings, time.perf_counter() - start


def write_run_definition(path: Path, data_dir: Path, out: Path) -> None:
    definition = {"notebooks": ["malrapport"], "organisations": "all", "periods": f"{PERIODS[0]}..{PERIODS[-1]}",
                  "formats": ["html", "pdf"], "output": str(out), "data_dir": str(data_dir),
                  "report_date": REPORT_DATE}
    text = "# Körningsfil för benchmarks/batch.py: alla regioner × tre tertial, HTML och PDF.\n"
    path.write_text(text + yaml.safe_dump(definition, allow_unicode=True, sort_keys=False), encoding="utf-8")


def batch_command(run_definition: Path, jobs: int | None, force: bool) -> list[str]:
    command = [str(BIN / "malrapport"), "batch", str(run_definition)]
    if force:
        command.append("--force")
    if jobs:
        command += ["--jobs", str(jobs)]
    return command


def manifests(out: Path) -> dict[str, dict[str, Any]]:
    """Every manifest of an output folder, by its path relative to the folder."""
    return {str(path.relative_to(out)): json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(out.rglob("*.manifest.json"))}


def batch_timings(found: Mapping[str, Mapping[str, Any]]) -> list[Timing]:
    """Per-report timings (wait, execute, html, pdf) as the batch recorded them in its manifests."""
    timings = []
    for name, data in found.items():
        recorded, cpu = data.get("timings", {}), data.get("cpu", {})
        steps = {step: float(recorded.get(step, 0.0)) for step in ("wait", "execute", "html", "pdf")}
        timings.append(Timing(str(data.get("stem", Path(name).name.removesuffix(".manifest.json"))), steps,
                              {step: float(cpu.get(step, 0.0)) for step in BATCH_CPU_STEPS}))
    return timings


def rebuilt(before: Mapping[str, Mapping[str, Any]], after: Mapping[str, Mapping[str, Any]]) -> tuple[int, list[str]]:
    """How many reports the rerun wrote again, and which inputs had changed (e.g. "package" when lib/ was
    edited between the runs)."""
    count, changed = 0, set()
    for name, manifest in after.items():
        old = before.get(name, {})
        if manifest.get("rendered_at") == old.get("rendered_at"):
            continue
        count += 1
        files_before = old.get("inputs", {}).get("files", {})
        files_after = manifest.get("inputs", {}).get("files", {})
        changed |= {key for key in set(files_before) | set(files_after)
                    if files_before.get(key) != files_after.get(key)}
    return count, sorted(changed)


def check_outputs(out: Path, jobs: Sequence[Job], formats: Sequence[str] = ("html", "pdf")) -> None:
    missing = [f"{job.stem}.{fmt}" for job in jobs for fmt in formats
               if not (out / job.organisation / job.period / f"{job.stem}.{fmt}").is_file()]
    if missing:
        raise BenchmarkError(f"{len(missing)} utdatafiler saknas i {out}, t.ex. {', '.join(missing[:5])}")


# --- results ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Results:
    """Everything the benchmark measured, as printed and as written to JSON (seconds)."""

    date: str
    machine: Mapping[str, Any]
    regions: int
    reports: int
    generate_seconds: float
    baseline_measured: int
    baseline_measured_seconds: float
    baseline_seconds: float
    baseline_extrapolated: bool
    baseline_median: Mapping[str, float]
    batch_seconds: float
    batch_jobs: str
    batch_median: Mapping[str, float]
    rerun_seconds: float
    rerun_rebuilt: int
    rerun_changed_inputs: Sequence[str]
    ratio: float
    baseline_cpu: Mapping[str, float] = field(default_factory=dict)
    batch_cpu: Mapping[str, float] = field(default_factory=dict)
    batch_cpu_seconds: float = 0.0
    load: Mapping[str, Sequence[float]] = field(default_factory=dict)
    baseline_reports: Sequence[Mapping[str, Any]] = field(default_factory=list)
    batch_reports: Sequence[Mapping[str, Any]] = field(default_factory=list)


def medians(timings: Sequence[Timing]) -> dict[str, float]:
    """Median of every step and of the total over the reports."""
    steps = list(timings[0].steps) if timings else []
    result = {step: statistics.median(t.steps[step] for t in timings) for step in steps}
    result["total"] = statistics.median(t.total for t in timings) if timings else 0.0
    return result


def mean_cpu(timings: Sequence[Timing]) -> dict[str, float]:
    """Mean CPU seconds per report of every step, and of their sum."""
    steps = list(timings[0].cpu) if timings else []
    result = {step: statistics.fmean(t.cpu.get(step, 0.0) for t in timings) for step in steps}
    result["total"] = sum(result.values())
    return result


def load_average() -> list[float]:
    """The machine's load average over 1, 5 and 15 minutes: how busy it was with other work."""
    return [round(value, 2) for value in os.getloadavg()]


def _seconds(value: float) -> str:
    return f"{value:.1f} s" if value < 600 else f"{value:.0f} s ({value / 60:.1f} min)"


def report_text(r: Results) -> str:
    """The figures as the benchmark prints them."""
    label = (f" (extrapolerat från {r.baseline_measured} rapporter, uppmätt {_seconds(r.baseline_measured_seconds)})"
             if r.baseline_extrapolated else "")
    b, m = r.baseline_median, r.batch_median
    lines = [
        "",
        f"Batchbenchmark {r.date}: {r.regions} regioner × {len(PERIODS)} tertial = {r.reports} rapporter, "
        f"HTML och PDF ({r.machine['cpus']} kärnor, {r.machine['chromium']})",
        "",
        f"  vanlig praxis (papermill + nbconvert + ny Chromium):  {_seconds(r.baseline_seconds)}{label}",
        f"  malrapport batch --force (--jobs {r.batch_jobs}):{' ' * max(1, 18 - len(r.batch_jobs))}"
        f"{_seconds(r.batch_seconds)}",
        f"  kvot:                                                 {r.ratio:.1f} gånger snabbare",
        f"  omkörning utan ändringar:                             {_seconds(r.rerun_seconds)}"
        f" ({r.rerun_rebuilt} rapporter gjordes om{_changed(r.rerun_changed_inputs)})",
        "",
        "  per rapport (median)               vanlig praxis    malrapport batch",
        f"    körning av anteckningsboken       {b['papermill']:6.2f} s          {m['execute']:6.2f} s",
        f"    HTML                              {b['nbconvert']:6.2f} s          {m['html']:6.2f} s",
        f"    PDF                               {b['chromium']:6.2f} s          {m['pdf']:6.2f} s",
        f"    väntan på förvärmd kärna                 –          {m['wait']:6.2f} s",
        f"    summa                             {b['total']:6.2f} s          {m['total']:6.2f} s",
        f"    väggtid per rapport               {r.baseline_seconds / r.reports:6.2f} s          "
        f"{r.batch_seconds / r.reports:6.2f} s",
        "",
        "  (batchens tider per rapport kommer från manifesten; väggtid per rapport = total väggtid / antal "
        "rapporter, med arbetarna parallellt)",
        *cpu_lines(r),
        f"  (generering och kontroll av data: {_seconds(r.generate_seconds)}, ingår inte)",
    ]
    return "\n".join(lines)


def cpu_lines(r: Results) -> list[str]:
    """CPU seconds per report, step by step, both ways; the batch's rest is its start-up, kernel restarts and
    main process (its whole CPU time less what the reports' steps used)."""
    b, m = r.baseline_cpu, r.batch_cpu
    per_report = r.batch_cpu_seconds / r.reports
    rest = per_report - m.get("total", 0.0)
    load = ", ".join(f"{name} {' '.join(f'{v:.1f}' for v in values)}" for name, values in r.load.items())
    return [
        "",
        "  CPU-sekunder per rapport (medel)    vanlig praxis    malrapport batch",
        f"    papermill / kärnan: körning       {b.get('papermill', 0):6.2f} s          {m.get('kernel', 0):6.2f} s",
        f"    arbetaren under körningen                –          {m.get('worker', 0):6.2f} s",
        f"    nbconvert / HTML och anteckningsbok {b.get('nbconvert', 0):4.2f} s          {m.get('html', 0):6.2f} s",
        f"    Chromium / Typst: PDF             {b.get('chromium', 0):6.2f} s          {m.get('pdf', 0):6.2f} s",
        f"    start, omstarter, huvudprocess           –          {rest:6.2f} s",
        f"    summa                             {b.get('total', 0):6.2f} s          {per_report:6.2f} s",
        "",
        f"  (CPU: användar- och systemtid, barnprocesser inräknade; maskinens last (1, 5, 15 min): {load})",
    ]


def _changed(inputs: Sequence[str]) -> str:
    return f": ändrade indata {', '.join(inputs)}" if inputs else ""


def _machine(chromium: str) -> dict[str, Any]:
    try:
        version = subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        version = Path(chromium).name
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "chromium": version or Path(chromium).name, "git_commit": _git_commit()}


def _git_commit() -> str:
    """The checkout's commit, as malrapport's provenance finds it, with "-dirty" when lib/ or notebooks/ differ."""
    head = git_commit()[:12]
    try:
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no", "lib",
                                "notebooks"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        dirty = ""
    return f"{head}-dirty" if dirty else head


# --- the run -------------------------------------------------------------------------------------------------

def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Batchbenchmarken i issue 4: vanlig praxis mot malrapport batch.")
    parser.add_argument("--workdir", type=Path, help="arbetsmapp (standard: en ny tillfällig mapp)")
    parser.add_argument("--regions", type=int, default=len(all_regions()),
                        help=f"antal regioner, 1–{len(all_regions())} (standard: alla)")
    parser.add_argument("--baseline-sample", type=int, metavar="K",
                        help="mät bara K rapporter med vanlig praxis och extrapolera (standard: alla)")
    parser.add_argument("--jobs", type=int, help="--jobs till malrapport batch (standard: batchens, en per kärna)")
    parser.add_argument("--json", type=Path,
                        help="resultatfil (standard: benchmarks/results/batch-DATUM-NNrapporter.json)")
    parser.add_argument("--keep", action="store_true", help="behåll arbetsmappen efteråt")
    args = parser.parse_args(argv)
    if not 1 <= args.regions <= len(all_regions()):
        parser.error(f"--regions ska vara 1–{len(all_regions())}")
    if args.baseline_sample is not None and args.baseline_sample < 1:
        parser.error("--baseline-sample ska vara minst 1")
    return args


@contextlib.contextmanager
def workdir(path: Path | None, keep: bool) -> Iterator[Path]:
    """The working folder: a new one under the system's temp folder or `path` (created); removed unless `keep`."""
    folder = Path(tempfile.mkdtemp(prefix="malrapport-batchbench-")) if path is None else path.resolve()
    if path is not None:
        if folder.exists() and any(folder.iterdir()):
            raise BenchmarkError(f"arbetsmappen {folder} är inte tom; ange en ny eller tom mapp")
        folder.mkdir(parents=True, exist_ok=True)
    try:
        yield folder
    finally:
        if keep:
            print(f"arbetsmappen behålls: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def benchmark(args: argparse.Namespace, processes: Processes, folder: Path, chromium: str) -> Results:
    """Generate the data, build both ways, and collect the figures."""
    regions = all_regions()[:args.regions]
    data_dir, baseline_out, batch_out = folder / "data", folder / "vanlig-praxis", folder / "batch"
    print(f"arbetsmapp: {folder}")
    start = time.perf_counter()
    organisations = generate_data(data_dir, regions)
    generate_seconds = time.perf_counter() - start
    jobs = [Job(org, period) for org in organisations for period in PERIODS]
    print(f"data för {len(organisations)} regioner genererade och kontrollerade på {generate_seconds:.1f} s")

    load = {"före": load_average()}
    chosen = sample(jobs, args.baseline_sample)
    print(f"vanlig praxis: {len(chosen)} av {len(jobs)} rapporter, en i taget", flush=True)
    baseline, measured_seconds = build_baseline(processes, chosen, data_dir, baseline_out, chromium)
    check_outputs(baseline_out, chosen)
    extrapolated = len(chosen) < len(jobs)
    baseline_seconds = measured_seconds / len(chosen) * len(jobs)

    run_definition = folder / "benchmark.yaml"
    write_run_definition(run_definition, data_dir, batch_out)
    print(f"malrapport batch: {len(jobs)} rapporter", flush=True)
    load["vanlig praxis"] = load_average()
    batch_seconds = processes.run(batch_command(run_definition, args.jobs, force=True), folder / "batch-1.log",
                                  TIMEOUTS["batch"], cwd=folder)
    batch_cpu_seconds = processes.last_cpu
    load["batch"] = load_average()
    check_outputs(batch_out, jobs)
    first = manifests(batch_out)
    if len(first) != len(jobs):
        raise BenchmarkError(f"batchen skrev {len(first)} manifest för {len(jobs)} rapporter; se "
                             f"{folder / 'batch-1.log'}")
    print(f"  {_seconds(batch_seconds)}; omkörning utan ändringar", flush=True)
    rerun_seconds = processes.run(batch_command(run_definition, args.jobs, force=False), folder / "batch-2.log",
                                  TIMEOUTS["batch"], cwd=folder)
    rebuilt_count, changed_inputs = rebuilt(first, manifests(batch_out))
    batch = batch_timings(first)

    return Results(
        date=dt.date.today().isoformat(), machine=_machine(chromium), regions=len(regions), reports=len(jobs),
        generate_seconds=generate_seconds, baseline_measured=len(chosen), baseline_measured_seconds=measured_seconds,
        baseline_seconds=baseline_seconds, baseline_extrapolated=extrapolated, baseline_median=medians(baseline),
        batch_seconds=batch_seconds, batch_jobs=str(args.jobs or os.cpu_count()), batch_median=medians(batch),
        rerun_seconds=rerun_seconds, rerun_rebuilt=rebuilt_count, rerun_changed_inputs=changed_inputs,
        ratio=baseline_seconds / batch_seconds, baseline_cpu=mean_cpu(baseline), batch_cpu=mean_cpu(batch),
        batch_cpu_seconds=batch_cpu_seconds, load=load,
        baseline_reports=[{"stem": t.stem, **t.steps, "total": t.total, "cpu": t.cpu} for t in baseline],
        batch_reports=[{"stem": t.stem, **t.steps, "total": t.total, "cpu": t.cpu} for t in batch])


def write_json(results: Results, path: Path | None) -> Path:
    target = path or ROOT / "benchmarks" / "results" / f"batch-{results.date}-{results.reports}rapporter.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {"description": "benchmarks/batch.py: vanlig praxis mot malrapport batch, sekunder",
            **_rounded(asdict(results))}
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target


def _rounded(value: Any) -> Any:
    """Seconds to milliseconds, in nested JSON data."""
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(item) for item in value]
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print(chromium_missing_message(), file=sys.stderr)
        return 1
    processes = Processes()
    signal.signal(signal.SIGTERM, _raise_interrupted)
    signal.signal(signal.SIGINT, _raise_interrupted)
    try:
        with workdir(args.workdir, args.keep) as folder, stopped_at_exit(processes):
            results = benchmark(args, processes, folder, chromium)
            print(report_text(results))
            print(f"\nresultat: {write_json(results, args.json)}")
    except Interrupted:
        print("avbrutet", file=sys.stderr)
        return 130
    except (BenchmarkError, MalrapportError) as exc:
        print(f"\nbenchmarken avbröts: {exc}", file=sys.stderr)
        return 1
    return 0


@contextlib.contextmanager
def stopped_at_exit(processes: Processes) -> Iterator[None]:
    """On the way out, also by an interrupt: stop the running child and sweep up what it left (before the
    working folder is removed, and deaf to further Ctrl-C while doing so)."""
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if processes.current is not None:
            print("\nstoppar de processer som körs …", file=sys.stderr)
        processes.stop_current(grace=20.0)
        left = processes.sweep()
        if left:
            print(f"stoppade {len(left)} kvarlämnade processer: {', '.join(map(str, left))}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
