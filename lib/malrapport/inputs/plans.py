"""Reading plans (`plan-YEAR.yaml`) into the model, collecting every problem in the file at once.

The YAML is read by `yaml_lines`, which remembers the line of every key, so that a problem can say
"plan-2024.yaml, rad 23, goals[2].children[0].indicators[1].unit: …" and the analyst finds it at once.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import MalrapportError, ProblemCollector, did_you_mean
from ..model import (
    WINDOWS,
    Action,
    Aggregation,
    CompositeTarget,
    Direction,
    Document,
    GapTarget,
    Indicator,
    Level,
    MinCoverage,
    Node,
    NoTarget,
    Organisation,
    Plan,
    Target,
    parse_schedule,
    parse_target,
    reference_key,
    reference_names,
    split_wording,
)
from ..sv import STATUS_LABELS, SUMMARY_FORMS, UNITS, get_unit, noun_in_sentence
from .yaml_lines import YamlMap, check_keys, join_key, line_of, read_yaml

PLAN_FILE = re.compile(r"^plan-(\d{4})\.yaml$")
ID_PATTERN = re.compile(r"^[\w.\-]+$")

TOP_KEYS = ("organisation", "year", "document", "levels", "indicator_level", "kinds", "goals")
ORGANISATION_KEYS = ("id", "name", "parent", "genitive", "kolada_region", "units")
DOCUMENT_KEYS = ("title", "id", "version", "responsible", "prepared_by", "published", "summary_form",
                 "status_scale")
SCALE_STATUSES = ("met", "partly", "not_met")
"""The statuses a plan's own status scale may describe: the three the analysts assess."""
LEVEL_KEYS = ("name", "plural", "assessed")
NODE_KEYS = ("id", "name", "description", "children", "indicators", "actions", "placeholder")
INDICATOR_KEYS = ("id", "name", "unit", "direction", "target", "tolerance", "schedule", "aggregation", "window",
                  "per_day", "source", "definition", "kind", "note", "min_coverage", "percentile", "combine_months",
                  "components", "label", "population")
POPULATIONS = {"adults": False, "vuxna": False, "children": True, "barn": True}
"""`population:` of an indicator: about children (its sexes are girls and boys) or adults (the default)."""
COMBINE_MONTHS = ("last", "mean")
_SHARE = re.compile(r"^(\d+(?:[.,]\d+)?)\s*%$")
# What a component of a composite indicator takes from it unless it says otherwise.
INHERITED_KEYS = ("unit", "direction", "tolerance", "schedule", "aggregation", "window")
ACTION_KEYS = ("id", "name", "number", "responsible")


# --- plans -------------------------------------------------------------------------------------------------

