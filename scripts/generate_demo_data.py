"""Kept because the generated demo files name it: the same as `python -m malrapport.demo [--data DIR]`."""
from malrapport.demo.__main__ import main

raise SystemExit(main())
