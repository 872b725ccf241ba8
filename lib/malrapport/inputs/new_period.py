"""Start the assessments of a new period: a file listing every sub-goal and action, with last period's text."""
from __future__ import annotations

from pathlib import Path

from ..errors import MalrapportError
from ..model import Assessment, Period
from .assessments import write_assessment
from .datatree import load_organisation


def previous_assessment(assessments: dict[str, Assessment], period: Period) -> Assessment | None:
    """The latest assessment before `period`: the previous tertial of the year, or any earlier one on file."""
    earlier = sorted((Period.parse(key), a) for key, a in assessments.items()
                     if Period.parse(key) < period)
    return earlier[-1][1] if earlier else None


def start_period(data_dir: str | Path, organisation: str, period: str, force: bool = False) -> Path:
    """Write `assessments/PERIOD.yaml` for the analysts to fill in; refuses to overwrite unless `force`."""
    target = Period.parse_tertial(period)
    data = load_organisation(Path(data_dir), organisation, year=target.year)
    path = Path(data_dir) / organisation / "assessments" / f"{target.key}.yaml"
    if path.exists() and not force:
        raise MalrapportError("bedömningsfilen finns redan", file=path,
                              hint="redigera den, eller ange --force för att skriva en ny tom fil")
    previous = previous_assessment(data.assessments, target)
    if previous is None and target.number == 1:
        earlier = load_organisation(Path(data_dir), organisation, year=target.year - 1) \
            if (target.year - 1) in data.plans else None
        previous = earlier.assessments.get(Period.tertial(target.year - 1, 3).key) if earlier else None
    fresh = Assessment(organisation=organisation, period=target.key)
    return write_assessment(path, fresh, data.plan, previous)
