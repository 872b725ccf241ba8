"""Runs inside a batch kernel: the heavy imports once at start, and a reset of global state before every report.

A warm kernel is reused for many reports, so whatever one report changes must not reach the next. `%reset -f`
clears the variables only; `reset()` puts back everything else a notebook can change: the working directory,
environment variables, pandas options, Altair's theme, renderer and data transformer, numpy print options,
warnings filters, the random seeds of `random` and numpy, malrapport's static-chart switch and the execution
counter. The baseline is what the kernel had right after `warm_up()`, i.e. what a fresh kernel has.

`warm_up()` also puts a cache in front of `load_organisation` (as seen by `malrapport.report` and
`malrapport.indicator_view`), so the reports of one organisation read its data files once per kernel. The cache
key holds every input file's path, size, inode and modification time (`DataTree.files`), so a changed file is
read again; results are copied on the way out, so no report can change what the next one gets.
"""
from __future__ import annotations

import dataclasses
import gc
import os
import random
import sys
import warnings
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable

WARM_CODE = "import malrapport.batch.kernelside as _mr_kernelside\n_mr_kernelside.warm_up()\ndel _mr_kernelside"
RESET_CODE = ("%reset -f\nimport malrapport.batch.kernelside as _mr_kernelside\n_mr_kernelside.reset()\n"
              "del _mr_kernelside")
TINY_CHART = {"data": {"values": [{"x": 1, "y": 1}]}, "mark": "point",
              "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}}}
CACHE_SIZE = 8

_baseline: dict[str, Any] = {}
_cache: OrderedDict[tuple, Any] = OrderedDict()
_stats = {"hits": 0, "misses": 0}


def warm_up() -> None:
    """Import what every report needs, start vl-convert's engine once, then record the clean baseline."""
    import altair  # noqa: F401 - imported for its start-up cost
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import vl_convert  # noqa: F401

    import malrapport.present.indicator_view  # noqa: F401
    import malrapport.present.sections  # noqa: F401
    from malrapport.present import display

    display.chart_svg(TINY_CHART)
    _install_data_cache()
    _record_baseline()
    # The imports leave a large heap of long-lived objects (modules, schemas) that every full garbage collection
    # would walk again: `%reset -f` runs two, which cost 0.2 s per report. Frozen, they are left out of it.
    gc.collect()
    gc.freeze()


def _record_baseline() -> None:
    import altair as alt
    import numpy as np

    from malrapport.present import display

    _baseline.update(
        cwd=os.getcwd(), environ=dict(os.environ), sys_path=list(sys.path), warnings=list(warnings.filters),
        theme=alt.theme.active, renderer=(alt.renderers.active, dict(alt.renderers.options)),
        transformer=(alt.data_transformers.active, dict(alt.data_transformers.options)),
        printoptions=np.get_printoptions(), static_charts=display.static_charts_enabled(),
        pandas=_pandas_options(),
    )


def _pandas_option_names(wrapper: Any, prefix: str = "") -> list[str]:
    names = []
    for name in dir(wrapper):
        value = getattr(wrapper, name)
        if isinstance(value, type(wrapper)):
            names.extend(_pandas_option_names(value, f"{prefix}{name}."))
        else:
            names.append(prefix + name)
    return names


def _pandas_options() -> dict[str, Any]:
    """Every pandas option and its value (`pd.reset_option('all')` fails on options that need matplotlib)."""
    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {name: pd.get_option(name) for name in _pandas_option_names(pd.options)}


def _restore_pandas_options(saved: dict[str, Any]) -> None:
    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, value in saved.items():
            try:
                if pd.get_option(name) != value:
                    pd.set_option(name, value)
            except Exception:  # an option whose validator needs an optional package; it cannot have changed
                pass


def reset() -> None:
    """Put the kernel's global state back to the baseline; called after `%reset -f`, before each report."""
    import altair as alt
    import numpy as np

    from malrapport.present import display

    if not _baseline:
        warm_up()
    os.chdir(_baseline["cwd"])
    os.environ.clear()
    os.environ.update(_baseline["environ"])
    sys.path[:] = _baseline["sys_path"]
    _restore_pandas_options(_baseline["pandas"])
    warnings.filters[:] = _baseline["warnings"]
    warnings._filters_mutated()  # type: ignore[attr-defined] - tells the C module its cache is stale
    alt.theme.enable(_baseline["theme"])
    alt.renderers.enable(_baseline["renderer"][0], **_baseline["renderer"][1])
    alt.data_transformers.enable(_baseline["transformer"][0], **_baseline["transformer"][1])
    np.set_printoptions(**_baseline["printoptions"])
    random.seed()
    np.random.seed()
    display.set_static_charts(_baseline["static_charts"])
    shell = _shell()
    if shell is not None:
        shell.execution_count = 1


def _shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def data_cache_stats() -> dict[str, int]:
    """Hits and misses of the data cache in this kernel, for tests and timings."""
    return {**_stats, "entries": len(_cache)}


def _signature(root: str | Path, org_id: str) -> tuple:
    from malrapport.inputs.datatree import DataTree

    entries = []
    for path in DataTree(root).files(org_id):
        stat = path.stat()
        entries.append((str(path), stat.st_size, stat.st_ino, stat.st_mtime_ns))
    return tuple(entries)


def _copied(data: Any) -> Any:
    return dataclasses.replace(data, outcomes=data.outcomes.copy(), assessments=dict(data.assessments),
                               plans=dict(data.plans))


def cached_loader(load: Callable[..., Any]) -> Callable[..., Any]:
    """`load_organisation` with a per-kernel cache keyed by the organisation's input files and their state."""

    def load_organisation(root: str | Path, org_id: str, year: int | None = None) -> Any:
        try:
            key = (str(Path(root).resolve()), org_id, year, _signature(root, org_id))
        except Exception:  # a missing folder or file: let the real loader report it in its own words
            return load(root, org_id, year)
        if key in _cache:
            _stats["hits"] += 1
            _cache.move_to_end(key)
            return _copied(_cache[key])
        _stats["misses"] += 1
        data = load(root, org_id, year)
        _cache[key] = data
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        return _copied(data)

    load_organisation.__wrapped__ = load  # type: ignore[attr-defined]
    return load_organisation


def _install_data_cache() -> None:
    from malrapport.calc import report
    from malrapport.inputs import datatree
    from malrapport.present import indicator_view

    if getattr(report.load_organisation, "__wrapped__", None) is None:
        cached = cached_loader(datatree.load_organisation)
        report.load_organisation = cached
        indicator_view.load_organisation = cached
