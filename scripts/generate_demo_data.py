"""Write the generated demo files of data/: outcomes/generated.csv and the assessments the seeds do not cover.

Run from the repository root:  .venv/bin/python scripts/generate_demo_data.py [--data DIR]
The output is deterministic: running it again gives the same bytes. Real (seed) files are only read.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from malrapport.demo import Profile, assessment_yaml, generate_assessment, generate_outcomes, outcomes_csv
from malrapport.errors import MalrapportError
from malrapport.inputs.outcomes import list_outcome_files, load_outcomes
from malrapport.model.periods import Period
from malrapport.inputs.plans import load_plan

GENERATED_CSV = "generated.csv"
CSV_HEADER_NOTE = "Genererad av scripts/generate_demo_data.py – ändra inte för hand, kör skriptet igen."

RVB_INTRO = """\
**Region Västerbottens vision**

Region Västerbottens vision är ett län där framtiden byggs tillsammans med invånare, kommuner, organisationer och
näringsliv. Ett Västerbotten där möjligheter kan realiseras och alla får plats. En region där hälsa, vård och
utveckling hänger ihop och stärker varandra.

Vi drivs av att hela länet ska vara en trygg och stark region som människor vill leva i, flytta till, besöka och
samarbeta med. Region Västerbotten tar ansvar för att det finns en uthållig och jämlik välfärd och att arbetet med
innovation ger resultat. Genom att samla krafter och dela kunskap utvecklar vi Västerbotten och bygger en hållbar
framtid tillsammans. En framtid med goda livsvillkor för alla.

Vi gör skillnad för dem vi finns till för och får fler att välja Västerbotten.

**Region Västerbottens politiska styrning och mål**

