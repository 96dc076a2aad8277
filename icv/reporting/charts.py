"""Charts for the report, drawn with matplotlib as inline SVG (no files, no fonts needed)."""

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot  # noqa: E402 - the backend must be chosen first

pyplot.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, and escaped by matplotlib


def issues_by_category_svg(by_category: list[dict], labels: dict[str, str]) -> str:
    """A horizontal bar chart of issues per category, the most reported at the top."""
    rows = list(reversed(by_category))
    figure, axes = pyplot.subplots(figsize=(7, 0.35 * max(len(rows), 1) + 1))
    try:
        axes.barh(
            [labels.get(row["category"], row["category"]) for row in rows],
            [row["count"] for row in rows],
            color="#1f5f8b",
        )
        axes.set_xlabel("Issues raised")
        axes.spines[["top", "right"]].set_visible(False)
        for index, row in enumerate(rows):
            axes.text(row["count"], index, f" {row['count']}", va="center", fontsize=8)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg")
    finally:
        pyplot.close(figure)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]
