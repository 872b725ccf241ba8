"""Runs inside a batch kernel: the heavy imports once at start, and a reset of global state before every report.

A warm kernel is reused for many reports, so whatever one report changes must not reach the next. `%reset -f`
clears the variables only; `reset()` puts back everything else a notebook can change: the working directory,
environment variables, pandas options, Altair's theme, renderer and data transformer, numpy print options,
warnings filters, the random seeds of `random` and numpy, malrapport's static-chart switch, the execution
counter, and (`_kernelstate`) IPython's event hooks, display formatters and transformers, `builtins`,
the attributes of every module loaded at warm-up, logging's loggers and handlers, `sys` hooks and the recursion
limit, the `decimal` context, numpy's error state, locale and umask. The baseline is what the kernel had right
after `warm_up()`, i.e. what a fresh kernel has. What cannot be put back – a thread a report started – is
found by `check_clean()` after the report, and the kernel is then replaced.

`warm_up()` also makes `load_organisation` use an `OrganisationCache` in this kernel, so the reports of one
organisation read its data files once per kernel; a changed file is read again.
"""
from __future__ import annotations

import gc
import os
import random
import sys
import warnings
from typing import Any

WARM_CODE = "import malrapport.batch._kernelside as _mr_kernelside\n_mr_kernelside.warm_up()\ndel _mr_kernelside"
RESET_CODE = ("%reset -f\nimport malrapport.batch._kernelside as _mr_kernelside\n_mr_kernelside.reset()\n"
              "del _mr_kernelside")
CHECK_CODE = "import malrapport.batch._kernelside as _mr_kernelside\n_mr_kernelside.check_clean()\ndel _mr_kernelside"
TINY_CHART = {"data": {"values": [{"x": 1, "y": 1}]}, "mark": "point",
              "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}}}
CACHE_SIZE = 8

_baseline: dict[str, Any] = {}


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

    from ._kernelstate import KernelState

    _baseline.update(
        cwd=os.getcwd(), environ=dict(os.environ), sys_path=list(sys.path), warnings=list(warnings.filters),
        theme=alt.theme.active, renderer=(alt.renderers.active, dict(alt.renderers.options)),
        transformer=(alt.data_transformers.active, dict(alt.data_transformers.options)),
        printoptions=np.get_printoptions(), static_charts=display.static_charts_enabled(),
        pandas=_pandas_options(), state=KernelState(_shell()),
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
    _baseline["state"].restore()
    sys.path[:] = _baseline["sys_path"]
    _restore_pandas_options(_baseline["pandas"])
    warnings.filters[:] = _baseline["warnings"]  # type: ignore[index]  # typeshed: a Sequence; really a list
    warnings._filters_mutated()  # type: ignore[attr-defined]  # private: tells the C module its cache is stale
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


class LeftoverThreads(RuntimeError):
    """A report left threads running; the kernel must be replaced."""


def check_clean() -> None:
    """Raise when the report left what `reset()` cannot put back (running threads), so the kernel is replaced."""
    threads = _baseline["state"].leftover_threads() if _baseline else []
    if threads:
        raise LeftoverThreads(", ".join(threads))


def _shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def data_cache_stats() -> dict[str, int]:
    """Hits and misses of the data cache in this kernel, for tests and timings."""
    from malrapport.inputs.datatree import active_cache

    cache = active_cache()
    return cache.stats() if cache is not None else {"hits": 0, "misses": 0, "entries": 0}


def _install_data_cache() -> None:
    from malrapport.inputs.datatree import OrganisationCache, active_cache, use_cache

    if active_cache() is None:
        use_cache(OrganisationCache(CACHE_SIZE))
