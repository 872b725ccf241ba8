"""The demo organisations in data/: what the generator makes for each, and the profiles that make it plausible.

The profiles (typical levels, volumes, first years and drifts by indicator) are chosen so that the generated
series continue the real figures of the seed reports and tell the story those reports tell.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .outcomes import Profile

# The vision and section 1.1 of Region Västerbotten's nämndplan 2024 (seed 003): first in its generated summaries.
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
    """What to generate for one demo organisation.

    `folder` is the organisation's folder in data/ and `year` the year of its plan (outcomes cover it and the
    two years before); `monthly` gives monthly rows, else tertial rows year to date; `assessed` lists the
    periods that get a generated assessment; `profiles` the typical sizes by indicator id; `skip` indicators
    that get no values; `intro` a real text placed first in every generated summary. `reference_profiles` shape
    the series of the units that gap targets compare with (riket), generated from the target's baseline year.
    """

    folder: str
    year: int
    monthly: bool
    assessed: tuple[str, ...]
    profiles: dict[str, Profile] = field(default_factory=dict)
    skip: tuple[str, ...] = ()
    intro: str = ""
    reference_profiles: dict[str, Profile] = field(default_factory=dict)


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
        # The seed: falls decreased in 2021 but have risen again; 2020 lies above 2021. "Den totala sjukfrånvaron
        # ökar jämfört med föregående år"; readmissions: "en marginell minskning för män medan kvinnornas andel här
        # ökat".
        # Inhyrd personal: 6,9 % is "högre än ingångsvärdet".
        profiles={"fallskador": Profile(drift=-0.3), "sjukfranvaro": Profile(drift=0.08),
                  "inhyrda-andel": Profile(drift=0.1),
                  "aterinskrivningar-65": Profile(drift_by_sex=(("K", 0.06), ("M", -0.015)))}),
    DemoOrganisation(
        "rjh-rs", 2018, monthly=False, assessed=("2018-T2", "2018-T3"),
        # The seed says the number of staff with a development plan cannot be measured yet.
        skip=("kompetensplaner",),
        profiles={
            # "Klimatpåverkan från resor fortsatte att öka även 2017" (index 2017 = 100); video meetings "ökade med
            # 93% under 2017 jämfört med 2016".
            "klimat-resor": Profile(100, drift=0.05), "fordon-utslappsfri": Profile(45),
            "videomoten": Profile(2600, drift=0.93),
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
            # Readmissions: "Värden försämrats något" (lower is better, so the earlier values lie a little lower).
            "aterinskrivningar": Profile(drift=0.06),
        },
        # Riket stays near its 2018 level while the county falls below it (seed 004: 0,5 dagar lägre än riket).
        reference_profiles={"sjukpenningtal": Profile(drift=0.01)}),
)
