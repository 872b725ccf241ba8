"""The manifest of a rendered report: `<stem>.manifest.json` beside its HTML, written last of all its files.

A report counts as done when its manifest exists, its input hash matches and the outputs it lists exist; a batch
killed half-way therefore leaves at most reports without a manifest, which the next run redoes.

Fields (JSON object; the index page and `malrapport verify` read these):

- `format`: "malrapport-manifest/1".
- `organisation`, `period`: the report's organisation id and period key ("rn-ls1", "2022-T1").
- `notebook`: the notebook as the run definition names it ("malrapport", "indikator" or a path);
  `notebook_path`: the notebook file executed (absolute); `stem`: the output file names' stem.
- `parameters`: the parameters injected into the notebook (region, period, data_dir, report_date, …).
- `report_date`: the date shown in the report; reused by later runs of the same job so that dates never come
  from the clock.
- `data_dir`: the data directory (absolute); `extra`: further job parameters, e.g. {"indicator": "…"}.
- `formats`: ["html", "pdf"] as requested; `pdf_engine`: "typst", "chromium" or "quarto".
- `inputs`: {"files": {"notebook:…", "parameters", "settings", "data:ORG/…", "package", "version": sha256 or
  version}, "combined": sha256}.
- `outputs`: {kind: {"path": file name relative to the manifest's folder, "sha256": …}} for "html", "pdf",
  "ipynb" and the figure files ("<stem>.json", "<stem>-indikatorer.csv", …).
- `report`: {"title", "sentence" (the summary sentence), "subgoals_by_status": {"met": 2, "partly": 11, …}}
  when the notebook emits the report payload; {} otherwise.
- `versions`: python, malrapport, pandas, altair, vl-convert-python, nbconvert, papermill, nbclient.
- `git_commit`: of the checkout that rendered it ("okänd" outside git).
- `timings`: seconds: "wait" (for a warm kernel), "execute", "html", "pdf", "total".
- `cpu`: CPU seconds of the report's steps in its worker: "kernel" (resetting and executing the notebook),
  "worker" (the worker's own share of executing: messages, outputs), "html" (notebook, figures and HTML files),
  "pdf" (Typst); {} when the worker did not measure them.
- `executor`: "local" or "dask"; `worker`: which worker process ran it; `rendered_at`: UTC time of writing
  (for operators; never shown in a report).
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from ..inputs.files import atomic_write_text
from ..render.job import ReportJob

FORMAT = "malrapport-manifest/1"
SUFFIX = ".manifest.json"


@dataclass(frozen=True)
class Manifest:
    """Everything needed to tell whether a report is up to date and to execute it again."""

    organisation: str
    period: str
    notebook: str
    notebook_path: str
    stem: str
    parameters: Mapping[str, Any]
    report_date: str
    data_dir: str
    formats: tuple[str, ...]
    pdf_engine: str
    inputs: Mapping[str, Any]
    outputs: Mapping[str, Mapping[str, str]]
    extra: Mapping[str, str] = field(default_factory=dict)
    report: Mapping[str, Any] = field(default_factory=dict)
    versions: Mapping[str, str] = field(default_factory=dict)
    git_commit: str = ""
    timings: Mapping[str, float] = field(default_factory=dict)
    cpu: Mapping[str, float] = field(default_factory=dict)
    executor: str = ""
    worker: str = ""
    rendered_at: str = ""
    format: str = FORMAT

    @property
    def combined_hash(self) -> str:
        return str(self.inputs.get("combined", ""))

    def job(self) -> ReportJob:
        """The job this manifest was written for."""
        return ReportJob(self.organisation, self.period, notebook=self.notebook, data_dir=self.data_dir,
                         report_date=self.report_date, extra=tuple(sorted(self.extra.items())))

    def output_path(self, manifest_path: Path, kind: str) -> Path | None:
        entry = self.outputs.get(kind)
        return manifest_path.parent / entry["path"] if entry else None

    def to_json(self) -> str:
        data = asdict(self)
        data["formats"] = list(self.formats)
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def manifest_path(out: Path, job: ReportJob) -> Path:
    """Where the manifest of `job` lives under the output root."""
    return job.output_dir(Path(out)) / f"{job.stem}{SUFFIX}"


def read_manifest(path: Path) -> Manifest | None:
    """The manifest at `path`, or None when it is missing, unreadable or of another format (= not rendered)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    known = {f.name for f in fields(Manifest)}
    try:
        values = {k: v for k, v in data.items() if k in known}
        values["formats"] = tuple(values.get("formats", ()))
        return Manifest(**values)
    except TypeError:
        return None


def write_manifest(path: Path, manifest: Manifest) -> Path:
    """Write atomically; call only after every output of the report is on disk."""
    return atomic_write_text(path, manifest.to_json())


def outputs_exist(manifest: Manifest, path: Path, kinds: tuple[str, ...]) -> bool:
    """Whether every output kind in `kinds` is listed in the manifest and present on disk."""
    for kind in kinds:
        output = manifest.output_path(path, kind)
        if output is None or not output.is_file():
            return False
    return True
