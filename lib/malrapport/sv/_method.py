"""The report's method section, "Så här görs bedömningarna", in the plan's own level names.

One Markdown text per report, built from the names the plan gives its assessed level (delmål, framgångsfaktor) and
its indicators (indikator, styrmått, mått), so that a plan of framgångsfaktorer never reads "delmålen". Rules that
apply only to some plans (counts compared per day) appear only where the plan uses them.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ._report import SPC_TABLE_HEADER
from ._sentences import (
    MEDIAN_LABEL,
    Gender,
    capitalise,
    definite,
    definite_plural,
    mean_of_monthly_note,
    noun_gender,
    noun_in_sentence,
    too_little_coverage_reason,
)
from ._words import (
    ARTICLES,
    SPC_ASSURANCE_LABELS,
    SPC_ASSURANCE_SYMBOLS,
    SPC_VARIATION_LABELS,
    SPC_VARIATION_SYMBOLS,
    STATUS_LABELS,
    STATUS_SYMBOLS,
    TERTIAL_CODES,
)

METHOD_HEADING = "Så här görs bedömningarna"

YELLOW_BY_GENDER = {"n": "gult", "c": "gul"}
"""'Yellow' agreeing with the noun: 'delmålet bedöms som gult', 'framgångsfaktorn som gul'."""
RED_BY_GENDER = {"n": "rött", "c": "röd"}
"""'Red' agreeing with the noun: 'ett styrmått kan vara rött', 'en indikator röd'."""


@dataclass(frozen=True)
class Noun:
    """A level's name in the forms a running text needs."""

    singular: str
    plural: str
    gender: Gender

    @classmethod
    def of(cls, singular: str, plural: str) -> Noun:
        return cls(noun_in_sentence(singular), noun_in_sentence(plural), noun_gender(singular))

    @property
    def one(self) -> str:
        """'ett delmål', 'en framgångsfaktor'."""
        return f"{ARTICLES[self.gender]} {self.singular}"

    @property
    def the(self) -> str:
        """'delmålet', 'framgångsfaktorn'."""
        return definite(self.singular, self.gender)

    @property
    def the_all(self) -> str:
        """'delmålen', 'framgångsfaktorerna'."""
        return definite_plural(self.plural)


def _spc_text(measure: Noun) -> str:
    """The styrdiagram rules and verdicts, with the symbols and words the tables use."""
    variation, symbol = SPC_VARIATION_LABELS, SPC_VARIATION_SYMBOLS
    assurance, sign = SPC_ASSURANCE_LABELS, SPC_ASSURANCE_SYMBOLS
    return "\n\n".join([
        f"**Variation månad för månad (styrdiagram).** För {measure.plural} med månadsvärden visar kolumnen "
        f"*{SPC_TABLE_HEADER}* vad ett styrdiagram (XmR-diagram, som i NHS Englands *Making Data Count*) säger om den "
        "senaste månaden. Diagrammet bygger på månaderna i år och de två föregående åren fram till rapportens period, "
        "för totalen (för summor och kvoter beräknad från kvinnor och män). Styrgränserna är medelvärdet ± 2,66 "
        "gånger den genomsnittliga skillnaden mellan två månader i rad; det motsvarar tre standardavvikelser. En "
        "månad är en *särskild orsak*, ett tecken på att något har förändrats, när den",
        "- ligger utanför styrgränserna,\n"
        "- ingår i minst sju månader i rad på samma sida om medelvärdet (en månad precis på medelvärdet bryter "
        "raden),\n"
        "- ingår i minst sju månader i rad där varje månad är högre (eller lägre) än den före (ett lika värde bryter "
        "raden),\n"
        "- eller är en av två av tre månader i rad som ligger mer än två standardavvikelser från medelvärdet på "
        "samma sida.",
        "Sju i rad är samma gräns som i *Making Data Count*: av en slump hamnar sju månader i rad på samma sida om "
        "medelvärdet bara i ungefär 1,6 % av fallen, så falsklarm blir ovanliga på tre års månader, medan en verklig "
        "förändring syns inom ungefär sju månader. Bedömningen gäller den senaste månaden:",
        f"- {symbol['improvement']} *{variation['improvement']}* eller {symbol['concern']} "
        f"*{variation['concern']}*: månaden är en särskild orsak åt det bättre eller sämre hållet (efter "
        f"{measure.the}s riktning); utan riktning står {symbol['high']} *högre* eller {symbol['low']} *lägre*.\n"
        f"- {symbol['common']} *{variation['common']}*: inget tyder på en förändring; skillnaderna mellan månaderna "
        f"är slump och ska inte tolkas.\n"
        f"- Mot målvärdet (*mål:*): {sign['pass']} *{assurance['pass']}* när hela bandet mellan styrgränserna når "
        f"målet, {sign['fail']} *{assurance['fail']}* när inget av det gör det, och {sign['inconsistent']} "
        f"*{assurance['inconsistent']}* när målet ligger mellan gränserna och nås vissa månader men inte andra. Det "
        f"bedöms bara för mål som är en nivå en enskild månad kan nå, inte för summor och helårsmål.\n"
        f"- Med färre än 12 månader görs ingen bedömning ({symbol['too_few']} *{variation['too_few']}*).",
    ])


