"""Where the project's files are: the checkout the package runs from, its report notebooks and its data folder.

The report notebooks live in the checkout's top-level `notebooks/` (the project's layout), not in the package,
so that analysts open and edit them in JupyterLab. This module is the one place that knows that layout.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import MalrapportError

PACKAGE_DIR = Path(__file__).resolve().parents[1]
NOTEBOOKS = {"malrapport": "malrapport.ipynb", "indikator": "indikator.ipynb"}
"""The report notebooks by name: the goal follow-up report and the indicator deep dive."""


def checkout_root() -> Path | None:
    """The project checkout the package runs from (with `notebooks/` and `lib/malrapport/`), or None."""
    root = PACKAGE_DIR.parents[1]
    if (root / "notebooks").is_dir() and (root / "lib" / PACKAGE_DIR.name).is_dir():
        return root
    return None


def project_root() -> Path:
    """The project checkout; a clear error when the package is installed outside one.

    >>> (project_root() / "notebooks" / "malrapport.ipynb").is_file()
    True
    """
    root = checkout_root()
    if root is None:
        raise MalrapportError(
            "malrapport körs inte från en utcheckning av projektet, så rapportanteckningsböckerna (notebooks/) "
            "finns inte", file=PACKAGE_DIR,
            hint="installera från en klon av projektet med 'make reports' eller 'pip install -e .', "
                 "eller ange sökvägen till en .ipynb-fil")
    return root


def working_folder() -> Path:
    """Where report kernels run: the checkout when there is one, else the current folder."""
    return checkout_root() or Path.cwd()


def notebook_path(name: str) -> Path:
    """The notebook called `name` ("malrapport", "indikator") or given by path; an error when it is missing."""
    filename = NOTEBOOKS.get(name, name)
    path = Path(filename)
    if not path.is_absolute():
        path = project_root() / "notebooks" / filename
    if not path.exists():
        raise MalrapportError(f"anteckningsboken '{name}' finns inte", file=path,
                              hint=f"välj en av: {', '.join(NOTEBOOKS)}")
    return path


def resolve_data_dir(data_dir: str | Path = "") -> Path:
    """The data directory: as given, else `data/` in the working folder, its parent, or the project checkout.

    Notebooks run with their own folder as working directory in JupyterLab and with the project root in
    batch runs; both find the same `data/`.

    >>> resolve_data_dir().name, resolve_data_dir("data") == resolve_data_dir()
    ('data', True)
    """
    if data_dir:
        path = Path(data_dir).expanduser()
        if not path.is_dir():
            raise MalrapportError(f"datakatalogen '{data_dir}' finns inte",
                                  hint="ange sökvägen till mappen med organisationernas planer och utfall")
        return path.resolve()
    root = checkout_root()
    candidates = [Path.cwd() / "data", Path.cwd().parent / "data"] + ([root / "data"] if root else [])
    for candidate in candidates:
        if candidate.is_dir():
            return candidate.resolve()
    raise MalrapportError("hittar ingen datakatalog 'data/'",
                          hint="ange parametern data_dir med sökvägen till datakatalogen")
