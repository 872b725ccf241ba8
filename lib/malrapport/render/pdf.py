"""PDF engines behind one option (`--pdf-engine`): Typst (default), headless Chromium or Quarto.

Typst compiles the Typst form of the executed notebook in process (`typst_pdf`): PDF/UA-1, tagged, with the
charts as figures with alternative texts, in a few hundredths of a second and without a browser. Chromium
prints the offline HTML page, so the PDF looks like the page (A4, running header, "Sida 3 (12)"). Quarto
renders a copy of the executed notebook with typst, without executing it again; it is used only when the
`quarto` command is on the PATH. When no engine is available the caller keeps the HTML and shows
`pdf_unavailable_message`.
"""
from __future__ import annotations

import copy
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # nbformat loads only when a PDF is made: reading a run definition needs no notebook code
    import nbformat

from ..errors import MalrapportError
from ..present.payload import HIDDEN_MIME_PREFIX
from ..present.typst_markup import TYPST_MIME
from .browser import Browser, chromium_missing_message, find_chromium, print_pdf
from .typst_pdf import find_typst, render_typst, typst_missing_message

DEFAULT_ENGINE = "typst"
QUARTO_TIMEOUT = 600
QUARTO_FRONT_MATTER = "---\nlang: sv\nexecute:\n  echo: false\n---"
_HIDDEN_OUTPUT_TAGS = {"parameters", "injected-parameters", "remove-output"}


@dataclass(frozen=True)
class PdfEngine:
    """A way to make a PDF: its name, what it reads (the HTML page or the executed notebook), how to run it, and
    whether it runs in the process that wrote the report (no browser or program to share, as Typst)."""

    name: str
    label: str
    reads: str
    find: Callable[[], str | None]
    render: Callable[..., Path]
    in_process: bool = False

    def available(self) -> bool:
        """Whether the engine's program is installed."""
        return self.find() is not None


def find_quarto() -> str | None:
    """Path of the `quarto` command, or None when it is not on the PATH."""
    return shutil.which("quarto")


def quarto_missing_message() -> str:
    """What to do when Quarto is missing (Swedish, for analysts)."""
    return ("PDF med motorn quarto kräver Quarto (https://quarto.org): installera Quarto CLI och lägg kommandot "
            "quarto i PATH, eller använd --pdf-engine typst.")


def pdf_unavailable_message(engine: str) -> str:
    """Why no PDF was made with `engine` and how to get one; the HTML report is written regardless."""
    if engine == "typst":
        return typst_missing_message()
    if engine == "quarto":
        return quarto_missing_message()
    if engine == "chromium":
        return chromium_missing_message()
    return f"Okänd PDF-motor '{engine}'. Välj en av: {', '.join(ENGINES)}."


def quarto_command(ipynb_path: str | Path, output_name: str) -> list[str]:
    """The Quarto command line for an executed notebook copy; run it in the copy's folder. No re-execution."""
    return ["quarto", "render", Path(ipynb_path).name, "--to", "typst", "--output", output_name]


def _without_typst(output: dict) -> dict:
    """An output without its Typst form, which is for the typst engine's template, not for Quarto's."""
    if TYPST_MIME in output.get("data", {}):
        output["data"] = {k: v for k, v in output["data"].items() if k != TYPST_MIME}
    return output