class _PlanReader:
    """Turns the parsed YAML of one plan into model objects, adding a problem for everything wrong."""

    def __init__(self, path: Path, problems: ProblemCollector) -> None:
        self.path = path
        self.problems = problems
        self.node_ids: dict[str, str] = {}
        self.indicator_ids: dict[str, str] = {}
        self.action_ids: dict[str, str] = {}
        self.max_depth = 0
        self.unit_names: dict[str, str] = {}
        self.own_id = ""

    def add(self, message: str, hint: str = "", row: int | None = None, key: str | None = None) -> None:
        self.problems.add(self.path, message, hint, row=row, key=key)

    # -- small typed readers
    def text(self, data: YamlMap, key: str, where: str, default: str = "") -> str:
        value = data.get(key)
        if value is None:
            return default
        if isinstance(value, (dict, list)):
            self.add(f"'{key}' ska vara en text", "skriv en rad text efter kolon",
                     row=line_of(data, key), key=join_key(where, key))
            return default
        return str(value).strip()

    def ident(self, data: YamlMap, where: str, seen: dict[str, str] | None, what: str) -> str:
        value = data.get("id")
        if value is None or value == "":
            return ""
        if isinstance(value, bool) or isinstance(value, float) or not isinstance(value, (str, int)):
            self.add(f"id '{value}' för {what} läses inte som text", "sätt id inom citattecken, t.ex. id: \"1.10\"",
                     row=line_of(data, "id"), key=join_key(where, "id"))
            return str(value)
        ident = str(value).strip()
        if not ID_PATTERN.match(ident):
            self.add(f"id '{ident}' för {what} innehåller otillåtna tecken",
                     "använd bara bokstäver, siffror, '-', '_' och '.' (inga mellanslag)",
                     row=line_of(data, "id"), key=join_key(where, "id"))
        if seen is not None:
            if ident in seen:
                self.add(f"id '{ident}' används två gånger ({seen[ident]} och {where})",
                         f"ge {what} ett eget id", row=line_of(data, "id"), key=join_key(where, "id"))
            else:
                seen[ident] = where
        return ident

    def mapping(self, value: Any, where: str, row: int | None, what: str) -> YamlMap | None:
        if isinstance(value, YamlMap):
            return value
        self.add(f"{what} ska vara en mappning med nycklar", "skriv 'nyckel: värde' på egna rader med indrag",
                 row=row, key=where or None)
        return None

    def sequence(self, data: YamlMap, key: str, where: str) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(f"'{key}' ska vara en lista", "skriv varje post på en egen rad som börjar med '- '",
                     row=line_of(data, key), key=join_key(where, key))
            return []
        return value

    # -- sections
    def plan(self, data: Any) -> Plan | None:
        root = self.mapping(data, "", 1, "planen")
        if root is None:
            return None
        check_keys(self.path, root, TOP_KEYS, ("organisation", "year", "levels", "goals"), "", self.problems)
        organisation = self.organisation(root)
        self.unit_names = dict(organisation.units) if organisation else {}
        self.own_id = organisation.id if organisation else ""
        year = self.year(root)
        levels = self.levels(root)
        indicator_level = self.indicator_level(root)
        document = self.document(root)
        kinds = tuple(kind for index, item in enumerate(self.sequence(root, "kinds", ""))
                      if (kind := self.level(item, f"kinds[{index}]", line_of(root, "kinds"))) is not None)
        roots = tuple(self.nodes(root, "goals", "", 0))
        if "goals" in root and not roots and root.get("goals") is not None:
            self.add("planen har inga mål", "lägg till minst ett mål under 'goals'", row=line_of(root, "goals"),
                     key="goals")
        if levels and self.max_depth >= len(levels):
            self.add(f"trädet har {self.max_depth + 1} nivåer men 'levels' beskriver bara {len(levels)}",
                     "lägg till en nivå under 'levels' eller flytta målen uppåt i trädet",
                     row=line_of(root, "levels"), key="levels")
        if organisation is None or year is None or not levels:
            return None
        return Plan(organisation=organisation, year=year, levels=levels, roots=roots,
                    indicator_level=indicator_level, document=document, source_file=str(self.path), kinds=kinds)

    def organisation(self, root: YamlMap) -> Organisation | None:
        if root.get("organisation") is None:
            return None
        data = self.mapping(root["organisation"], "organisation", line_of(root, "organisation"), "'organisation'")
        if data is None:
            return None
        check_keys(self.path, data, ORGANISATION_KEYS, ("id", "name"), "organisation", self.problems)
        ident = self.ident(data, "organisation", None, "organisationen")
        kolada = data.get("kolada_region")
        if kolada is not None and not isinstance(kolada, str):
            self.add(f"kolada_region '{kolada}' läses som tal, inte som text",
                     "sätt regionkoden inom citattecken, t.ex. kolada_region: \"0025\"",
                     row=line_of(data, "kolada_region"), key="organisation.kolada_region")
            kolada = None
        return Organisation(id=ident, name=self.text(data, "name", "organisation"),
                            parent=self.text(data, "parent", "organisation"),
                            genitive=self.text(data, "genitive", "organisation"),
                            kolada_region=kolada or None, units=self.units(data))

    def units(self, data: YamlMap) -> tuple[tuple[str, str], ...]:
        value = data.get("units")
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.add("'units' ska vara en mappning från enhetens id till dess namn",
                     "skriv t.ex. 'units: {ostersund: Östersunds sjukhus}'", row=line_of(data, "units"),
                     key="organisation.units")
            return ()
        return tuple((str(k), str(v) if v is not None else str(k)) for k, v in value.items())

    def year(self, root: YamlMap) -> int | None:
        value = root.get("year")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2999:
            self.add(f"året '{value}' är inte ett årtal", "skriv året med fyra siffror, t.ex. year: 2024",
                     row=line_of(root, "year"), key="year")
            return None
        if match := PLAN_FILE.match(self.path.name):
            if int(match[1]) != value:
                self.add(f"planen gäller år {value} men filen heter {self.path.name}",
                         f"byt namn på filen till plan-{value}.yaml eller rätta 'year'",
                         row=line_of(root, "year"), key="year")
        return value

    def document(self, root: YamlMap) -> Document:
        if root.get("document") is None:
            return Document()
        data = self.mapping(root["document"], "document", line_of(root, "document"), "'document'")
        if data is None:
            return Document()
        check_keys(self.path, data, DOCUMENT_KEYS, (), "document", self.problems)
        texts = {key: self.text(data, key, "document") for key in DOCUMENT_KEYS if key != "status_scale"}
        scale = self.status_scale(data)
        form = texts.pop("summary_form") or SUMMARY_FORMS[0]
        if form not in SUMMARY_FORMS:
            self.add(f"okänd form '{form}' för inledningsmeningen",
                     f"skriv summary_form: {' eller '.join(SUMMARY_FORMS)} (eller ta bort raden)",
                     row=line_of(data, "summary_form"), key="document.summary_form")
            form = SUMMARY_FORMS[0]
        return Document(**texts, summary_form=form, status_scale=scale)

    def status_scale(self, data: YamlMap) -> tuple[tuple[str, str], ...]:
        """`status_scale`: the plan's words per status ('uppnås', 'delvis', 'uppnås inte'), in that order."""
        value = data.get("status_scale")
        if value is None:
            return ()
        where = "document.status_scale"
        scale = self.mapping(value, where, line_of(data, "status_scale"), "'status_scale'")
        if scale is None:
            return ()
        by_word = {STATUS_LABELS[status]: status for status in SCALE_STATUSES}
        found: dict[str, str] = {}
        for raw_key in scale:
            word = " ".join(str(raw_key).lower().split())
            status = by_word.get(word)
            if status is None:
                self.add(f"okänd status '{raw_key}' i planens bedömningsskala",
                         f"skriv texten under {', '.join(by_word)}", row=line_of(scale, raw_key),
                         key=f"{where}.{raw_key}")
                continue
            text = self.text(scale, raw_key, where)
            if text.strip():
                found[status] = " ".join(text.split())
        return tuple((status, found[status]) for status in SCALE_STATUSES if status in found)

    def level(self, value: Any, where: str, row: int | None) -> Level | None:
        data = self.mapping(value, where, row, "en nivå")
        if data is None:
            return None
        check_keys(self.path, data, LEVEL_KEYS, ("name", "plural"), where, self.problems)
        assessed = data.get("assessed", False)
        if not isinstance(assessed, bool):
            self.add(f"'assessed' ska vara true eller false, inte '{assessed}'", "skriv assessed: true",
                     row=line_of(data, "assessed"), key=join_key(where, "assessed"))
            assessed = False
        name = self.text(data, "name", where)
        return Level(name=name, plural=self.text(data, "plural", where, name), assessed=assessed)

    def levels(self, root: YamlMap) -> tuple[Level, ...]:
        items = self.sequence(root, "levels", "")
        levels = [level for index, item in enumerate(items)
                  if (level := self.level(item, f"levels[{index}]", line_of(root, "levels"))) is not None]
        if items and sum(level.assessed for level in levels) != 1:
            count = sum(level.assessed for level in levels)
            self.add(f"exakt en nivå ska ha 'assessed: true' (nu {count})",
                     "markera den nivå som får helhetsbedömningen, t.ex. Delmål, med assessed: true",
                     row=line_of(root, "levels"), key="levels")
        return tuple(levels)

    def indicator_level(self, root: YamlMap) -> Level:
        if root.get("indicator_level") is None:
            return Level("Indikator", "Indikatorer")
        level = self.level(root["indicator_level"], "indicator_level", line_of(root, "indicator_level"))
        return level or Level("Indikator", "Indikatorer")

    def nodes(self, parent: YamlMap, key: str, parent_where: str, depth: int) -> list[Node]:
        nodes = []
        for index, item in enumerate(self.sequence(parent, key, parent_where)):
            here = f"{join_key(parent_where, key)}[{index}]"
            data = self.mapping(item, here, line_of(parent, key), "ett mål")
            if data is not None:
                nodes.append(self.node(data, here, depth))
        return nodes

    def node(self, data: YamlMap, where: str, depth: int) -> Node:
        self.max_depth = max(self.max_depth, depth)
        check_keys(self.path, data, NODE_KEYS, ("id", "name"), where, self.problems, self._about(data, "målet"))
        ident = self.ident(data, where, self.node_ids, "målet")
        children = tuple(self.nodes(data, "children", where, depth + 1))
        indicators = tuple(self.each(data, "indicators", where, self.indicator))
        actions = tuple(self.each(data, "actions", where, self.action))
        return Node(id=ident, name=self.text(data, "name", where), depth=depth, children=children,
                    indicators=indicators, actions=actions, description=self.text(data, "description", where),
                    placeholder=self.text(data, "placeholder", where))

    def each(self, data: YamlMap, key: str, where: str, read: Callable[[YamlMap, str], Any]) -> list[Any]:
        out = []
        for index, item in enumerate(self.sequence(data, key, where)):
            here = f"{where}.{key}[{index}]"
            item_map = self.mapping(item, here, line_of(data, key), "en post")
            if item_map is not None:
                out.append(read(item_map, here))
        return out

    @staticmethod
    def _about(data: YamlMap, what: str) -> str:
        ident = data.get("id")
        return f" ({what} {ident})" if ident not in (None, "") else ""

    def action(self, data: YamlMap, where: str) -> Action:
        check_keys(self.path, data, ACTION_KEYS, ("id", "name"), where, self.problems, self._about(data, "åtgärden"))
        ident = self.ident(data, where, self.action_ids, "åtgärden")
        number = data.get("number")
        if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
            self.add(f"åtgärden {ident} har numret '{number}', som inte är ett heltal", "skriv numret som 1, 2, 3 …",
                     row=line_of(data, "number"), key=join_key(where, "number"))
            number = None
        return Action(id=ident, name=self.text(data, "name", where), number=number,
                      responsible=self.text(data, "responsible", where))

    def indicator(self, data: YamlMap, where: str, part_of: str = "") -> Indicator:
        about = self._about(data, "indikatorn")
        if data.get("components") is not None:
            return self.composite(data, where, about)
        check_keys(self.path, data, INDICATOR_KEYS, ("id", "name", "unit"), where, self.problems, about)
        ident = self.ident(data, where, self.indicator_ids, "indikatorn")
        direction = self.choice(data, "direction", where, Direction, Direction.HIGHER, about)
        aggregation = self.choice(data, "aggregation", where, Aggregation, Aggregation.MEAN, about)
        unit = self.unit(data, where, about)
        known = get_unit(unit)
        if aggregation is Aggregation.SUM and known is not None and known.is_share:
            self.add(f"andelar kan inte summeras{about}: månadernas {unit} ger ingen andel för perioden",
                     "skriv aggregation: ratio (med täljare och nämnare) eller mean, eller ändra enheten",
                     row=line_of(data, "aggregation"), key=join_key(where, "aggregation"))
        per_day = data.get("per_day", False)
        if not isinstance(per_day, bool):
            self.add(f"per_day ska vara true eller false{about}, inte '{per_day}'",
                     "skriv per_day: true eller ta bort raden",
                     row=line_of(data, "per_day"), key=join_key(where, "per_day"))
            per_day = False
        elif per_day and aggregation is not Aggregation.SUM:
            self.add(f"per_day gäller bara antal som summeras{about}", "skriv aggregation: sum eller ta bort per_day",
                     row=line_of(data, "per_day"), key=join_key(where, "per_day"))
            per_day = False
        return Indicator(
            id=ident, name=self.text(data, "name", where), unit=unit, per_day=per_day,
            direction=direction, target=self.target(data, where, direction, about),
            tolerance=self.tolerance(data, where, about), schedule=self.schedule(data, where, about),
            aggregation=aggregation, window=self.window(data, where, about),
            source=self.text(data, "source", where) or None, definition=self.text(data, "definition", where),
            kind=self.text(data, "kind", where), note=self.text(data, "note", where),
            min_coverage=self.min_coverage(data, where, about),
            percentile=self.percentile(data, where, aggregation, about),
            combine_months=self.combine_months(data, where, aggregation, about),
            children=self.children(data, where, about), label=self.text(data, "label", where), part_of=part_of)

    def children(self, data: YamlMap, where: str, about: str) -> bool:
        """`population: children` (or barn): the indicator is about children, so its sexes are flickor and pojkar."""
        value = data.get("population")
        if value is None or value == "":
            return False
        found = POPULATIONS.get(str(value).strip().lower())
        if found is None:
            self.add(f"okänt värde '{value}' för population{about}",
                     "skriv population: children (barn: flickor och pojkar) eller adults (vuxna: kvinnor och män)",
                     row=line_of(data, "population"), key=join_key(where, "population"))
            return False
        return found

    def min_coverage(self, data: YamlMap, where: str, about: str) -> MinCoverage:
        """`min_coverage: 3` (months) or `min_coverage: 75 %` (of the window); absent: the whole window."""
        value = data.get("min_coverage")
        if value is None or value == "":
            return MinCoverage()
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 12:
            return MinCoverage(months=value)
        found = _SHARE.match(str(value).strip())
        if found and 0 < float(found[1].replace(",", ".")) <= 100:
            return MinCoverage(share=float(found[1].replace(",", ".")) / 100)
        self.add(f"min_coverage '{value}' är varken ett antal månader (1–12) eller en andel i procent{about}",
                 "skriv till exempel min_coverage: 3 (månader) eller min_coverage: 75 % (av fönstrets månader)",
                 row=line_of(data, "min_coverage"), key=join_key(where, "min_coverage"))
        return MinCoverage()

    def percentile(self, data: YamlMap, where: str, aggregation: Aggregation, about: str) -> float | None:
        """The percentile of 'aggregation: percentile' (0–100, exclusive); required there, not allowed elsewhere."""
        value = data.get("percentile")
        key, row = join_key(where, "percentile"), line_of(data, "percentile")
        if aggregation is not Aggregation.PERCENTILE:
            if value is not None:
                self.add(f"percentile anges bara med aggregation: percentile{about}",
                         "ta bort percentile, eller skriv aggregation: percentile", row=row, key=key)
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 100:
            self.add(f"percentilen '{value if value is not None else ''}' saknas eller ligger inte mellan 0 och "
                     f"100{about}", "skriv till exempel percentile: 90 för den 90:e percentilen",
                     row=row or line_of(data, "aggregation"), key=key)
            return None
        return float(value)

    def combine_months(self, data: YamlMap, where: str, aggregation: Aggregation, about: str) -> str:
        """How monthly medians/percentiles become a window's figure: 'last' (default) or 'mean' (labelled)."""
        value = data.get("combine_months")
        if value is None or value == "":
            return "last"
        text = str(value).strip().lower()
        key, row = join_key(where, "combine_months"), line_of(data, "combine_months")
        if not aggregation.is_quantile:
            self.add(f"combine_months gäller bara medianer och percentiler{about}",
                     "ta bort combine_months, eller skriv aggregation: median eller percentile", row=row, key=key)
            return "last"
        if text not in COMBINE_MONTHS:
            self.add(f"okänt värde '{value}' för combine_months{about}",
                     "använd last (senaste månadens värde) eller mean (medelvärde av månadsvärdena, märks så)",
                     row=row, key=key)
            return "last"
        return text

    def composite(self, data: YamlMap, where: str, about: str) -> Indicator:
        """An indicator made of components (seed 004's vårdgaranti): each component is an indicator of its own,
        taking unit, direction, schedule, aggregation, window and tolerance from the composite unless it sets them,
        and its target from the composite's wording by its `label` unless it has one of its own."""
        parent = self.indicator(_without(data, "components", "target"), where)
        items = self.sequence(data, "components", where)
        parts: list[tuple[Indicator, YamlMap]] = []
        for index, item in enumerate(items):
            here = f"{where}.components[{index}]"
            item_map = self.mapping(item, here, line_of(data, "components"), "en del")
            if item_map is None:
                continue
            if item_map.get("components") is not None:
                self.add(f"en del av ett sammansatt mål kan inte ha egna delar{about}",
                         "lägg alla delar direkt under målets 'components'", row=line_of(item_map, "components"),
                         key=f"{here}.components")
                continue
            parts.append((self.indicator(_inherit(item_map, data), here, part_of=parent.id), item_map))
        if isinstance(items, list) and len(items) < 2:
            self.add(f"ett sammansatt mål behöver minst två delar under 'components'{about}",
                     "ta bort 'components' och ge indikatorn ett eget målvärde, eller lägg till delarna",
                     row=line_of(data, "components"), key=join_key(where, "components"))
        wording = data.get("target")
        text = self.text(data, "target", where)
        levels = split_wording(text, [p.label for p, _ in parts if p.label]) if text else None
        if levels is None and any("target" not in item for _, item in parts):
            labels = ", ".join(f"{p.id}: {p.label or 'ingen label'}" for p, _ in parts)
            self.add(f"kan inte fördela målvärdet '{text}' på delarna{about}",
                     "ge varje del en 'label' som målvärdets formulering nämner (t.ex. label: \"0:an\" i '100% 0:an "
                     f"och 7:an 90% 90-90') eller ett eget 'target'; delarna nu: {labels}",
                     row=line_of(data, "target") if text else line_of(data, "components"),
                     key=join_key(where, "target" if text else "components"))
        components = []
        for part, item in parts:
            if "target" in item or levels is None:
                components.append(part)
            elif part.label in levels:
                components.append(replace(part, target=levels[part.label]))
            else:
                self.add(f"delen {part.id} av {parent.id} har inget målvärde{about}",
                         "ge delen ett eget 'target', eller en 'label' som målvärdets formulering nämner",
                         row=line_of(item, "id"), key=f"{where}.components")
                components.append(part)
        target = CompositeTarget(text=text) if wording is not None else CompositeTarget()
        return replace(parent, target=target, components=tuple(components))

    def unit(self, data: YamlMap, where: str, about: str) -> str:
        raw = self.text(data, "unit", where)
        if not raw:
            return ""
        unit = get_unit(raw)
        if unit is None:
            hint = did_you_mean(raw, UNITS)
            accepted = "tillåtna enheter: " + ", ".join(UNITS)
            self.add(f"okänd enhet '{raw}'{about}", f"{hint} {accepted}".strip(), row=line_of(data, "unit"),
                     key=join_key(where, "unit"))
            return raw
        return unit.id

    def choice(self, data: YamlMap, key: str, where: str, enum: Any, default: Any, about: str) -> Any:
        value = data.get(key)
        if value is None or value == "":
            return default
        options = [member.value for member in enum]
        text = str(value).strip().lower()
        if text not in options:
            hint = did_you_mean(text, options) or f"använd {', '.join(options)}"
            self.add(f"okänt värde '{value}' för {key}{about}", hint, row=line_of(data, key), key=join_key(where, key))
            return default
        return enum(text)

    def window(self, data: YamlMap, where: str, about: str) -> str:
        value = data.get("window")
        if value is None or value == "":
            return "ytd"
        text = str(value).strip().lower()
        if text not in WINDOWS:
            hint = did_you_mean(text, WINDOWS) or f"använd {', '.join(WINDOWS)}"
            self.add(f"okänt fönster '{value}'{about}", hint, row=line_of(data, "window"),
                     key=join_key(where, "window"))
            return "ytd"
        return text

    def tolerance(self, data: YamlMap, where: str, about: str) -> float | None:
        value = data.get("tolerance")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            self.add(f"toleransen '{value}' är inte ett tal större än eller lika med 0{about}",
                     "skriv toleransen som ett tal i indikatorns enhet, t.ex. tolerance: 5",
                     row=line_of(data, "tolerance"), key=join_key(where, "tolerance"))
            return None
        return float(value)

    def schedule(self, data: YamlMap, where: str, about: str) -> frozenset[int]:
        try:
            return parse_schedule(data.get("schedule"))
        except MalrapportError as exc:
            self.pass_on(exc, data, "schedule", where, about)
            return frozenset({1, 2, 3})

    def target(self, data: YamlMap, where: str, direction: Direction, about: str) -> Target:
        if "target" not in data:
            return NoTarget()
        try:
            target = parse_target(data["target"], direction)
        except MalrapportError as exc:
            self.pass_on(exc, data, "target", where, about)
            return NoTarget()
        if isinstance(target, GapTarget):
            return self.gap_target(target, data, where, about)
        return target

    def gap_target(self, target: GapTarget, data: YamlMap, where: str, about: str) -> Target:
        """A gap target with its reference resolved to a unit id of `organisation.units`, its amount checked."""
        row, key = line_of(data, "target"), join_key(where, "target")
        found = reference_names(self.unit_names.items(), self.own_id).get(reference_key(target.reference_unit))
        if found is None:
            named = target.reference_name or target.reference_unit
            listed = ", ".join(f"{ident} ({name})" for ident, name in self.unit_names.items()) or "inga"
            self.add(f"målvärdet jämför med '{named}', men planen har ingen sådan enhet{about}",
                     f"lägg till enheten under organisation.units med id som i utfallsfilerna, t.ex. 'units: "
                     f"{{riket: Riket}}', eller ange reference_unit i målvärdets mappning (enheter nu: {listed})",
                     row=row, key=key)
            return NoTarget()
        unit = get_unit(str(data.get("unit") or ""))
        if target.amount_unit == "procent" and not (unit is not None and unit.is_share):
            self.add(f"skillnaden mot {target.reference_name or found} kan inte ändras med en procentsats{about}",
                     "skriv hur mycket skillnaden ska ändras i indikatorns enhet, t.ex. 'med 1 dag'",
                     row=row, key=key)
            return NoTarget()
        display = self.unit_names.get(found, found)
        name = target.reference_name or (display if " " in display else noun_in_sentence(display))
        return replace(target, reference_unit=found, reference_name=name)

    def pass_on(self, exc: MalrapportError, data: YamlMap, key: str, where: str, about: str) -> None:
        """Re-file problems raised by a parser (targets, schedules) under this file, line and key."""
        for problem in exc.problems:
            self.add(problem.message + about, problem.hint, row=line_of(data, key), key=join_key(where, key))


