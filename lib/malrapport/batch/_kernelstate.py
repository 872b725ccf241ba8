"""Snapshots of a kernel's global state beyond variables, taken once when the kernel is warm, put back per report.

Each `Saved…` class records one kind of state in its constructor and puts it back with `restore()`:
IPython's event hooks, display formatters, transformers and custom exception handler; `builtins`;
attributes of every module loaded at warm-up (malrapport's, pandas', numpy's, the standard library's – not the
kernel machinery's, which the kernel itself changes); logging's loggers and handlers; `sys` hooks and limits;
the `decimal` context; numpy's error state; the locale and umask. `leftover_threads()` finds what cannot be put
back – threads a report started – so that the kernel is recycled instead.
"""
from __future__ import annotations

import builtins
import decimal
import locale
import logging
import os
import sys
import threading
import time
from types import ModuleType
from typing import Any

KERNEL_MACHINERY = ("__main__", "builtins", "sys", "IPython", "ipykernel", "jupyter_client", "jupyter_core", "zmq",
                    "tornado", "asyncio", "traitlets", "comm", "debugpy", "threading", "_thread", "selectors",
                    "concurrent", "queue", "signal", "_pydev", "pydev", "psutil", "gc")
"""Top-level packages whose module attributes the kernel changes itself while it runs; not put back."""

KERNEL_THREADS = ("zmq", "ipykernel", "jupyter_client", "tornado", "IPython", "debugpy", "comm")


def _is_submodule(module: ModuleType, name: str, value: Any) -> bool:
    return isinstance(value, ModuleType) and value.__name__ == f"{module.__name__}.{name}"


class SavedModules:
    """Attributes of every module loaded now (except the kernel's own): changed ones put back, added ones removed.

    Submodules imported later stay as attributes of their package (removing them would break `import a.b`).
    """

    def __init__(self) -> None:
        self.modules: list[tuple[ModuleType, dict[str, Any]]] = []
        for name, module in list(sys.modules.items()):
            if isinstance(module, ModuleType) and name.partition(".")[0] not in KERNEL_MACHINERY:
                self.modules.append((module, dict(vars(module))))

    def restore(self) -> None:
        for module, saved in self.modules:
            current = vars(module)
            for name in [n for n in current if n not in saved]:
                if not _is_submodule(module, name, current[name]):
                    del current[name]
            for name, value in saved.items():
                if current.get(name, _MISSING) is not value:
                    current[name] = value


_MISSING = object()


class SavedBuiltins:
    """Names added to `builtins` removed, replaced ones put back."""

    def __init__(self) -> None:
        self.saved = dict(vars(builtins))

    def restore(self) -> None:
        current = vars(builtins)
        for name in [n for n in current if n not in self.saved]:
            del current[name]
        for name, value in self.saved.items():
            if current.get(name, _MISSING) is not value:
                current[name] = value


