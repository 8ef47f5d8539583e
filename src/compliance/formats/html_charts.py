"""The charts of the HTML report, drawn as inline SVG here rather than by a script library: the report is one
file that opens offline and prints as it shows.

Each function takes what it draws and its texts, already in the report's language, and returns an ``<svg>``
element; every text is escaped. Colours come from CSS classes the page defines (``short``, ``late`` …), so the
page and its charts agree.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from html import escape

from ..report import HoursBin


def _ticks(top: int) -> list[int]:
    """At most six round ticks (steps of 1, 2, 5, 10, 20 …) from 0 to ``top`` or just above."""
    top = max(top, 1)  # an empty chart still has a scale
    step = next(s for s in (m * 10**e for e in itertools.count() for m in (1, 2, 5)) if top / s <= 5)
    return list(range(0, top + step, step))


def _width(text: str, size: float) -> float:
    """About how wide ``text`` is at font size ``size``: a CJK character about 1 em, most others about 0.6."""
    return sum(size * (1.0 if ord(char) >= 0x2E80 else 0.6) for char in text)


def hours_histogram(bins: list[HoursBin], line: float, texts: dict[str, str]) -> str:
    """Officers by training hours, a bar per bin: bins below ``line`` (60 hours) in the ``short`` colour, a dashed
    line at it. ``texts``: ``x``, ``y`` (axis titles), ``line``, ``short``, ``enough`` (legend) and ``title``."""
    width, height, left, right, top, bottom = 640, 300, 52, 16, 34, 58
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = _ticks(max((b.officers for b in bins), default=0))

    def y(officers: int) -> float:
        return top + plot_h - plot_h * officers / ticks[-1]

    slot = plot_w / len(bins)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(texts["title"])}">',
             f"<title>{escape(texts['title'])}</title>"]
    for tick in ticks:
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
                     f'<text class="tick" x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>')
    for n, b in enumerate(bins):
        x = left + n * slot
        kind = "short" if b.high is not None and b.high <= line else "enough"
        span = f"{b.low:g}–{b.high:g}" if b.high is not None else f"≥{b.low:g}"
        parts.append(f'<rect class="{kind}" x="{x + 3:.1f}" y="{y(b.officers):.1f}" width="{slot - 6:.1f}" '
                     f'height="{top + plot_h - y(b.officers):.1f}"><title>{escape(span)}: {b.officers}</title></rect>'
                     f'<text class="tick" x="{x + slot / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                     f"{escape(span)}</text>")
        if b.officers:
            parts.append(f'<text class="value" x="{x + slot / 2:.1f}" y="{y(b.officers) - 4:.1f}" '
                         f'text-anchor="middle">{b.officers}</text>')
    edge = next((n for n, b in enumerate(bins) if b.low >= line), len(bins))
    x_line = left + edge * slot
    parts.append(f'<line class="threshold" x1="{x_line:.1f}" x2="{x_line:.1f}" y1="{top - 6}" y2="{top + plot_h}"/>'
                 f'<text class="threshold-label" x="{x_line + 4:.1f}" y="{top - 8}">{escape(texts["line"])}</text>')
    parts.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}"/>'
                 f'<text class="axis-title" x="{left + plot_w / 2:.1f}" y="{height - 22}" text-anchor="middle">'
                 f'{escape(texts["x"])}</text>'
                 f'<text class="axis-title" x="14" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
                 f'transform="rotate(-90 14 {top + plot_h / 2:.1f})">{escape(texts["y"])}</text>')
    parts.append(_legend([("short", texts["short"]), ("enough", texts["enough"])], left, height - 6))
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Deadline:
    """A finding with a deadline, as the timeline draws it: ``state`` is ``late`` (done after the deadline),
    ``missing`` (not done, overdue) or ``due_soon`` (a warning: not done, not yet due)."""

    label: str
    deadline: dt.date
    done_on: dt.date | None
    state: str
    anchor: str  # the id of the finding on the page, so that a row leads to it


def _fit(text: str, width: float, size: float) -> str:
    """``text`` cut to about ``width`` pixels at font size ``size``, as SVG text does not wrap."""
    if _width(text, size) <= width:
        return text
    while text and _width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of months between ``first`` and ``last``, thinned to at most eight, so their labels do
    not run into each other."""
    months, day = [], dt.date(first.year, first.month, 1)
    while day <= last:
        if day >= first:
            months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    step = -(-len(months) // 8)
    return months[::step]


def deadline_timeline(items: list[Deadline], as_of: dt.date, texts: dict[str, str]) -> str:
    """A row per finding: a mark at its deadline and a bar to the day it was done (late), to the as-of day (not
    done, overdue), or from the as-of day to the deadline (due soon); a vertical line at the as-of day.
    ``texts``: ``late``, ``missing``, ``due_soon`` (legend), ``as_of`` (the line) and ``title``."""
    width, label_w, right, top, row, bottom = 1000, 430, 24, 44, 22, 34
    days = [as_of, *(i.deadline for i in items), *(i.done_on for i in items if i.done_on)]
    first, last = min(days) - dt.timedelta(days=10), max(days) + dt.timedelta(days=10)
    left, plot_w = label_w + 10, width - label_w - 10 - right

    def x(day: dt.date) -> float:
        return left + plot_w * (day - first).days / (last - first).days

    height = top + row * len(items) + bottom
    parts = [f'<svg class="chart timeline" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(texts["title"])}"><title>{escape(texts["title"])}</title>',
             _legend([(s, texts[s]) for s in ("late", "missing", "due_soon")], left, 16)]
    for month in _months(first, last):
        parts.append(f'<line class="grid" x1="{x(month):.1f}" x2="{x(month):.1f}" y1="{top - 8}" '
                     f'y2="{height - bottom}"/><text class="tick" x="{x(month):.1f}" y="{height - bottom + 16}" '
                     f'text-anchor="middle">{month:%Y-%m}</text>')
    for n, item in enumerate(items):
        mid = top + n * row + row / 2
        end = item.done_on or as_of
        start, stop = sorted((x(item.deadline), x(end)))
        parts.append(f'<a href="#{escape(item.anchor)}"><title>{escape(item.label)}</title>'
                     f'<text class="row-label" x="{label_w}" y="{mid + 4:.1f}" text-anchor="end">'
                     f"{escape(_fit(item.label, label_w, 12))}</text>"
                     f'<rect class="{item.state}" x="{start:.1f}" y="{mid - 5:.1f}" width="{max(stop - start, 2):.1f}" '
                     f'height="10" rx="2"/>'
                     f'<line class="deadline" x1="{x(item.deadline):.1f}" x2="{x(item.deadline):.1f}" '
                     f'y1="{mid - 8:.1f}" y2="{mid + 8:.1f}"/></a>')
    line = x(as_of)
    anchor = "end" if line > left + plot_w * 0.8 else "middle"  # near the right edge, the label goes left of it
    parts.append(f'<line class="as-of" x1="{line:.1f}" x2="{line:.1f}" y1="{top - 10}" y2="{height - bottom}"/>'
                 f'<text class="threshold-label" x="{line:.1f}" y="{top - 14}" text-anchor="{anchor}">'
                 f'{escape(texts["as_of"])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _legend(entries: list[tuple[str, str]], x: float, y: float) -> str:
    parts = []
    for kind, text in entries:
        parts.append(f'<rect class="{kind}" x="{x:.1f}" y="{y - 10}" width="12" height="12" rx="2"/>'
                     f'<text class="legend" x="{x + 17:.1f}" y="{y}">{escape(text)}</text>')
        x += 17 + _width(text, 12) + 24
    return "".join(parts)