def _without(data: YamlMap, *keys: str) -> YamlMap:
    """A copy of a mapping without some keys, keeping the lines of the others."""
    out = YamlMap({k: v for k, v in data.items() if k not in keys})
    out.line, out.key_lines = data.line, {k: v for k, v in data.key_lines.items() if k not in keys}
    out.duplicates = []
    return out


def _inherit(part: YamlMap, whole: YamlMap) -> YamlMap:
    """A component's mapping with the composite's inherited keys filled in (their lines point at the composite)."""
    out = YamlMap({**{k: whole[k] for k in INHERITED_KEYS if k in whole and k not in part}, **part})
    out.line = part.line
    out.key_lines = {**{k: whole.line_of(k) for k in INHERITED_KEYS if k in whole}, **part.key_lines}
    out.duplicates = []
    return out


def read_plan(path: str | Path, problems: ProblemCollector) -> Plan | None:
    """Read a plan, adding every problem to `problems`.

    Returns a best-effort Plan whenever organisation, year and levels could be read (even when other problems
    were found, so cross-file checks can still run), or None when the file cannot be used at all.
    """
    path = Path(path)
    data = read_yaml(path, problems, empty_hint="skriv planen enligt README.md (avsnittet File formats)")
    if data is None:
        return None
    plan = _PlanReader(path, problems).plan(data)
    if plan is not None and _in_data_tree(path):
        folder = path.parent.name
        if plan.organisation.id and plan.organisation.id != folder:
            problems.add(path, f"organisationens id '{plan.organisation.id}' skiljer sig från mappnamnet '{folder}'",
                         f"byt namn på mappen till '{plan.organisation.id}' eller rätta organisation.id",
                         row=line_of(data.get("organisation"), "id"), key="organisation.id")
    return plan


