"""Demo data: deterministic outcomes and assessments for demo organisations, every value marked as generated.

The generator fills the gaps around real (seed) figures so that the demo reports have whole series to show,
and it can make data for many regions (benchmarks). Everything derives from stable hashes of ids, so the same
call gives the same bytes on every machine.

- `generate_outcomes` – outcome rows through the real values, with `Profile` giving an indicator's typical size
- `generate_assessment` – sub-goal statuses, narratives (beginning with `DEMO_MARK`) and action statuses
- `outcomes_csv`, `assessment_yaml` – the text of the generated files
- `stable_seed` – the seed behind every draw
- `ORGANISATIONS` – the demo organisations in data/ (`DemoOrganisation`: folder, periods, profiles)
- `write_organisation` – write one organisation's generated files; `python -m malrapport.demo` writes them all
"""
from ._seeds import stable_seed
from .assessments import DEMO_MARK, generate_assessment
from .organisations import ORGANISATIONS, DemoOrganisation
from .outcomes import Profile, generate_outcomes
from .serialise import assessment_yaml, outcomes_csv
from .write import write_organisation

__all__ = [
    "DEMO_MARK",
    "ORGANISATIONS",
    "DemoOrganisation",
    "Profile",
    "assessment_yaml",
    "generate_assessment",
    "generate_outcomes",
    "outcomes_csv",
    "stable_seed",
    "write_organisation",
]