class SavedShell:
    """IPython's event hooks, display formatters, input and AST transformers and custom exception handler."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell
        self.events = {event: list(callbacks) for event, callbacks in shell.events.callbacks.items()}
        display = shell.display_formatter
        self.formatter_map = dict(display.formatters)
        self.active_types = list(display.active_types)
        self.formatters = [self._formatter_state(f) for f in self._all_formatters()]
        self.transformers = {name: list(getattr(shell, name)) for name in ("ast_transformers",
                                                                           "input_transformers_post")}
        manager = shell.input_transformer_manager
        self.input_transforms = {name: list(getattr(manager, name)) for name in ("cleanup_transforms",
                                                                                  "line_transforms")}
        self.custom_exc = (shell.custom_exceptions, shell.CustomTB)

    def _all_formatters(self) -> list[Any]:
        display = self.shell.display_formatter
        return [*display.formatters.values(), display.ipython_display_formatter, display.mimebundle_formatter]

    @staticmethod
    def _formatter_state(formatter: Any) -> tuple[Any, dict[str, Any], dict[str, Any]]:
        tables = {name: dict(getattr(formatter, name)) for name in ("type_printers", "deferred_printers",
                                                                    "singleton_printers")}
        traits = {name: getattr(formatter, name) for name in formatter.trait_names(config=True)}
        return formatter, tables, traits

    def restore(self) -> None:
        shell = self.shell
        for event, callbacks in shell.events.callbacks.items():
            callbacks[:] = self.events.get(event, [])
        display = shell.display_formatter
        display.formatters.clear()
        display.formatters.update(self.formatter_map)
        display.active_types = list(self.active_types)
        for formatter, tables, traits in self.formatters:
            for name, saved in tables.items():
                table = getattr(formatter, name)
                table.clear()
                table.update(saved)
            for name, value in traits.items():
                if getattr(formatter, name) != value:
                    setattr(formatter, name, value)
        for name, items in self.transformers.items():
            getattr(shell, name)[:] = items
        manager = shell.input_transformer_manager
        for name, items in self.input_transforms.items():
            getattr(manager, name)[:] = items
        if (shell.custom_exceptions, shell.CustomTB) != self.custom_exc:
            shell.set_custom_exc((), None)


class SavedLogging:
    """Every logger's handlers, filters, level, propagation and disabled flag, and `logging.disable`."""

    def __init__(self) -> None:
        self.loggers = {name: self._state(logger) for name, logger in self._loggers()}
        self.disable = logging.root.manager.disable

    @staticmethod
    def _loggers() -> list[tuple[str, logging.Logger]]:
        found: list[tuple[str, logging.Logger]] = [("", logging.root)]
        found += [(name, logger) for name, logger in list(logging.Logger.manager.loggerDict.items())
                  if isinstance(logger, logging.Logger)]
        return found

    @staticmethod
    def _state(logger: logging.Logger) -> tuple[list[Any], list[Any], int, bool, bool]:
        return list(logger.handlers), list(logger.filters), logger.level, logger.propagate, logger.disabled

    def restore(self) -> None:
        fresh: tuple[list[Any], list[Any], int, bool, bool] = ([], [], logging.NOTSET, True, False)
        for name, logger in self._loggers():
            handlers, filters, level, propagate, disabled = self.loggers.get(name, fresh)
            if self._state(logger) != (handlers, filters, level, propagate, disabled):
                logger.handlers[:] = handlers
                logger.filters[:] = filters
                logger.setLevel(level)
                logger.propagate, logger.disabled = propagate, disabled
        logging.disable(self.disable)


class SavedProcess:
    """`sys` limits and hooks, the decimal context, numpy's error state, the locale, umask and time zone."""

    def __init__(self) -> None:
        import numpy as np

        self.recursion_limit = sys.getrecursionlimit()
        self.int_digits = sys.get_int_max_str_digits()
        self.hooks = {name: getattr(sys, name) for name in ("displayhook", "excepthook", "breakpointhook",
                                                            "unraisablehook")}
        self.trace, self.profile = sys.gettrace(), sys.getprofile()
        self.decimal = decimal.getcontext().copy()
        self.decimal_default = decimal.DefaultContext.copy()
        self.numpy_errors, self.numpy_call = np.geterr(), np.geterrcall()
        self.locale = locale.setlocale(locale.LC_ALL)
        self.umask = os.umask(0)
        os.umask(self.umask)

    def restore(self) -> None:
        import numpy as np

        sys.setrecursionlimit(self.recursion_limit)
        sys.set_int_max_str_digits(self.int_digits)
        for name, hook in self.hooks.items():
            setattr(sys, name, hook)
        sys.settrace(self.trace)
        sys.setprofile(self.profile)
        decimal.setcontext(self.decimal.copy())
        default = decimal.DefaultContext
        for name in ("prec", "rounding", "Emin", "Emax", "capitals", "clamp"):
            setattr(default, name, getattr(self.decimal_default, name))
        default.traps.update(self.decimal_default.traps)
        default.flags.update(self.decimal_default.flags)
        np.seterr(**self.numpy_errors)
        np.seterrcall(self.numpy_call)
        if locale.setlocale(locale.LC_ALL) != self.locale:
            locale.setlocale(locale.LC_ALL, self.locale)
        os.umask(self.umask)
        time.tzset()


class KernelState:
    """Everything above, saved at once; `restore()` in the order that keeps each step's helpers intact."""

    def __init__(self, shell: Any) -> None:
        self.threads = {thread.ident for thread in threading.enumerate()}
        self.parts: list[Any] = [SavedModules(), SavedBuiltins(), SavedLogging(), SavedProcess()]
        if shell is not None:
            self.parts.append(SavedShell(shell))

    def restore(self) -> None:
        for part in self.parts:
            part.restore()

    def leftover_threads(self) -> list[str]:
        """Threads a report started and left running: their output would reach later reports.

        The kernel's own helpers started on demand (zmq's garbage collector thread) do not count.
        """
        return [thread.name for thread in threading.enumerate() if thread.ident not in self.threads
                and type(thread).__module__.partition(".")[0] not in KERNEL_THREADS]
