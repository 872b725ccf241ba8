"""The PDF engines side by side (issue 10): Typst from the executed notebook against Chromium printing the HTML page.

    .venv/bin/python benchmarks/pdf_engines.py [--reports DIR] [--repeat N] [--keep]

Without --reports it first renders the demo round (params/demo.yaml, HTML only) into a temporary folder. Then, per
report, it makes the PDF with each engine `--repeat` times (default 3) and prints the median wall time of each, the
ratio, the Typst CPU time (it runs in this process) and both PDFs' page counts. Chromium is started once, before
the timing, as the batch keeps one browser for all its PDFs; its start is printed on its own line.
"""
from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def render_demo_round(out: Path) -> Path:
    """The demo reports' executed notebooks and HTML pages, as `malrapport batch` writes them."""
    from malrapport.batch.engine import run_batch
    from malrapport.batch.rundef import load_run_definition

    definition = out / "demo.yaml"
    definition.write_text((ROOT / "params" / "demo.yaml").read_text(encoding="utf-8")
                          .replace("formats: [html, pdf]", "formats: [html]")
                          .replace("output: outputs", f"output: {out / 'ut'}")
                          .replace("data_dir: data", f"data_dir: {ROOT / 'data'}"), encoding="utf-8")
    result = run_batch(load_run_definition(definition), err=io.StringIO(), out=io.StringIO())
    if result.exit_code != 0:
        sys.exit(f"the demo round failed: {[r.error for r in result.reports if r.error]}")
    return out / "ut"


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:")), 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, help="a folder of rendered reports (.ipynb and .html)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from malrapport.render.browser import Browser, print_pdf
    from malrapport.render.typst_pdf import render_typst

    with tempfile.TemporaryDirectory(prefix="malrapport-pdfbench-") as work:
        folder = args.reports or render_demo_round(Path(work))
        notebooks = sorted(p for p in folder.rglob("*.ipynb") if not p.name.endswith(".failed.ipynb")
                           and p.with_suffix(".html").is_file())
        if not notebooks:
            sys.exit(f"no rendered reports in {folder}")
        started = time.perf_counter()
        browser = Browser()
        print(f"Chromium start (once per batch): {time.perf_counter() - started:.2f} s")
        print(f"{'rapport':<24} {'sidor T/C':>9} {'typst s':>8} {'CPU s':>6} {'chromium s':>10} {'kvot':>6}")
        totals = {"typst": 0.0, "chromium": 0.0}
        try:
            for ipynb in notebooks:
                nb = nbformat.read(ipynb, as_version=4)
                out = Path(work) / ipynb.stem
                typst_wall, typst_cpu, chromium_wall = [], [], []
                for _ in range(args.repeat):
                    wall, cpu = time.perf_counter(), time.process_time()
                    render_typst(nb, out.with_suffix(".typst.pdf"))
                    typst_wall.append(time.perf_counter() - wall)
                    typst_cpu.append(time.process_time() - cpu)
                    wall = time.perf_counter()
                    print_pdf(ipynb.with_suffix(".html"), out.with_suffix(".chromium.pdf"), browser=browser)
                    chromium_wall.append(time.perf_counter() - wall)
                typst_s, chromium_s = statistics.median(typst_wall), statistics.median(chromium_wall)
                totals["typst"] += typst_s
                totals["chromium"] += chromium_s
                page_counts = f"{pages(out.with_suffix('.typst.pdf'))}/{pages(out.with_suffix('.chromium.pdf'))}"
                print(f"{ipynb.stem:<24} {page_counts:>9} {typst_s:8.2f} {statistics.median(typst_cpu):6.2f} "
                      f"{chromium_s:10.2f} {chromium_s / typst_s:5.1f}×")
        finally:
            browser.close()
        n = len(notebooks)
        print(f"{'medel per rapport':<24} {'':>9} {totals['typst'] / n:8.2f} {'':>6} {totals['chromium'] / n:10.2f} "
              f"{totals['chromium'] / totals['typst']:5.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
