"""The README's Library section is the public API's documentation: every example in it runs as written."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def library_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Library"):text.index("## Architecture")]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_library_section_shows_every_public_name() -> None:
    import malrapport

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Library"):text.index("## Architecture")]
    shown = set(re.findall(r"\bmr\.(\w+)", section)) | set(re.findall(r"`(\w+)`", section))
    missing = set(malrapport.__all__) - {"__version__"} - shown
    assert not missing, f"not shown in the README's Library section: {sorted(missing)}"


def test_every_library_example_runs_from_the_project_folder() -> None:
    examples = library_examples()
    assert len(examples) >= 5
    if not (ROOT.parent / "shared" / "realdata").is_dir():
        pytest.skip("../shared/realdata is missing: the national data example reads it")
    runner = ("import sys\nfor number, code in enumerate(sys.argv[1:]):\n"
              "    exec(compile(code, f'README example {number + 1}', 'exec'), {'__name__': '__main__'})\n")
    done = subprocess.run([sys.executable, "-c", runner, *examples], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    printed = done.stdout.replace("\u00a0", " ").replace("\u202f", " ")  # Swedish spaces: no-break, narrow
    assert "Av divisionens 14 framgångsfaktorer" in printed                # seed 002's summary
    assert "45 % mot målvärdet 100 %" in printed                           # seed 002 s. 9: women 45 %, target 100 %
    assert "12,5 % 1 234 567 −0,4 %" in printed and "26 augusti 2022 12.5" in printed
    # the file has 98 rows each of N79221 and N79223; one is a share of 146,1 % (region 0014, 2025)
    assert "195 utfallsrader från Kolada." in printed and "1 värde kan inte stämma" in printed
