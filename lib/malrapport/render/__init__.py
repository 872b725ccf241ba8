"""Turning executed report notebooks into pages and PDFs: offline HTML, PDF through Chromium or Quarto, the index page.

Nothing heavy is imported here: the batch reads `render.job` without loading nbconvert or a browser.
"""
