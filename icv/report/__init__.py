"""The printable annual report: HTML with heat maps and a chart, and CSV of its tables."""

from icv.report.render import render_csv, render_html

__all__ = ["render_csv", "render_html"]
