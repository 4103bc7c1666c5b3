"""Projection, simplification and SVG paths of boundaries (no database)."""

import math
import re

import pytest

from partnerships.geometry import (
    GeometryError,
    label_point,
    project,
    shape_from_geojson,
    simplify_ring,
)


def _inside(point, ring) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_projection_keeps_shapes_and_points_y_down():
    """A small square on the ground stays square, and north is up on screen."""
    west, east = project(-0.30, 51.41), project(-0.29, 51.41)
    north = project(-0.30, 51.41 + 0.01 * math.cos(math.radians(51.41)))
    width, height = east[0] - west[0], west[1] - north[1]
    assert height > 0  # further north is higher on the map (smaller y)
    assert width == pytest.approx(height, rel=0.001)


def test_projection_refuses_coordinates_that_are_not_degrees():
    """British National Grid eastings are not longitudes."""
    with pytest.raises(GeometryError):
        project(517814, 169535)


def test_simplification_drops_near_collinear_corners_and_stays_closed():
    """Points within the tolerance of a straight edge go; corners stay."""
    ring = [(0, 0), (50, 1), (100, 0), (100, 100), (0, 100), (0, 0)]
    simplified = simplify_ring(ring, tolerance=5)
    assert simplified[0] == simplified[-1]
    assert (50, 1) not in simplified
    assert {(0, 0), (100, 0), (100, 100), (0, 100)} <= set(simplified)


def test_label_point_falls_inside_a_concave_shape():
    """A U shape's centroid is in the gap; the label goes on the shape."""
    u_shape = [(0, 0), (30, 0), (30, 90), (70, 90), (70, 0), (100, 0),
               (100, 100), (0, 100)]  # fmt: skip
    point = label_point([u_shape])
    assert _inside(point, u_shape)


def test_geojson_becomes_a_compact_relative_path():
    """One absolute move, relative steps, closed; the box holds every point."""
    square = {
        "type": "Polygon",
        "coordinates": [
            [[-0.30, 51.40], [-0.29, 51.40], [-0.29, 51.41], [-0.30, 51.41],
             [-0.30, 51.40]]
        ],
    }  # fmt: skip
    shape = shape_from_geojson(square)
    assert re.fullmatch(r"M-?\d+ -?\d+l(-?\d+ -?\d+ ?)+z", shape.path)
    assert shape.min_x < shape.label_x < shape.max_x
    assert shape.min_y < shape.label_y < shape.max_y


def test_multipolygons_and_holes_are_kept():
    """Each part and each hole is its own closed sub-path."""
    outer = [[-0.30, 51.40], [-0.28, 51.40], [-0.28, 51.42], [-0.30, 51.42],
             [-0.30, 51.40]]  # fmt: skip
    hole = [[-0.295, 51.405], [-0.285, 51.405], [-0.285, 51.415], [-0.295, 51.415],
            [-0.295, 51.405]]  # fmt: skip
    island = [[-0.25, 51.40], [-0.24, 51.40], [-0.24, 51.41], [-0.25, 51.40]]
    shape = shape_from_geojson(
        {"type": "MultiPolygon", "coordinates": [[outer, hole], [island]]}
    )
    assert shape.path.count("M") == 3
    assert shape.path.count("z") == 3


@pytest.mark.parametrize(
    "geometry",
    [None, {"type": "Point", "coordinates": [0, 51]}, {"type": "Polygon"}],
)
def test_what_is_not_a_polygon_is_refused(geometry):
    with pytest.raises(GeometryError):
        shape_from_geojson(geometry)