def quarto_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of an executed notebook prepared for Quarto: no code, no parameters, no hidden data outputs."""
    import nbformat

    prepared = copy.deepcopy(nb)
    cells = []
    for cell in prepared.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if "remove-cell" in tags:
            continue
        if cell.get("cell_type") == "code":
            if tags & _HIDDEN_OUTPUT_TAGS:
                continue
            cell["outputs"] = [_without_typst(o) for o in cell.get("outputs", [])
                               if not any(k.startswith(HIDDEN_MIME_PREFIX) for k in o.get("data", {}))]
            cell.setdefault("metadata", {})["tags"] = sorted(tags | {"remove-input"})
        cells.append(cell)
    starts_with_front_matter = bool(cells) and cells[0].get("cell_type") == "raw" \
        and str(cells[0].get("source", "")).lstrip().startswith("---")
    if not starts_with_front_matter:
        cells.insert(0, nbformat.v4.new_raw_cell(QUARTO_FRONT_MATTER))
    prepared.cells = cells
    return prepared


def render_quarto(ipynb_path: str | Path, pdf_path: str | Path) -> Path:
    """PDF of an executed notebook through Quarto and typst, rendered in a private temporary folder."""
    source, target = Path(ipynb_path), Path(pdf_path)
    if find_quarto() is None:
        raise MalrapportError(quarto_missing_message(), file=source)
    if not source.is_file():
        raise MalrapportError("den körda anteckningsboken finns inte", file=source,
                              hint="kör rapporten först; Quarto skriver ut den körda anteckningsboken")
    import nbformat

    nb = nbformat.read(source, as_version=4)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".quarto-") as work:
        copy_path = Path(work) / "rapport.ipynb"
        nbformat.write(quarto_notebook(nb), copy_path)
        command = quarto_command(copy_path, "rapport.pdf")
        try:
            result = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=QUARTO_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise MalrapportError(f"Quarto blev inte klar inom {QUARTO_TIMEOUT} s", file=source,
                                  hint="prova --pdf-engine chromium") from None
        produced = Path(work) / "rapport.pdf"
        if result.returncode != 0 or not produced.is_file():
            tail = " ".join((result.stderr or result.stdout or "").strip().splitlines()[-3:])
            raise MalrapportError(f"Quarto kunde inte göra PDF (felkod {result.returncode}): {tail}", file=source,
                                  hint="kör kommandot 'quarto check' eller prova --pdf-engine chromium")
        os.replace(produced, target)
    return target


def _render_typst(pdf_path: Path, *, html_path: Path | None = None, ipynb_path: Path | None = None,
                  browser: Browser | None = None, notebook: nbformat.NotebookNode | None = None) -> Path:
    if notebook is None:
        if ipynb_path is None or not ipynb_path.is_file():
            raise MalrapportError("PDF med motorn typst behöver den körda anteckningsboken (.ipynb)", file=pdf_path,
                                  hint="skriv den körda anteckningsboken först")
        import nbformat

        notebook = nbformat.read(ipynb_path, as_version=4)
    return render_typst(notebook, pdf_path)


def _render_chromium(pdf_path: Path, *, html_path: Path | None = None, ipynb_path: Path | None = None,
                     browser: Browser | None = None, notebook: nbformat.NotebookNode | None = None) -> Path:
    if html_path is None:
        raise MalrapportError("PDF med motorn chromium behöver rapportens HTML-fil", file=pdf_path,
                              hint="exportera rapporten till HTML först")
    return print_pdf(html_path, pdf_path, browser=browser)


def _render_quarto(pdf_path: Path, *, html_path: Path | None = None, ipynb_path: Path | None = None,
                   browser: Browser | None = None, notebook: nbformat.NotebookNode | None = None) -> Path:
    if ipynb_path is None:
        raise MalrapportError("PDF med motorn quarto behöver den körda anteckningsboken (.ipynb)", file=pdf_path,
                              hint="skriv den körda anteckningsboken först")
    return render_quarto(ipynb_path, pdf_path)


ENGINES: dict[str, PdfEngine] = {
    "typst": PdfEngine("typst", "Typst (PDF/UA-1 av den körda anteckningsboken, utan webbläsare)", "notebook",
                       find_typst, _render_typst, in_process=True),
    "chromium": PdfEngine("chromium", "Chromium (skriver ut HTML-rapporten)", "html", find_chromium,
                          _render_chromium),
    "quarto": PdfEngine("quarto", "Quarto med typst (skriver ut den körda anteckningsboken)", "notebook",
                        find_quarto, _render_quarto),
}


def get_engine(name: str) -> PdfEngine:
    """The engine called `name`; an unknown name is a MalrapportError listing the choices."""
    try:
        return ENGINES[name]
    except KeyError:
        raise MalrapportError(f"okänd PDF-motor '{name}'", hint=f"välj en av: {', '.join(ENGINES)}") from None


def available_engines() -> list[str]:
    """Names of the engines whose program is installed, default first."""
    return [name for name, engine in ENGINES.items() if engine.available()]


def print_report_pdf(html_path: str | Path | None, pdf_path: str | Path, *, engine: str = DEFAULT_ENGINE,
                     ipynb_path: str | Path | None = None, browser: Browser | None = None,
                     notebook: nbformat.NotebookNode | None = None) -> Path:
    """Make the PDF of one report with the chosen engine; raises MalrapportError with a hint when it cannot.

    Typst reads `notebook` (the executed notebook in memory) or else `ipynb_path`; Chromium the HTML page;
    Quarto the executed notebook's file.
    """
    chosen = get_engine(engine)
    if not chosen.available():
        raise MalrapportError(pdf_unavailable_message(engine), file=Path(pdf_path))
    return chosen.render(Path(pdf_path), html_path=Path(html_path) if html_path else None,
                         ipynb_path=Path(ipynb_path) if ipynb_path else None, browser=browser, notebook=notebook)
