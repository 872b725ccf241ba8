"""A plan: a tree of goals at the plan's own levels, with indicators and actions, for one organisation and year.

All objects are frozen dataclasses. Plans are read from YAML by `malrapport.inputs.plans`.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import sv
from ._coverage import MinCoverage
from ._enums import Aggregation, Direction
from ._targets import NoTarget, Target


@dataclass(frozen=True)
class Organisation:
    """The unit a plan belongs to: a region, a nämnd, a division."""

    id: str
    name: str
    parent: str = ""
    genitive: str = ""
    kolada_region: str | None = None
    units: tuple[tuple[str, str], ...] = ()  # sub-units and comparison units: (id, display name)

    @property
    def full_name(self) -> str:
        return f"{self.parent}, {self.name}" if self.parent else self.name

    def unit_name(self, unit_id: str) -> str:
        """Display name of a unit in the outcomes: the organisation, a named sub-unit, or the id itself."""
        if unit_id == self.id:
            return self.name
        return dict(self.units).get(unit_id, unit_id)

    @property
    def possessive(self) -> str:
        """'nämndens', 'divisionens': used in the summary sentence."""
        return self.genitive or f"{self.name}s"


@dataclass(frozen=True)
class Level:
    """A level of the plan's tree with its own name: 'Regionmål', 'Delmål', 'Framgångsfaktor'."""

    name: str
    plural: str
    assessed: bool = False


@dataclass(frozen=True)
class Document:
    """Document metadata shown in the title block, as in the seeds' headers."""

    title: str = ""
    id: str = ""
    version: str = ""
    responsible: str = ""
    prepared_by: str = ""
    published: str = ""
    summary_form: str = "bedömningen"  # the opening sentence's wording: sv.SUMMARY_FORMS
    status_scale: tuple[tuple[str, str], ...] = ()
    """The plan's own words for its assessment statuses, by status value ('met' → 'Framgångsfaktorn är uppfylld.
    Rätt åtgärder är utförda …', seed 004), shown in the method section."""


@dataclass(frozen=True)
class Indicator:
    """An indicator (indikator, styrmått, mått, aktivt mål) with its target and how it is followed up.

    A composite indicator (seed 004's vårdgaranti) has `components`: indicators of their own, with their own
    outcome id and target; `part_of` names a component's composite and `label` is how the composite's wording
    names it ('0:an').

    >>> indicator = load_plan("data/rn-ls1/plan-2022.yaml").indicator("vant-90-besok")
    >>> indicator.unit, indicator.direction.value, indicator.kolada_kpi
    ('procent', 'higher', 'N79221')
    """

    id: str
    name: str
    unit: str
    direction: Direction = Direction.HIGHER
    target: Target = field(default_factory=NoTarget)
    tolerance: float | None = None
    schedule: frozenset[int] = frozenset({1, 2, 3})
    aggregation: Aggregation = Aggregation.MEAN
    window: str = "ytd"
    source: str | None = None
    definition: str = ""
    kind: str = ""
    note: str = ""
    per_day: bool = False  # compare windows of a count per calendar day (a leap day does not decide)
    min_coverage: MinCoverage = MinCoverage()
    percentile: float | None = None   # for aggregation 'percentile': 90 for the 90th percentile
    combine_months: str = "last"      # medians/percentiles without the window's own figure: 'last' or 'mean'
    children: bool = False            # about children (`population: children`): its sexes are flickor and pojkar

    @property
    def quantile_label(self) -> str:
        """'median' or '90:e percentil': what a monthly value of a median or percentile indicator is."""
        if self.aggregation is Aggregation.PERCENTILE and self.percentile is not None:
            return sv.percentile_label(self.percentile)
        return sv.MEDIAN_LABEL
    components: tuple[Indicator, ...] = ()
    label: str = ""
    part_of: str = ""

    @property
    def is_composite(self) -> bool:
        """Whether the indicator is made of components, each with its own outcomes and target (vårdgarantin)."""
        return bool(self.components)

    def with_parts(self) -> Iterator[Indicator]:
        """The indicator itself, then its components: every indicator the plan's outcomes and results know."""
        yield self
        for component in self.components:
            yield from component.with_parts()

    @property
    def kolada_kpi(self) -> str | None:
        """The Kolada KPI id when `source` is 'kolada:N79221'."""
        if self.source and self.source.lower().startswith("kolada:"):
            return self.source.split(":", 1)[1].strip()
        return None


@dataclass(frozen=True)
class Action:
    """An action (åtgärd) hanging under any node of the plan."""

    id: str
    name: str
    number: int | None = None
    responsible: str = ""


@dataclass(frozen=True)
class Node:
    """A goal at any level of the plan: regionmål, perspektiv, delmål, framgångsfaktor …

    >>> node = load_plan("data/rn-ls1/plan-2022.yaml").node("MED-1-1")
    >>> node.name, [i.id for i in node.indicators][:1]
    ('En god vård med hög tillgänglighet och kontinuitet', ['vant-90-besok'])
    """

    id: str
    name: str
    depth: int
    children: tuple[Node, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    actions: tuple[Action, ...] = ()
    description: str = ""
    placeholder: str = ""  # e.g. "Formulera indikator" when no indicator exists yet

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Plan:
    """A plan for one organisation and year: a tree whose level names are the plan's own.

    >>> plan = load_plan("data/rn-ls1/plan-2022.yaml")
    >>> [level.name for level in plan.levels], plan.subgoal_level.name
    (['Perspektiv', 'Strategiskt mål', 'Framgångsfaktor'], 'Framgångsfaktor')
    """

    organisation: Organisation
    year: int
    levels: tuple[Level, ...]
    roots: tuple[Node, ...]
    indicator_level: Level = Level(*sv.DEFAULT_INDICATOR_LEVEL)
    document: Document = Document()
    source_file: str = ""
    kinds: tuple[Level, ...] = ()  # indicator kinds the summary counts ('Aktivt mål' / 'Aktiva mål')

    def nodes(self) -> Iterator[Node]:
        for root in self.roots:
            yield from root.walk()

    @property
    def assessed_depth(self) -> int:
        """Depth of the level that gets the analysts' holistic assessment (delmål, framgångsfaktor)."""
        for depth, level in enumerate(self.levels):
            if level.assessed:
                return depth
        return len(self.levels) - 1

    @property
    def subgoal_level(self) -> Level:
        return self.levels[self.assessed_depth]

    def subgoals(self) -> list[Node]:
        return [n for n in self.nodes() if n.depth == self.assessed_depth]

    def indicators(self) -> list[Indicator]:
        """Every indicator of the plan in plan order, each composite followed by its components."""
        return [part for n in self.nodes() for i in n.indicators for part in i.with_parts()]

    def actions(self) -> list[Action]:
        return [a for n in self.nodes() for a in n.actions]

    def node(self, node_id: str) -> Node:
        for n in self.nodes():
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def indicator(self, indicator_id: str) -> Indicator:
        for i in self.indicators():
            if i.id == indicator_id:
                return i
        raise KeyError(indicator_id)

    def parent_of(self, node_id: str) -> Node | None:
        for n in self.nodes():
            if any(c.id == node_id for c in n.children):
                return n
        return None

    def top_goal_of(self, node_id: str) -> Node:
        for root in self.roots:
            if any(n.id == node_id for n in root.walk()):
                return root
        raise KeyError(node_id)

    def node_of_indicator(self, indicator_id: str) -> Node:
        for n in self.nodes():
            if any(part.id == indicator_id for i in n.indicators for part in i.with_parts()):
                return n
        raise KeyError(indicator_id)
