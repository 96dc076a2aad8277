"""Charts for the report, drawn with matplotlib as inline SVG (no files, no fonts needed).

Each chart is its own `Figure` drawn on the Agg-free SVG canvas, never pyplot's global state,
so requests may draw at the same time. Every chart carries its text alternative: the SVG is
`role="img"` with a `<title>` and a `<desc>` (the summary sentence), and the report shows the
same summary in the `<figcaption>` beside a table of the figures.
"""

import functools
import io
from dataclasses import dataclass

import matplotlib
from markupsafe import Markup, escape
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

# Text stays text (searchable, escaped by matplotlib), and the ids are the same on every draw.
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["svg.hashsalt"] = "icv-report"
matplotlib.rcParams["font.size"] = 9

THIS_YEAR = "#1f5f8b"
LAST_YEAR = "#9cb7cc"
SECOND = "#d9822b"
WIDTH_INCHES = 7.0


@dataclass(frozen=True)
class Chart:
    """A drawn chart: its id, title and summary (the text alternative) and the SVG."""

    id: str
    title: str
    summary: str
    svg: Markup


def _frozen(value):
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


def drawn_once(draw):
    """Keeps the last charts drawn (a chart is a pure function of its figures, and drawing one
    costs a tenth of a second): the same figures asked again give the same chart at once."""
    cached = functools.lru_cache(maxsize=128)(draw)

    @functools.wraps(draw)
    def chart(*args, **kwargs):
        return cached(*(_frozen(a) for a in args), **{k: _frozen(v) for k, v in kwargs.items()})

    return chart


def _axes(height: float = 3.0):
    figure = Figure(figsize=(WIDTH_INCHES, height))
    FigureCanvasSVG(figure)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _svg(figure: Figure, chart_id: str, title: str, summary: str) -> Markup:
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    head_end = svg.index(">") + 1
    labelled = (
        svg[: head_end - 1]
        + f' role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        + f'<title id="{chart_id}-title">{escape(title)}</title>'
        + f'<desc id="{chart_id}-desc">{escape(summary)}</desc>'
        + svg[head_end:]
    )
    return Markup(labelled)  # noqa: S704 - matplotlib's own SVG, its text escaped by matplotlib


def _draw(chart_id: str, title: str, summary: str, figure: Figure, axes) -> Chart:
    figure.suptitle(title, x=0.01, ha="left", fontsize=10, fontweight="bold")
    return Chart(chart_id, title, summary, _svg(figure, chart_id, title, summary))


def _label_bars(axes, bars, horizontal: bool = False) -> None:
    axes.bar_label(bars, padding=2, fontsize=8, fmt="%g")


@drawn_once
def bars(
    chart_id: str,
    title: str,
    summary: str,
    labels: list[str],
    values: list[float],
    *,
    value_axis: str,
    category_axis: str,
    horizontal: bool = False,
) -> Chart:
    """One series of bars, each labelled with its value."""
    height = 0.32 * len(labels) + 1.2 if horizontal else 2.8
    figure, axes = _axes(max(height, 2.2))
    if horizontal:
        drawn = axes.barh(list(reversed(labels)), list(reversed(values)), color=THIS_YEAR)
        axes.set_xlabel(value_axis)
        axes.set_ylabel(category_axis)
    else:
        drawn = axes.bar(labels, values, color=THIS_YEAR)
        axes.set_ylabel(value_axis)
        axes.set_xlabel(category_axis)
    _label_bars(axes, drawn)
    axes.margins(x=0.08 if horizontal else 0.02, y=0.05 if horizontal else 0.12)
    return _draw(chart_id, title, summary, figure, axes)


