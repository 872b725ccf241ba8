"""The package's public face: every name in `malrapport.__all__` resolves, and `import malrapport` stays light."""
from __future__ import annotations

import subprocess
import sys

import malrapport


def test_every_public_name_resolves_to_the_object_its_module_defines() -> None:
    for name in malrapport.__all__:
        value = getattr(malrapport, name)
        assert value is not None, name
    assert malrapport.build_report.__module__ == "malrapport.calc.report"
    assert malrapport.sections.__name__ == "malrapport.present.sections"
    assert malrapport.Status.MET.label == "uppnås"


def test_all_and_the_lazy_exports_name_the_same_things() -> None:
    """`__all__` is written out for the tools (ruff, mypy, IDEs); it must list exactly what `__getattr__` serves."""
    assert set(malrapport.__all__) == {"MalrapportError", "Problem", "__version__", *malrapport._EXPORTS}
    assert len(malrapport.__all__) == len(set(malrapport.__all__))


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        malrapport.no_such_name  # noqa: B018
    except AttributeError as error:
        assert "no_such_name" in str(error)
    else:
        raise AssertionError("malrapport.no_such_name did not raise")


def test_import_malrapport_loads_neither_pandas_nor_altair() -> None:
    """The command line and a batch with nothing to do import the package; they must not pay for charts."""
    script = ("import sys, malrapport; print(sorted(m for m in ('pandas', 'altair', 'vl_convert', 'nbconvert') "
              "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_report_notebook_uses_only_the_public_api() -> None:
    """The notebooks are what analysts copy: they import `malrapport` and use names of `__all__` only."""
    import json
    import re
    from pathlib import Path

    notebook = Path(__file__).resolve().parents[1] / "notebooks" / "malrapport.ipynb"
    code = "\n".join("".join(c["source"]) for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "code")
    assert re.findall(r"^(?:from|import) \S+", code, re.M) == ["import malrapport"]
    used = set(re.findall(r"\bmr\.(\w+)", code))
    assert used and used <= set(malrapport.__all__), used - set(malrapport.__all__)


def test_every_public_function_and_class_carries_an_example_that_runs(monkeypatch) -> None:
    """The docstrings of `__all__` show how each name is used; the examples run against the demo data."""
    import doctest
    from pathlib import Path

    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    public = {name: getattr(malrapport, name) for name in malrapport.__all__ if name != "__version__"}
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    without_example = []
    for name, obj in public.items():
        module = sys.modules[obj.__name__] if hasattr(obj, "__path__") or type(obj).__name__ == "module" \
            else sys.modules[obj.__module__]
        tests = finder.find(obj, name, module=module, globs={**vars(module), **public})
        if not any(test.examples for test in tests):
            without_example.append(name)
        for test in tests:
            runner.run(test)
    assert not without_example, f"public names without an example in their docstring: {without_example}"
    assert runner.failures == 0, f"{runner.failures} docstring examples failed (run with -s to see them)"
