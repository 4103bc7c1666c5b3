"""What a borough's ward map shows: shapes, shading bands, labels, legend.

Pure functions over stored boundaries (``Boundary``): the SVG itself is in
``templates/partnerships/includes/ward_map.html``. Shading uses five classes of
a colour-blind-safe sequential scale (ColorBrewer YlGnBu, in the stylesheet as
``app-map__ward--band-N``); every ward also carries its value as a text label
and in its link's accessible name, and every map has a table of the same
figures beside it, so colour is never the only cue.
"""

import math
from decimal import Decimal

BANDS = 5
BAND_NAMES = {
    1: "lowest fifth",
    2: "second fifth",
    3: "middle fifth",
    4: "fourth fifth",
    5: "highest fifth",
}


def bands(values: dict[str, Decimal | None]) -> tuple[dict[str, int], list[dict]]:
    """Quintile band (1 to 5) of each key, and the legend's ranges.

    Wards are ranked by value and cut into five groups of (nearly) equal size;
    equal values always share a band. Keys without a value get band 0.
    """
    ranked = sorted((v, k) for k, v in values.items() if v is not None)
    band_of = {k: 0 for k, v in values.items() if v is None}
    if not ranked:
        return band_of, []
    count = len(ranked)
    for index, (value, key) in enumerate(ranked):
        band = 1 + index * BANDS // count
        # Ties take the band of the first equal value.
        previous = ranked[index - 1] if index else None
        if previous is not None and previous[0] == value:
            band = band_of[previous[1]]
        band_of[key] = band
    legend = []
    for band in sorted(set(band_of.values()) - {0}):
        members = [v for v, k in ranked if band_of[k] == band]
        legend.append(
            {
                "band": band,
                "name": BAND_NAMES[band],
                "low": min(members),
                "high": max(members),
                "wards": len(members),
            }
        )
    return band_of, legend


def _view_box(boundaries) -> tuple[int, int, int, int]:
    min_x = min(b.min_x for b in boundaries)
    min_y = min(b.min_y for b in boundaries)
    max_x = max(b.max_x for b in boundaries)
    max_y = max(b.max_y for b in boundaries)
    pad = max(max_x - min_x, max_y - min_y) // 50
    return min_x - pad, min_y - pad, max_x - min_x + 2 * pad, max_y - min_y + 2 * pad


def ward_map(
    *,
    wards: list,
    boundaries: dict,
    values: dict[str, Decimal | None] | None = None,
    describe=None,
    highlight=None,
) -> dict | None:
    """The map of ``wards`` (areas) from their ``boundaries`` (by code).

    With ``values`` (by ward code) the wards are shaded in quintile bands and
    labelled with their value; ``describe(ward, value, band_name)`` words each
    link's accessible name. With ``highlight`` (a ward) the map is plain and
    only that ward is picked out, outlined and named. None if no ward has a
    boundary.
    """
    drawn = [w for w in wards if w.code in boundaries]
    if not drawn:
        return None
    x, y, width, height = _view_box([boundaries[w.code] for w in drawn])
    font_size = max(1, round(max(width, height) / 38))
    band_of, legend = bands(values) if values is not None else ({}, [])
    shapes = []
    for ward in drawn:
        boundary = boundaries[ward.code]
        value = values.get(ward.code) if values is not None else None
        band = band_of.get(ward.code, 0)
        is_current = highlight is not None and ward.pk == highlight.pk
        if values is not None:
            label = "\u2013" if value is None else f"{value:.0f}"
            name = (
                describe(ward, value, BAND_NAMES.get(band))
                if describe
                else f"{ward.name}: {label}"
            )
        else:
            label = ward.name if is_current else ""
            name = f"{ward.name} (this ward)" if is_current else ward.name
        shapes.append(
            {
                "ward": ward,
                "url": ward.get_absolute_url(),
                "path": boundary.path,
                "label": label,
                "label_x": boundary.label_x,
                "label_y": boundary.label_y,
                "band": band,
                "current": is_current,
                "name": name,
            }
        )
    # The picked-out ward last, so its outline is drawn over its neighbours'.
    shapes.sort(key=lambda s: s["current"])
    return {
        "view_box": f"{x} {y} {width} {height}",
        # Text sizes and halo widths in the map's own units.
        "font_size": font_size,
        "halo": max(1, math.ceil(font_size / 4)),
        "wards": shapes,
        "labels": [s for s in shapes if s["label"]],
        "legend": legend,
        "shaded": values is not None,
        "missing": [w for w in wards if w.code not in boundaries],
    }
