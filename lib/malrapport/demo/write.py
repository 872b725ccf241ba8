"""Write the generated files of a demo organisation into a data tree; real (seed) files are only read."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..inputs.assessments import assessment_files, load_assessment
from ..inputs.outcome_files import list_outcome_files
from ..inputs.outcomes import load_outcomes
from ..inputs.plans import load_plan
from ..model import Assessment, GapTarget, Period, Plan
from ._stories import stories
from .assessments import generate_assessment
from .organisations import DemoOrganisation
from .outcomes import generate_outcomes
from .serialise import assessment_yaml, outcomes_csv

GENERATED_CSV = "generated.csv"
# Heads every generated assessment file. It names the wrapper script that the files have always named, so
# the committed files stay byte for byte what the generator writes; the script runs `python -m malrapport.demo`.
GENERATED_NOTE = "Genererad av scripts/generate_demo_data.py – ändra inte för hand, kör skriptet igen."


def write_organisation(org: DemoOrganisation, data_dir: Path) -> list[Path]:
    """Write one organisation's generated outcomes and assessments; the paths written.

    The outcomes pass through the real rows of the organisation's other outcome files and never repeat one;
    the assessments judge the real and generated rows together.
    """
    folder = data_dir / org.folder
    plan = load_plan(folder / f"plan-{org.year}.yaml")
    real = _real_outcomes(folder / "outcomes")
    years = [Period.year_of(year) for year in range(org.year - 2, org.year + 1)]
    told = stories(plan, _real_assessments(folder, org, plan))
    generated = generate_outcomes(plan, periods=years, seed=org.folder, monthly=org.monthly, anchors=real,
                                  profiles=org.profiles, skip=org.skip, stories=told)
    generated = pd.concat([generated, *_reference_outcomes(org, plan, real)], ignore_index=True)
    csv_path = folder / "outcomes" / GENERATED_CSV
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    csv_path.write_text(outcomes_csv(generated), encoding="utf-8")
    written = [csv_path]
    every = generated if real is None else pd.concat([real[generated.columns], generated], ignore_index=True)
    for period in org.assessed:
        data = generate_assessment(plan, period, every, seed=org.folder, intro=org.intro)
        header = (f"Bedömningar för {plan.organisation.full_name}, {Period.parse(period).label}.", "",
                  GENERATED_NOTE, "Texterna börjar med *Genererad demotext.* och bygger på genererade utfall.")
        path = folder / "assessments" / f"{period}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(assessment_yaml(data, header), encoding="utf-8")
        written.append(path)
    return written


def _real_assessments(folder: Path, org: DemoOrganisation, plan: Plan) -> list[Assessment]:
    """The organisation's real (seed) assessments: every assessment file the generator does not write."""
    return [load_assessment(path, plan) for path in assessment_files(folder)
            if path.stem not in org.assessed and path.stem.startswith(str(plan.year))]


def _reference_outcomes(org: DemoOrganisation, plan: Plan, real: pd.DataFrame | None) -> list[pd.DataFrame]:
    """The series of the units that gap targets compare with (riket), from their baseline year to the plan year.

    A gap target judges this unit against another one, so the other unit needs values for the same periods and
    for the baseline year; they pass through its real rows like the organisation's own.
    """
    frames = []
    for indicator in plan.indicators():
        target = indicator.target
        if not isinstance(target, GapTarget):
            continue
        first = min(target.reference_year or org.year, org.year - 2)
        years = [Period.year_of(year) for year in range(first, org.year + 1)]
        others = [i.id for i in plan.indicators() if i.id != indicator.id]
        frames.append(generate_outcomes(plan, units=[target.reference_unit], periods=years, seed=org.folder,
                                        monthly=org.monthly, anchors=real, profiles=org.reference_profiles,
                                        skip=others))
    return frames


def _real_outcomes(outcomes_dir: Path) -> pd.DataFrame | None:
    """The organisation's real (non-generated) outcome rows, or None when there are none."""
    files = [p for p in list_outcome_files(outcomes_dir) if p.name != GENERATED_CSV] if outcomes_dir.is_dir() else []
    return load_outcomes(files) if files else None