def _in_data_tree(path: Path) -> bool:
    """A plan is inside a data tree when it is named plan-YEAR.yaml (its folder is then the organisation)."""
    return bool(PLAN_FILE.match(path.name))


def load_plan(path: str | Path) -> Plan:
    """Read a plan or raise MalrapportError listing every problem in it.

    >>> plan = load_plan("data/rn-ls1/plan-2022.yaml")
    >>> plan.year, plan.subgoal_level.name, len(plan.subgoals())
    (2022, 'Framgångsfaktor', 14)
    """
    problems = ProblemCollector()
    plan = read_plan(path, problems)
    problems.raise_if_any()
    assert plan is not None
    return plan


# --- finding plans in a data tree -------------------------------------------------------------------------

def plan_files(org_dir: str | Path) -> dict[int, Path]:
    """The plans of one organisation folder by year."""
    found: dict[int, Path] = {}
    for path in sorted(Path(org_dir).glob("plan-*.yaml")):
        if match := PLAN_FILE.match(path.name):
            found[int(match[1])] = path
    return found


def list_organisations(data_dir: str | Path) -> list[str]:
    """Organisation ids of a data tree: the folders that hold at least one plan-*.yaml, sorted."""
    root = Path(data_dir)
    if not root.is_dir():
        raise MalrapportError(f"datamappen '{root}' finns inte", file=root,
                              hint="ange mappen med en undermapp per organisation, t.ex. data/")
    return sorted(p.name for p in root.iterdir() if p.is_dir() and any(p.glob("plan-*.yaml")))


def find_plan(data_dir: str | Path, organisation: str, year: int | None = None) -> Path:
    """The plan file of an organisation for `year`, or its latest plan when year is None."""
    orgs = list_organisations(data_dir)
    if organisation not in orgs:
        hint = did_you_mean(organisation, orgs) or f"organisationer i {data_dir}: {', '.join(orgs) or 'inga'}"
        raise MalrapportError(f"organisationen '{organisation}' finns inte i {data_dir}", file=data_dir, hint=hint)
    plans = plan_files(Path(data_dir) / organisation)
    if not plans:
        raise MalrapportError(f"ingen plan med namnet plan-ÅR.yaml i {Path(data_dir) / organisation}",
                              file=Path(data_dir) / organisation, hint="döp planen till t.ex. plan-2024.yaml")
    if year is None:
        return plans[max(plans)]
    if year not in plans:
        years = ", ".join(str(y) for y in sorted(plans))
        raise MalrapportError(f"organisationen '{organisation}' har ingen plan för {year}",
                              file=Path(data_dir) / organisation, hint=f"det finns planer för {years}")
    return plans[year]
