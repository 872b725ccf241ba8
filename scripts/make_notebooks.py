"""Write the report notebooks from their cell sources, without outputs, so they diff well in git.

Run after changing a notebook's cells here: `.venv/bin/python scripts/make_notebooks.py`. Analysts may also edit the
notebooks in JupyterLab directly; this script is only a readable source of their initial content.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]

METHOD = """## Så här görs bedömningarna

Rapporten följer upp planens mål på två sätt, och de två kan visa olika saker.

**Delmålen** får varje tertial en *helhetsbedömning* av verksamhetens analytiker: kommer delmålet att **uppnås**,
**delvis** uppnås eller **inte** uppnås till årets slut? Bedömningen väger samman indikatorerna, genomförda och
planerade åtgärder och kunskap om verksamheten som inte syns i siffrorna. Delmålen bedöms i varje rapport.

**Indikatorerna** bedöms mekaniskt: periodens utfall jämförs med målvärdet i planen.

- *Uppnås* (●): utfallet når målvärdet. För mål som *Öka* eller *Minska* jämförs med samma period föregående år,
  och för mål som *Minska med 50 % jmf med 2020* med basårets värde.
- *Delvis* (◐): utfallet ligger inom toleransen från målvärdet (10 % av målvärdet om planen inte anger annat),
  eller rör sig åt rätt håll utan att ännu nå ett mål som är satt mot ett jämförelseår.
- *Uppnås inte* (○): utfallet ligger längre från målvärdet eller rör sig åt fel håll.
- Indikatorer som bara följs upp i årsrapporten visas som *följs upp senare* (…), och delmål som ännu saknar
  indikator visas ändå.

Utfallen avser perioden från årets början (ackumulerat) om inget annat anges, per kön där uppgiften finns.
Utvecklingen (↗ bättre, ↘ sämre, → oförändrat) jämför med samma period föregående år.

Eftersom indikatorerna bara fångar en del av ett delmål, och vissa följs upp först vid årets slut, kan en indikator
vara röd medan delmålet bedöms som gult. Rapporten visar därför båda: analytikernas bedömning och, där den skiljer
sig, vad indikatorerna ensamma visar. En skillnad är information, inte ett fel.
"""


def report_notebook() -> nbformat.NotebookNode:
    parameters = new_code_cell(
        '# Parametrar: ändra och kör om hela anteckningsboken ("Run All").\n'
        '# region: organisationens id (mappen i data/); period: tertial, t.ex. 2022-T1;\n'
        '# data_dir: tom = projektets data/; report_date: datum i titelblocket, tomt = planens publiceringsdatum.\n'
        'region = "rn-ls1"\n'
        'period = "2022-T1"\n'
        'data_dir = ""\n'
        'report_date = ""',
        metadata={"tags": ["parameters"]})
    load = new_code_cell(
        "from malrapport.present import sections\n"
        "from malrapport.calc.report import build_report\n"
        "from malrapport.inputs.project import resolve_data_dir\n\n"
        "report = build_report(resolve_data_dir(data_dir), region, period)\n"
        "parameters = {'region': region, 'period': period, 'report_date': report_date}",
        metadata={"tags": ["setup"]})
    return new_notebook(cells=[
        parameters,
        load,
        new_code_cell("sections.show_title(report, report_date)"),
        new_code_cell("sections.show_summary(report)"),
        new_markdown_cell(METHOD),
        new_code_cell("sections.show_goals(report)"),
        new_code_cell("sections.show_appendix(report, parameters)"),
        new_code_cell("sections.emit_payload(report)", metadata={"tags": ["remove-cell"]}),
    ], metadata=_metadata())


def indicator_notebook() -> nbformat.NotebookNode:
    parameters = new_code_cell(
        '# Parametrar: ändra och kör om hela anteckningsboken ("Run All").\n'
        '# region: organisationens id (mappen i data/); indicator: indikatorns id i planen;\n'
        '# period: senaste tertial som visas, tomt = senaste med utfall; data_dir: tom = projektets data/.\n'
        'region = "rn-ls1"\n'
        'indicator = "fallskador"\n'
        'period = ""\n'
        'data_dir = ""',
        metadata={"tags": ["parameters"]})
    load = new_code_cell(
        "from malrapport.present import indicator_view\n"
        "from malrapport.inputs.project import resolve_data_dir\n\n"
        "view = indicator_view.build(resolve_data_dir(data_dir), region, indicator, period or None)",
        metadata={"tags": ["setup"]})
    return new_notebook(cells=[
        parameters,
        load,
        new_code_cell("indicator_view.show_title(view)"),
        new_code_cell("indicator_view.show_series(view)"),
        new_markdown_cell(
            "## Jämförelse mellan enheter\n\nHär jämförs enheterna i underlaget (kliniker, divisioner eller "
            "regioner) för senaste perioden. Rapportens enhet är markerad och riket eller regionen som helhet "
            "visas som referenslinje där värdet finns."),
        new_code_cell("indicator_view.show_comparison(view)"),
        new_code_cell("indicator_view.show_definition(view)"),
        new_code_cell("indicator_view.emit_payload(view)", metadata={"tags": ["remove-cell"]}),
    ], metadata=_metadata())


def _metadata() -> dict:
    return {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"}}


def main() -> None:
    for name, notebook in (("malrapport.ipynb", report_notebook()), ("indikator.ipynb", indicator_notebook())):
        for index, cell in enumerate(notebook.cells):
            cell["id"] = f"cell-{index}"
        nbformat.write(notebook, ROOT / "notebooks" / name)


if __name__ == "__main__":
    main()
