"""Make the README's screenshots from rendered demo reports: `make reports`, then

    .venv/bin/python scripts/screenshots.py [OUTPUTS]        # default outputs/

Each HTML page is shot by headless Chromium (the system's, driven as in the tests) at the size of a reader's
screen; the PDF pages by `pdftoppm`, set side by side. Images are saved with a 256-colour palette, small in git.
"""
from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

from malrapport.render.browser import Browser

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "screenshots"
PAGES = (  # (file, report, fragment, width, height)
    ("sum-rn.png", "rn-ls1/2022-T1/rn-ls1-2022-T1.html", "", 1366, 768),
    ("goal-rvb.png", "rvb-hsn/2024-T2/rvb-hsn-2024-T2.html", "regionmal-mal-1-trygga-uppvaxtvillkor", 1100, 1300),
    ("goal-rjh.png", "rjh-rs/2018-T1/rjh-rs-2018-T1.html", "perspektiv-samhalle", 1100, 1300),
)
PDF = ("pdf-rn.png", "rn-ls1/2022-T1/rn-ls1-2022-T1.pdf", 6)


def shoot(browser: Browser, html: Path, fragment: str, width: int, height: int, target: Path) -> None:
    """The page at `width` × `height` CSS px, charts drawn, scrolled to `fragment` (a heading's id) if given."""
    page = browser.new_page()
    page.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1,
                                                     "mobile": False})
    page.navigate(html.resolve().as_uri(), timeout=60)
    page.wait_until_ready(timeout=120)
    if fragment:
        page.evaluate(f"document.getElementById({json.dumps(fragment)}).scrollIntoView()")
    shot = page.send("Page.captureScreenshot", {"format": "png"}, timeout=60)
    page.close()
    save(Image.open(io.BytesIO(base64.b64decode(shot["data"]))), target)


def pdf_pages(pdf: Path, count: int, target: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", str(count), str(pdf), f"{folder}/p"],
                       check=True, timeout=120)
        pages = [Image.open(p) for p in sorted(Path(folder).glob("p-*.png"))]
        gap = 12
        sheet = Image.new("RGB", (sum(p.width for p in pages) + gap * (len(pages) - 1), max(p.height for p in pages)),
                          "#888888")
        x = 0
        for page in pages:
            sheet.paste(page, (x, 0))
            x += page.width + gap
        save(sheet, target)


def save(image: Image.Image, target: Path) -> None:
    image.convert("RGB").quantize(256).save(target, optimize=True)


def main() -> None:
    outputs = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "outputs"
    TARGET.mkdir(parents=True, exist_ok=True)
    with Browser(offline=True) as browser:
        for name, report, fragment, width, height in PAGES:
            shoot(browser, outputs / report, fragment, width, height, TARGET / name)
            print(TARGET / name)
    name, pdf, count = PDF
    pdf_pages(outputs / pdf, count, TARGET / name)
    print(TARGET / name)


if __name__ == "__main__":
    main()