@drawn_once
def grouped_bars(
    chart_id: str,
    title: str,
    summary: str,
    labels: list[str],
    series: list[tuple[str, list[float], str]],
    *,
    value_axis: str,
    category_axis: str,
    rotate: bool = False,
) -> Chart:
    """Several series side by side per category, with a legend naming them."""
    figure, axes = _axes(3.0)
    width = 0.8 / len(series)
    positions = range(len(labels))
    for index, (name, values, colour) in enumerate(series):
        offset = (index - (len(series) - 1) / 2) * width
        drawn = axes.bar([x + offset for x in positions], values, width, label=name, color=colour)
        _label_bars(axes, drawn)
    axes.set_xticks(
        list(positions), labels, rotation=20 if rotate else 0, ha="right" if rotate else "center"
    )
    axes.set_ylabel(value_axis)
    axes.set_xlabel(category_axis)
    axes.margins(y=0.15)
    _legend_above(axes)
    return _draw(chart_id, title, summary, figure, axes)


def _legend_above(axes) -> None:
    """The series' names in one row above the plot's right corner, clear of the bars."""
    axes.legend(
        frameon=False,
        fontsize=8,
        ncols=len(axes.get_legend_handles_labels()[0]),
        loc="lower right",
        bbox_to_anchor=(1, 1),
    )


@drawn_once
def bars_against_target(
    chart_id: str,
    title: str,
    summary: str,
    labels: list[str],
    values: list[int],
    targets: list[int],
    *,
    value_axis: str,
    category_axis: str,
) -> Chart:
    """Bars of what was done, with the target drawn as a step over each bar."""
    figure, axes = _axes(3.0)
    drawn = axes.bar(labels, values, color=THIS_YEAR, label="Visits")
    _label_bars(axes, drawn)
    axes.step(range(len(labels)), targets, where="mid", color=SECOND, linewidth=2, label="Target")
    axes.set_ylabel(value_axis)
    axes.set_xlabel(category_axis)
    axes.tick_params(axis="x", labelrotation=45, labelsize=7)
    axes.margins(y=0.15)
    _legend_above(axes)
    return _draw(chart_id, title, summary, figure, axes)


@drawn_once
def line(
    chart_id: str,
    title: str,
    summary: str,
    labels: list[str],
    values: list[int],
    *,
    value_axis: str,
    category_axis: str,
) -> Chart:
    """A line through the values, each point labelled."""
    figure, axes = _axes(2.8)
    axes.plot(labels, values, marker="o", color=THIS_YEAR)
    for x, value in enumerate(values):
        axes.annotate(
            f"{value}",
            (x, value),
            textcoords="offset points",
            xytext=(0, 5),
            ha="center",
            fontsize=8,
        )
    axes.set_ylabel(value_axis)
    axes.set_xlabel(category_axis)
    axes.set_ylim(0, max([*values, 1]) * 1.25)
    axes.tick_params(axis="x", labelrotation=45, labelsize=7)
    return _draw(chart_id, title, summary, figure, axes)


@drawn_once
def paired_panels(
    chart_id: str,
    title: str,
    summary: str,
    panels: list[tuple[str, float, float]],
    names: tuple[str, str],
    *,
    value_axis: str,
    columns: int = 4,
) -> Chart:
    """One small panel per figure, each with its own scale: the year before's bar beside this
    year's, so a count of 16 and one of 1,096 both show their change."""
    rows = -(-len(panels) // columns)
    figure = Figure(figsize=(WIDTH_INCHES, 1.9 * rows + 0.6))
    FigureCanvasSVG(figure)
    grid = figure.subplots(rows, columns, squeeze=False)
    for index, axes in enumerate(grid.flat):
        if index >= len(panels):
            axes.set_visible(False)
            continue
        label, before, now = panels[index]
        drawn = axes.bar(list(names), [before, now], color=[LAST_YEAR, THIS_YEAR])
        axes.bar_label(drawn, padding=2, fontsize=7, fmt="%g")
        axes.set_title(label, fontsize=8)
        axes.spines[["top", "right"]].set_visible(False)
        axes.tick_params(labelsize=7)
        axes.margins(y=0.2)
        if index % columns == 0:
            axes.set_ylabel(value_axis, fontsize=7)
    figure.suptitle(title, x=0.01, ha="left", fontsize=10, fontweight="bold")
    return Chart(chart_id, title, summary, _svg(figure, chart_id, title, summary))
