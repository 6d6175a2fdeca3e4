"""Charts as Vega-Lite specs, rendered ahead of time to inline SVG (vl-convert: no browser, no network).

Readable in black-and-white print and by colour-blind readers: one dark hue for bars, the regional
median as a black tick, series told apart by line dash and point shape rather than by colour. A
suppressed cell is never drawn as 0 or as a bar of height 0: it gets no mark at its value, only the
label ``x`` at the axis, as in the tables.
"""

from __future__ import annotations

import json
import re
from typing import Any

SUPPRESSED_LABEL = "x"
BAR_COLOUR = "#1d4e74"
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
_CONFIG = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelColor": "#111", "titleColor": "#111"},
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom"},
    "background": "white",
}


def to_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG element to inline in a page."""
    import vl_convert

    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", **spec}
    svg = vl_convert.vegalite_to_svg(json.dumps(spec, default=float))  # numeric columns arrive as Decimal
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    return svg


def bars_with_median(items: list[dict[str, Any]], value_title: str, description: str) -> dict[str, Any]:
    """Horizontal bars, one per item (``label``, ``value``, ``suppressed``, optional ``median``)."""
    data = [
        {"label": i["label"], "value": None if i["suppressed"] else i["value"], "suppressed": bool(i["suppressed"]),
         "median": i.get("median"), "order": n}
        for n, i in enumerate(items)
    ]  # fmt: skip
    order = [i["label"] for i in items]  # an explicit domain: layers with filters would each sort their own
    y = {"field": "label", "type": "nominal", "sort": order, "title": None, "axis": {"labelLimit": 260}}
    layers: list[dict[str, Any]] = [
        {
            "transform": [{"filter": "!datum.suppressed && datum.value != null"}],
            "mark": {"type": "bar", "color": BAR_COLOUR, "height": {"band": 0.7}},
            "encoding": {"y": y, "x": {"field": "value", "type": "quantitative", "title": value_title}},
        },
        {
            "transform": [{"filter": "datum.suppressed"}],
            "mark": {"type": "text", "align": "left", "dx": 3, "fontWeight": "bold", "fontSize": 12},
            "encoding": {"y": y, "x": {"datum": 0, "type": "quantitative"}, "text": {"value": SUPPRESSED_LABEL}},
        },
    ]
    if any(i.get("median") is not None for i in items):
        layers.append(
            {
                "transform": [{"filter": "datum.median != null"}],
                "mark": {"type": "tick", "color": "black", "thickness": 2, "bandSize": 16},
                "encoding": {"y": y, "x": {"field": "median", "type": "quantitative"}},
            }
        )
    return {
        "description": description,
        "width": 420,
        "height": {"step": 18},
        "data": {"values": data},
        "layer": layers,
        "config": _CONFIG,
    }


def trend(points: list[dict[str, Any]], value_title: str, description: str) -> dict[str, Any]:
    """Lines over periods (``periode`` as YYYY-MM or YYYY, ``serie``, ``value``, ``suppressed``), one
    panel per ``panel``; series differ by dash and shape. Suppressed points are an ``x`` on the axis."""
    data = [{**p, "value": None if p["suppressed"] else p["value"]} for p in points]
    series = sorted({p["serie"] for p in points}, key=lambda s: (s != "gemeente", s))
    x = {"field": "periode", "type": "ordinal", "title": None, "axis": {"labelAngle": -60, "labelOverlap": True}}
    dash = {"field": "serie", "type": "nominal", "title": None, "scale": {"domain": series, "range": [[1, 0], [5, 3]]}}
    shape = {"field": "serie", "type": "nominal", "title": None,
             "scale": {"domain": series, "range": ["circle", "square"]}}  # fmt: skip
    panel = {
        "width": 560,
        "height": 120,
        "layer": [
            {
                "transform": [{"filter": "!datum.suppressed && datum.value != null"}],
                "mark": {"type": "line", "color": "black", "strokeWidth": 1.5},
                "encoding": {"x": x, "y": {"field": "value", "type": "quantitative", "title": value_title},
                             "strokeDash": dash, "detail": {"field": "serie"}},
            },
            {
                "transform": [{"filter": "!datum.suppressed && datum.value != null"}],
                "mark": {"type": "point", "color": "black", "size": 30, "filled": False},
                "encoding": {"x": x, "y": {"field": "value", "type": "quantitative"}, "shape": shape},
            },
            {
                "transform": [{"filter": "datum.suppressed && datum.serie == 'gemeente'"}],
                "mark": {"type": "text", "fontWeight": "bold", "dy": -4, "baseline": "bottom"},
                "encoding": {"x": x, "y": {"datum": 0, "type": "quantitative"}, "text": {"value": SUPPRESSED_LABEL}},
            },
        ],
    }  # fmt: skip
    return {
        "description": description,
        "data": {"values": data},
        "facet": {"row": {"field": "panel", "type": "nominal", "title": None, "header": {"labelAngle": 0,
                                                                                          "labelAlign": "left"}}},
        "spec": panel,
        "resolve": {"scale": {"y": "independent"}},
        "config": _CONFIG,
    }  # fmt: skip
