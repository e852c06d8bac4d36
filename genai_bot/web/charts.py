"""Server-side SVG charts (no script, no CDN): bars per day with a line over them, and horizontal bars.

Every text is escaped; sizes are fixed view boxes that scale with the page."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["day_chart", "hbar_chart"]

_W, _H, _PAD_L, _PAD_B, _PAD_T = 720, 240, 48, 28, 12


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** len(str(int(value))) / 10
    for factor in (1, 2, 2.5, 5, 10):
        if value <= step * factor:
            return float(step * factor)
    return float(value)


def day_chart(
    days: Sequence[str],
    bars: Sequence[float],
    errors: Sequence[float],
    line: Sequence[float],
    *,
    label: str,
    empty: str,
) -> str:
    """Bars (`bars`, with `errors` stacked in red) per day and a line (`line`, its own scale) over them."""
    if not days:
        return f'<p class="empty">{escape(empty)}</p>'
    top, line_top = _nice_max(max(bars)), _nice_max(max(line) if line else 0)
    plot_w, plot_h = _W - _PAD_L - 8, _H - _PAD_B - _PAD_T
    slot = plot_w / len(days)
    parts = [f'<svg viewBox="0 0 {_W} {_H}" role="img" aria-label="{escape(label)}" class="chart">']
    parts.append(f"<title>{escape(label)}</title>")
    for i in range(5):
        y = _PAD_T + plot_h * i / 4
        parts.append(f'<line x1="{_PAD_L}" y1="{y:.1f}" x2="{_W - 8}" y2="{y:.1f}" class="grid"/>')
        value = top * (4 - i) / 4
        parts.append(f'<text x="{_PAD_L - 6}" y="{y + 4:.1f}" class="axis" text-anchor="end">{value:,.0f}</text>')
    points = []
    every = max(1, len(days) // 8)
    for i, (day, calls, failed, users) in enumerate(zip(days, bars, errors, line, strict=True)):
        x = _PAD_L + i * slot
        h = plot_h * calls / top
        eh = plot_h * failed / top
        width = max(1.0, slot * 0.7)
        tip = escape(f"{day}: {calls:,.0f} / {failed:,.0f} / {users:,.0f}")
        parts.append(
            f'<rect x="{x + slot * 0.15:.1f}" y="{_PAD_T + plot_h - h:.1f}" width="{width:.1f}" height="{h:.1f}" '
            f'class="bar"><title>{tip}</title></rect>'
        )
        if eh > 0:
            parts.append(
                f'<rect x="{x + slot * 0.15:.1f}" y="{_PAD_T + plot_h - eh:.1f}" width="{width:.1f}" '
                f'height="{eh:.1f}" class="bar-error"/>'
            )
        points.append(f"{x + slot / 2:.1f},{_PAD_T + plot_h - plot_h * users / line_top:.1f}")
        if i % every == 0:
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{_H - 8}" class="axis" text-anchor="middle">{escape(day[5:])}</text>'
            )
    parts.append(f'<polyline points="{" ".join(points)}" class="line"/>')
    parts.append("</svg>")
    return "".join(parts)


def hbar_chart(items: Sequence[tuple[str, float]], *, label: str, empty: str, unit: str = "") -> str:
    """One horizontal bar per item, longest first as given, with its value at the end."""
    if not items:
        return f'<p class="empty">{escape(empty)}</p>'
    shown = list(items)[:12]
    top = max(value for _, value in shown) or 1.0
    row_h, label_w = 26, 200
    height = row_h * len(shown) + 8
    parts = [f'<svg viewBox="0 0 {_W} {height}" role="img" aria-label="{escape(label)}" class="chart">']
    parts.append(f"<title>{escape(label)}</title>")
    for i, (name, value) in enumerate(shown):
        y = 4 + i * row_h
        width = (_W - label_w - 110) * value / top
        short = name if len(name) <= 24 else name[:23] + "…"
        parts.append(f'<text x="{label_w - 8}" y="{y + 17}" class="label" text-anchor="end">{escape(short)}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{max(width, 1):.1f}" height="{row_h - 8}" class="bar">'
            f"<title>{escape(name)}: {value:,.0f}{escape(unit)}</title></rect>"
        )
        parts.append(
            f'<text x="{label_w + width + 6:.1f}" y="{y + 17}" class="value">{value:,.0f}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
