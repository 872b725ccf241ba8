"""Turning executed report notebooks into pages and PDFs: offline HTML, and PDF through Chromium or Quarto."""
from __future__ import annotations

from .browser import Browser, find_chromium, print_pdf
from .html import export_html
from .pdf import (DEFAULT_ENGINE, ENGINES, PdfEngine, available_engines, get_engine, pdf_unavailable_message,
                  print_report_pdf, quarto_command, render_quarto)

__all__ = [
    "Browser", "DEFAULT_ENGINE", "ENGINES", "PdfEngine", "available_engines", "export_html", "find_chromium",
    "get_engine", "pdf_unavailable_message", "print_pdf", "print_report_pdf", "quarto_command", "render_quarto",
]