Den politiska styrningen mot visionen och de två huvuduppdragen sker genom sju regionmål som fullmäktige
fastställt. Inom varje mål har fullmäktige prioriterat förflyttningar för perioden 2024–2027. Målen riktar sig
till nämnderna som i sin tur antar årliga nämndplaner med delmål som anger nämndens mest prioriterade områden.
"""


@dataclass(frozen=True)
class DemoOrganisation:
    """What to generate for one demo organisation."""

    folder: str
    year: int
    monthly: bool
    assessed: tuple[str, ...]
    profiles: dict[str, Profile] = field(default_factory=dict)
    skip: tuple[str, ...] = ()
    intro: str = ""


ORGANISATIONS = (
    DemoOrganisation(
        "rvb-hsn", 2024, monthly=True, assessed=("2024-T1", "2024-T2", "2024-T3"), intro=RVB_INTRO,
        profiles={
            "bu-triage-forsta-linjen": Profile(58, 260), "bu-remiss-bup": Profile(18, 150),
            "bu-samordnade-insatser": Profile(35), "bu-digital-foraldragrupp": Profile(14),
            "bhv-hembesok": Profile(86, 210), "vhu-genomforda": Profile(52, 900),
            "fallskador-inlaggningar": Profile(140), "ftv-halsosamtal-2ar": Profile(86, 200),
            "levnadsvanestod": Profile(650), "krisberedskap-introduktion": Profile(70),
            "kontinuitetsplaner": Profile(38), "slutenvardsdagar": Profile(50, by_sex=False),
            "utskrivningsklara-kvar": Profile(28), "vald-basenheter": Profile(45),
            "patientkontrakt-be": Profile(45), "vok-basenheter": Profile(25), "habiliteringsplan": Profile(85, 40),
            "sjalvservice": Profile(42000), "webbtidbok-timmar": Profile(900), "digitala-vardbesok": Profile(5200),
            "ftv-digitalt-basutbud": Profile(80, by_sex=False), "hme-medarbetare": Profile(78),
            "olycksfall-arbetsskador": Profile(55), "tillbudsrapporter": Profile(190),
            "sam-checklista": Profile(72), "hme-chefer": Profile(76), "forbrukning-inventerat": Profile(40),
            "forbrukning-miljovanligt": Profile(20), "usve-kriterier": Profile(60),
            "usve-socialstyrelsen": Profile(4), "kliniska-studier": Profile(310),
        }),
    DemoOrganisation(
        "rn-ls1", 2022, monthly=False, assessed=("2022-T2", "2022-T3"),
        # The seed: falls decreased in 2021 but have risen again; 2020 lies above 2021.
        profiles={"fallskador": Profile(drift=-0.3)}),
    DemoOrganisation(
        "rjh-rs", 2018, monthly=False, assessed=("2018-T2", "2018-T3"),
        # The seed says the number of staff with a development plan cannot be measured yet.
        skip=("kompetensplaner",),
        profiles={
            "klimat-resor": Profile(100), "fordon-utslappsfri": Profile(45), "videomoten": Profile(2600),
            "folkhalsa-atgarder": Profile(1.5), "webb-ebesok-enheter": Profile(2),
            "sip-patienter": Profile(first_year=2018), "familjecentraler-avtal": Profile(7),
            "bup-vardplatser": Profile(4, first_year=2018), "barnombud": Profile(14),
            "vardmoten-hemma": Profile(150), "kemiska-riskkallor": Profile(30), "fornybar-energi": Profile(88),
            "miljokrav-upphandling": Profile(85), "statsbidrag-sokta": Profile(1.5),
            "resultatforbattring": Profile(0.5, first_year=2018), "ostersund-nettokostnad": Profile(3.5),
            "samarbetsavtal": Profile(first_year=2018),
            "vardgaranti-0": Profile(92), "vardgaranti-7": Profile(80), "vardgaranti-90-besok": Profile(78),
            "vardgaranti-90-behandling": Profile(72),
            # Directions the seed tells: fewer sick-benefit days, BUP asks more often, more policies and
            # more staff in extratjänster during 2018.
            "sjukpenningtal": Profile(drift=-0.04), "bup-vald-andel": Profile(drift=0.25),
            "policyer-integrerade": Profile(drift=0.3), "extratjanster": Profile(first_year=2018, drift=1.5),
        }),
)


def _real_outcomes(outcomes_dir: Path) -> pd.DataFrame | None:
    """The organisation's real (non-generated) outcome rows, or None when there are none."""
    files = [p for p in list_outcome_files(outcomes_dir) if p.name != GENERATED_CSV] if outcomes_dir.is_dir() else []
    return load_outcomes(files) if files else None


def generate(org: DemoOrganisation, data_dir: Path) -> list[Path]:
    """Write one organisation's generated outcomes and assessments; the paths written."""
    folder = data_dir / org.folder
    plan = load_plan(folder / f"plan-{org.year}.yaml")
    real = _real_outcomes(folder / "outcomes")
    years = [Period.year_of(year) for year in range(org.year - 2, org.year + 1)]
    generated = generate_outcomes(plan, periods=years, seed=org.folder, monthly=org.monthly, anchors=real,
                                  profiles=org.profiles, skip=org.skip)
    csv_path = folder / "outcomes" / GENERATED_CSV
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    csv_path.write_text(outcomes_csv(generated), encoding="utf-8")
    written = [csv_path]
    every = generated if real is None else pd.concat([real[generated.columns], generated], ignore_index=True)
    for period in org.assessed:
        data = generate_assessment(plan, period, every, seed=org.folder, intro=org.intro)
        header = (f"Bedömningar för {plan.organisation.full_name}, {Period.parse(period).label}.", "",
                  CSV_HEADER_NOTE, "Texterna börjar med *Genererad demotext.* och bygger på genererade utfall.")
        path = folder / "assessments" / f"{period}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(assessment_yaml(data, header), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Skriv de genererade demofilerna i data/.")
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1] / "data",
                        help="datamappen med en mapp per organisation (standard: data/ i repot)")
    args = parser.parse_args(argv)
    try:
        for org in ORGANISATIONS:
            for path in generate(org, args.data):
                print(path)
    except MalrapportError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
