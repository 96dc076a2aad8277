"""How long the annual report of a year takes to build and render, first and warm.

DATABASE_URL=sqlite:///instance/icv.sqlite3 .venv/bin/python bench/report_render.py 2023
"""

import sys
import time

from api import create_app


def main(year: int, rounds: int = 5) -> None:
    app = create_app()
    with app.app_context():
        from icv.admin import schemes
        from icv.reporting import report
        from icv.reporting.render import render_html

        scheme = schemes.default_scheme()
        for round_number in range(rounds):
            started = time.perf_counter()
            html = render_html(report.build(scheme, year), scheme.name)
            took = time.perf_counter() - started
            print(f"round {round_number + 1}: {took:.3f} s ({len(html):,} characters)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2023)
