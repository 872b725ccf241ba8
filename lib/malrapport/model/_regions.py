"""The 21 Swedish regions and Riket, with the ids and names different sources use for them.

Kolada ids are '00' + the SCB county code ('0001' Stockholm … '0025' Norrbotten, '0000' Riket).
Kolada, Socialstyrelsen and Försäkringskassan name regions differently ('Sörmland', 'Södermanland',
'Region Sörmland'); `find_region` accepts any of the names or ids, case-insensitively.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import MalrapportError


@dataclass(frozen=True)
class Region:
    """A region: Kolada id, SCB county code, official name, the short name of statistics exports, other names."""

    kolada_id: str
    county_code: str
    name: str
    short_name: str
    county_name: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.short_name, self.county_name, *self.aliases)


def _region(code: str, name: str, short: str, county: str, *aliases: str) -> Region:
    return Region(f"00{code}", code, name, short, county, aliases)


RIKET = Region("0000", "00", "Riket", "Riket", "Sverige", ("Alla regioner", "Hela riket", "Samtliga regioner"))

REGIONS: tuple[Region, ...] = (
    _region("01", "Region Stockholm", "Stockholm", "Stockholms län"),
    _region("03", "Region Uppsala", "Uppsala", "Uppsala län"),
    _region("04", "Region Sörmland", "Södermanland", "Södermanlands län", "Sörmland", "Region Södermanland"),
    _region("05", "Region Östergötland", "Östergötland", "Östergötlands län"),
    _region("06", "Region Jönköpings län", "Jönköping", "Jönköpings län"),
    _region("07", "Region Kronoberg", "Kronoberg", "Kronobergs län"),
    _region("08", "Region Kalmar län", "Kalmar", "Kalmar län"),
    _region("09", "Region Gotland", "Gotland", "Gotlands län"),
    _region("10", "Region Blekinge", "Blekinge", "Blekinge län"),
    _region("12", "Region Skåne", "Skåne", "Skåne län"),
    _region("13", "Region Halland", "Halland", "Hallands län"),
    _region("14", "Västra Götalandsregionen", "Västra Götaland", "Västra Götalands län", "VGR",
            "Region Västra Götaland"),
    _region("17", "Region Värmland", "Värmland", "Värmlands län"),
    _region("18", "Region Örebro län", "Örebro", "Örebro län"),
    _region("19", "Region Västmanland", "Västmanland", "Västmanlands län"),
    _region("20", "Region Dalarna", "Dalarna", "Dalarnas län"),
    _region("21", "Region Gävleborg", "Gävleborg", "Gävleborgs län"),
    _region("22", "Region Västernorrland", "Västernorrland", "Västernorrlands län"),
    _region("23", "Region Jämtland Härjedalen", "Jämtland Härjedalen", "Jämtlands län", "Jämtland"),
    _region("24", "Region Västerbotten", "Västerbotten", "Västerbottens län"),
    _region("25", "Region Norrbotten", "Norrbotten", "Norrbottens län"),
)


def _normal(text: str) -> str:
    return " ".join(str(text).replace("\u00a0", " ").split()).casefold()


def _index() -> dict[str, Region]:
    index: dict[str, Region] = {}
    for region in (*REGIONS, RIKET):
        keys = [*region.names, region.kolada_id, region.county_code, str(int(region.county_code))]
        for key in keys:
            index[_normal(key)] = region
    return index


_INDEX = _index()


def all_regions(include_riket: bool = False) -> tuple[Region, ...]:
    """The 21 regions in county-code order, optionally followed by Riket."""
    return (*REGIONS, RIKET) if include_riket else REGIONS


def find_region(text: str | int) -> Region | None:
    """The region named or numbered `text` (Kolada id, county code, any name), or None."""
    return _INDEX.get(_normal(str(text)))


def region(text: str | int) -> Region:
    """Like `find_region`, but an unknown name is an error with a hint."""
    found = find_region(text)
    if found is None:
        raise MalrapportError(f"okänd region '{text}'",
                              hint="ange Kolada-id (0001–0025, 0000 för riket), länskod eller regionens namn")
    return found
