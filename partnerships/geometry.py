"""Boundary polygons to SVG paths: projected and simplified once, at load time.

Longitude and latitude (WGS84, as the ONS GeoJSON files give them) are
projected with spherical (Web) Mercator. It keeps shapes true locally (it is
conformal) and needs no library; its scale grows with latitude, but no borough
spans enough latitude for that to show. Coordinates are the projection's
metres with y pointing down, as SVG wants, rounded to whole units (about 0.6 m
on the ground in London). Each ring is simplified with Douglas-Peucker at
``TOLERANCE`` units, far below a pixel of any borough map, so neighbouring
wards simplified apart still meet without visible gaps.

Standard library only: no GDAL, GEOS or PostGIS.
"""

import math
from dataclasses import dataclass

EARTH_RADIUS = 6378137.0  # metres, WGS84 semi-major axis (as EPSG:3857 uses)
TOLERANCE = 15.0  # projected units: about 9 m on the ground in London

Point = tuple[float, float]
Ring = list[Point]


class GeometryError(ValueError):
    """The geometry cannot be drawn (not polygons of longitude and latitude)."""


@dataclass(frozen=True)
class Shape:
    """A projected, simplified outline: SVG path data, bounding box, label point."""

    path: str
    min_x: int
    min_y: int
    max_x: int
    max_y: int
    label_x: int
    label_y: int


def project(longitude: float, latitude: float) -> Point:
    """Web Mercator metres, y pointing down."""
    if not (-180 <= longitude <= 180 and -85 < latitude < 85):
        raise GeometryError(
            f"({longitude}, {latitude}) is not a longitude and latitude"
        )
    x = EARTH_RADIUS * math.radians(longitude)
    y = EARTH_RADIUS * math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))
    return x, -y


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _simplify_line(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on an open line, without recursion."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, None
        for i in range(first + 1, last):
            d = _distance_to_segment(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(ring: Ring, tolerance: float = TOLERANCE) -> Ring:
    """A closed ring simplified; never fewer than three distinct corners.

    The ring is cut at its start and at the corner farthest from it, and each
    half simplified, so the result stays closed and keeps its extent.
    """
    points = list(ring)
    if len(points) > 1 and points[0] == points[-1]:
        points = points[:-1]
    if len(points) < 4:
        return [*points, points[0]] if points else []
    start = points[0]
    far = max(
        range(len(points)),
        key=lambda i: math.hypot(points[i][0] - start[0], points[i][1] - start[1]),
    )
    first = _simplify_line(points[: far + 1], tolerance)
    second = _simplify_line([*points[far:], start], tolerance)
    simplified = first[:-1] + second[:-1]
    if len(simplified) < 3:
        simplified = points
    return [*simplified, simplified[0]]


def _rounded(ring: Ring) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for x, y in ring:
        point = (round(x), round(y))
        if not out or out[-1] != point:
            out.append(point)
    return out


def _ring_path(ring: list[tuple[int, int]]) -> str:
    """ "M x y l dx dy dx dy ... z": absolute start, then relative steps."""
    x0, y0 = ring[0]
    steps, (px, py) = [], ring[0]
    for x, y in ring[1:-1] if ring[-1] == ring[0] else ring[1:]:
        steps.append(f"{x - px} {y - py}")
        px, py = x, y
    return f"M{x0} {y0}l" + " ".join(steps) + "z"


def _signed_area(ring: Ring) -> float:
    return (
        sum(
            x1 * y2 - x2 * y1
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
        )
        / 2
    )


def _centroid(ring: Ring) -> Point:
    area = _signed_area(ring)
    if area == 0:
        xs, ys = zip(*ring, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (6 * area), cy / (6 * area)


def _crossings(rings: list[Ring], y: float) -> list[float]:
    """Where the horizontal line at ``y`` crosses the rings' edges, left to right."""
    xs = []
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 <= y < y2) or (y2 <= y < y1):
                xs.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
    return sorted(xs)


def label_point(rings: list[Ring]) -> Point:
    """A point inside a polygon (outer ring first, then holes) for its label.

    The centroid when it falls inside; otherwise the middle of the widest
    inside stretch of a few horizontal lines across the shape.
    """
    outer = rings[0]
    cx, cy = _centroid(outer)
    xs = _crossings(rings, cy)
    inside = [(a, b) for a, b in zip(xs[::2], xs[1::2], strict=False)]
    if any(a <= cx <= b for a, b in inside):
        return cx, cy
    top = min(y for _, y in outer)
    bottom = max(y for _, y in outer)
    best, point = -1.0, (cx, cy)
    for step in range(1, 20):
        y = top + (bottom - top) * step / 20
        xs = _crossings(rings, y)
        for a, b in zip(xs[::2], xs[1::2], strict=False):
            # Prefer stretches near the centroid's height: labels look centred.
            width = (b - a) * (1 - 0.5 * abs(y - cy) / max(bottom - top, 1))
            if width > best:
                best, point = width, ((a + b) / 2, y)
    return point


def _polygons(geometry: dict) -> list[list[list]]:
    kind = (geometry or {}).get("type")
    coordinates = (geometry or {}).get("coordinates")
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon":
        polygons = coordinates
    else:
        raise GeometryError(f"a {kind or 'missing'} geometry is not a polygon")
    if not polygons or not all(polygon and polygon[0] for polygon in polygons):
        raise GeometryError("a polygon has no outline")
    return polygons


def shape_from_geojson(geometry: dict, tolerance: float = TOLERANCE) -> Shape:
    """Project, simplify and encode a GeoJSON Polygon or MultiPolygon."""
    paths, parts = [], []
    for polygon in _polygons(geometry):
        rings = []
        for ring in polygon:
            try:
                projected = [project(float(lon), float(lat)) for lon, lat, *_ in ring]
            except (TypeError, ValueError) as error:
                raise GeometryError(
                    f"a coordinate is not a number pair: {error}"
                ) from error
            if len(projected) < 4:
                raise GeometryError("a ring has fewer than three corners")
            simplified = _rounded(simplify_ring(projected, tolerance))
            if len(simplified) >= 4:
                rings.append(simplified)
                paths.append(_ring_path(simplified))
        if rings:
            parts.append(rings)
    if not parts:
        raise GeometryError("nothing is left to draw")
    xs = [x for rings in parts for ring in rings for x, _ in ring]
    ys = [y for rings in parts for ring in rings for _, y in ring]
    largest = max(parts, key=lambda rings: abs(_signed_area(rings[0])))
    lx, ly = label_point([[(float(x), float(y)) for x, y in r] for r in largest])
    return Shape(
        path=" ".join(paths),
        min_x=min(xs),
        min_y=min(ys),
        max_x=max(xs),
        max_y=max(ys),
        label_x=round(lx),
        label_y=round(ly),
    )
