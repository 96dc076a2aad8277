"""Draws the field app's PNG icons (web/icons/icon-192.png, icon-512.png and the maskable
icon-maskable-512.png) from the same shapes as web/icons/icon.svg, with matplotlib (already a
dependency). Run once after changing the icon, and commit the PNGs:

    .venv/bin/python scripts/make_app_icons.py
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Circle, FancyBboxPatch  # noqa: E402

ICONS = Path(__file__).resolve().parents[1] / "web" / "icons"
BLUE = "#1d4e89"


def draw(size: int, path: Path, maskable: bool = False) -> None:
    figure = plt.figure(figsize=(1, 1), dpi=size)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, 512)
    axes.set_ylim(512, 0)
    axes.axis("off")
    if maskable:  # the whole square is the background; the mark keeps to the safe zone
        axes.add_patch(FancyBboxPatch((0, 0), 512, 512, boxstyle="square,pad=0", color=BLUE))
        scale, offset = 0.7, 512 * 0.15
    else:
        axes.add_patch(
            FancyBboxPatch((0, 0), 512, 512, boxstyle="round,pad=0,rounding_size=96", color=BLUE)
        )
        scale, offset = 1.0, 0.0

    def at(x: float, y: float) -> tuple[float, float]:
        return offset + x * scale, offset + y * scale

    axes.add_patch(
        Circle(
            at(256, 256),
            200 * scale,
            fill=False,
            edgecolor="white",
            linewidth=20 * scale * size / 512 * 0.72,
            alpha=0.35,
        )
    )
    xs, ys = zip(at(150, 270), at(220, 340), at(370, 170), strict=True)
    axes.plot(
        xs,
        ys,
        color="white",
        linewidth=48 * scale * size / 512 * 0.72,
        solid_capstyle="round",
        solid_joinstyle="round",
    )
    figure.savefig(path, dpi=size, transparent=True)
    plt.close(figure)


if __name__ == "__main__":
    draw(192, ICONS / "icon-192.png")
    draw(512, ICONS / "icon-512.png")
    draw(512, ICONS / "icon-maskable-512.png", maskable=True)