def status_scale_text(scale: Sequence[tuple[str, str]]) -> str:
    """The plan's own scale for the analysts' assessment, in its own words, one status a line.

    >>> print(status_scale_text([("met", "Framgångsfaktorn är uppfylld."), ("not_met", "Framgångsfaktorn är inte "
    ...                                                                                "uppfylld.")]))
    Planens egen skala för bedömningen:
    <BLANKLINE>
    - ● *uppnås*: Framgångsfaktorn är uppfylld.
    - ○ *uppnås inte*: Framgångsfaktorn är inte uppfylld.
    """
    lines = [f"- {STATUS_SYMBOLS[status]} *{STATUS_LABELS[status]}*: {text}" for status, text in scale]
    return "Planens egen skala för bedömningen:\n\n" + "\n".join(lines)


def method_text(subgoal: tuple[str, str], indicator: tuple[str, str], per_day: bool = False,
                medians: bool = False, gaps: bool = False, composites: bool = False, spc: bool = False,
                scale: Sequence[tuple[str, str]] = (), year: int = 2021) -> str:
    """The method section's Markdown (without its heading) for a plan's assessed level and indicator level.

    `subgoal` and `indicator` are (singular, plural) as the plan writes them; `per_day`, `medians`, `gaps` and
    `composites` add the rules for counts compared per day, medians and percentiles, targets against another unit
    and targets of several parts, when an indicator of the plan uses them; `spc` the styrdiagram's rules when the
    report has indicators with monthly values; `year` the report's year, for the examples of periods and base
    years; `scale` the plan's own words per status (`status_scale_text`),
    after the paragraph on the analysts' assessment.

    >>> text = method_text(("Framgångsfaktor", "Framgångsfaktorer"), ("Styrmått", "Styrmått"))
    >>> text.split("\\n")[2][:74]
    '**Framgångsfaktorerna** får varje tertial en *helhetsbedömning* av verksam'
    >>> "delmål" in text
    False
    """
    goal, measure = Noun.of(*subgoal), Noun.of(*indicator)
    rules = [
        "- *Uppnås* (●): utfallet når målvärdet. För mål som *Öka* eller *Minska* jämförs med samma period "
        f"föregående år, och för mål som *Minska med 50 % jmf med {year - 2}* med basårets värde. Ett mål att "
        "*minska* är uppnått när utfallet är noll både i år och föregående år, eftersom noll inte går att minska. "
        "Finns bara föregående års helårsvärde jämförs andelar och medelvärden med det "
        f"(”helår {year - 1}”), men aldrig en summa av några månader.",
        "- *Delvis* (◐): utfallet ligger inom toleransen från målvärdet (10 % av målvärdet om planen inte anger "
        "annat), eller rör sig åt rätt håll utan att ännu nå ett mål som är satt mot ett jämförelseår.",
        "- *Uppnås inte* (○): utfallet ligger längre från målvärdet eller rör sig åt fel håll.",
        f"- {capitalise(measure.plural)} som bara följs upp i årsrapporten visas som *följs upp senare* (…), och "
        f"{goal.plural} som ännu saknar {measure.singular} visas ändå.",
        f"- *{capitalise(STATUS_LABELS['not_assessed'])}* ({STATUS_SYMBOLS['not_assessed']}): utfallet täcker för "
        f"lite av perioden. {capitalise(measure.one)} bedöms bara när alla månader i perioden är rapporterade, "
        f"eller så många som planen anger, och skälet säger hur många: ”{too_little_coverage_reason(3, 4, 4)}”. "
        f"Ett värde som avser periodens senaste månad kräver att just den månaden finns.",
        f"- *{capitalise(STATUS_LABELS['no_cases'])}* ({STATUS_SYMBOLS['no_cases']}): en andel vars nämnare är noll "
        f"för hela perioden. Det fanns inget att mäta, vilket är något annat än att uppgiften saknas.",
        f"- *{capitalise(STATUS_LABELS['no_comparison'])}* ({STATUS_SYMBOLS['no_comparison']}): utfallet finns, men "
        f"inte värdet det ska jämföras med (samma period föregående år eller basåret), så ingen bedömning görs. "
        f"*{capitalise(STATUS_LABELS['no_outcome'])}* ({STATUS_SYMBOLS['no_outcome']}) betyder att periodens utfall "
        f"saknas.",
    ]
    if gaps:
        rules.append(
            "- Mål mot en annan enhet, som *Minska differensen till riket med 1 dag jmf med 2014*, bedöms på "
            "skillnaden mellan enheten och jämförelseenheten (riket, en annan region eller regionen som helhet) samma "
            "period och för samma kön, aldrig på enhetens egen nivå. Skillnaden ska ha minskat (eller ökat, beroende "
            "på vad som är bättre) med det angivna beloppet jämfört med skillnaden basåret, eller samma period "
            "föregående år om målet inte nämner något år. Kvinnor och män bedöms bara när planen anger ett "
            "utgångsläge för dem; annars visas deras skillnad utan bedömning. Saknas jämförelseenhetens värde görs "
            "ingen bedömning.")
    if composites:
        rules.append(
            "- Ett sammansatt mål, som vårdgarantins *100% 0:an och 7:an 90% 90-90*, har delar som var och en bedöms "
            "mot sitt eget målvärde och visas på egen rad. Målet *uppnås* först när alla delar uppnås, *uppnås inte* "
            "när ingen del uppnås (även om en del ligger inom toleransen) och är *delvis* uppnått däremellan. Kan en "
            "del inte bedömas, kan inte heller målet det.")
    if medians:
        rules.append(
            f"- Medianer och percentiler, till exempel väntetider, kan inte läggas ihop månad för månad. Rapporten "
            f"visar periodens egen median när den har beräknats från uppgifter per patient, annars den senaste "
            f"månadens median eller, om planen anger det, medelvärdet av månadernas medianer – och säger då det: "
            f"”{mean_of_monthly_note(MEDIAN_LABEL)}”.")
    if per_day:
        rules.append(
            "- Antal som planen jämför *per dag* (till exempel fall per månad) jämförs med föregående år per "
            "kalenderdag, så att en skottdag eller en månad med 31 dagar mot en med 30 inte avgör. "
            "Tabellerna visar fortfarande antalet, och skälet börjar med ”per dag”.")
    paragraphs = [
        "Rapporten följer upp planens mål på två sätt, och de två kan visa olika saker.",
        f"**{capitalise(goal.the_all)}** får varje tertial en *helhetsbedömning* av verksamhetens analytiker: "
        f"kommer {goal.the} att **uppnås**, **delvis** uppnås eller **inte** uppnås till årets slut? Bedömningen "
        f"väger samman {measure.the_all}, genomförda och planerade åtgärder och kunskap om verksamheten som inte "
        f"syns i siffrorna. {capitalise(goal.the_all)} bedöms i varje rapport.",
        *([status_scale_text(scale)] if scale else []),
        f"**{capitalise(measure.the_all)}** bedöms mekaniskt: periodens utfall jämförs med målvärdet i planen.",
        "\n".join(rules),
        "Utfallen avser perioden från årets början (ackumulerat) om inget annat anges, per kön där uppgiften finns. "
        "Utvecklingen jämför med samma period föregående år (med helåret när bara det finns, men aldrig för en "
        "summa av några månader): pilen visar åt vilket håll värdet har rört sig (↗ upp, "
        "↘ ner, → oförändrat) och ordet om det är bättre eller sämre, så en sjukfrånvaro som sjunker visas "
        "som ↘ bättre. En förändring räknas "
        "som en utveckling först när den är större än en tröskel som passar värdets storlek: för andelar den minsta "
        "av 0,5 procentenheter och 5 % av förra årets värde, men minst 0,1 procentenhet; för övriga mått 1 % av förra "
        "årets värde. En sjukfrånvaro som går från 7,3 till 6,8 % har alltså minskat, medan 0,3 till 0,4 % räknas "
        "som oförändrat. Jämförelser görs "
        "alltid med samma månader: täcker årets värde bara en del av perioden jämförs det med samma månader "
        "föregående år, och avser jämförelsevärdet andra månader görs ingen jämförelse. Totalen för kvinnor och män "
        f"tillsammans beräknas bara för de månader som båda har. Går totalen inte att beräkna bedöms {measure.the} "
        "utifrån kvinnor och män: uppnår båda målet är det *uppnås*, uppnår ingen av dem det *uppnås inte*, annars "
        "*delvis*.",
        f"Kolumnen *Följs upp* anger i vilka rapporter {measure.the} följs upp: {TERTIAL_CODES[1]} är "
        f"delårsrapporten per april, {TERTIAL_CODES[2]} delårsrapporten per augusti och {TERTIAL_CODES[3]} "
        f"årsredovisningen. Perioder i tabeller och diagram skrivs T1, T2 och T3 för årets tertial: T1 {year} är "
        f"januari–april {year}, T2 till och med augusti och T3 till och med december.",
        f"Eftersom {measure.the_all} bara fångar en del av {goal.one}, och vissa följs upp först vid årets slut, "
        f"kan {measure.one} vara {RED_BY_GENDER[measure.gender]} medan {goal.the} bedöms som "
        f"{YELLOW_BY_GENDER[goal.gender]}. Rapporten visar "
        f"därför båda: analytikernas bedömning och, där den skiljer sig, vad {measure.the_all} ensamma visar. En "
        f"skillnad är information, inte ett fel.",
    ]
    if spc:
        paragraphs.insert(-1, _spc_text(measure))
    return "\n\n".join(paragraphs)
