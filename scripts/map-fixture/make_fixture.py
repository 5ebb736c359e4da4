"""Writes a small vector PMTiles v3 package of an invented neighbourhood
around the demo audit (central Sofia) for cityaudit's tests.

Usage: make_fixture.py OUTPUT.pmtiles
"""

import gzip
import math
import sys

import mapbox_vector_tile
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import Writer
from shapely.geometry import LineString, Polygon, box, mapping
import numpy as np
import shapely

WEST, SOUTH, EAST, NORTH = 23.300, 42.675, 23.340, 42.715
MIN_ZOOM, MAX_ZOOM = 12, 15
EXTENT = 4096
R = 6378137.0


def tile_bounds(z, x, y):
    """The tile's bounds in Web Mercator metres."""
    size = 2 * math.pi * R / 2**z
    west = -math.pi * R + x * size
    north = math.pi * R - y * size
    return west, north - size, west + size, north


def lonlat_to_tile(lon, lat, z):
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def features():
    """(layer, geometry in lon/lat, properties), all invented."""
    out = [("earth", box(WEST - 0.01, SOUTH - 0.01, EAST + 0.01, NORTH + 0.01), {"kind": "earth"})]
    # A grid of streets: two boulevards, minor streets and a footpath.
    for i, lat in enumerate([42.680, 42.685, 42.690, 42.695, 42.700, 42.705, 42.710]):
        kind = "major_road" if i == 3 else "minor_road"
        out.append(("roads", LineString([(WEST, lat), (EAST, lat + 0.001)]), {"kind": kind, "name": f"Street {i + 1}"}))
    for i, lon in enumerate([23.305, 23.310, 23.315, 23.320, 23.325, 23.330, 23.335]):
        kind = "highway" if i == 0 else ("major_road" if i == 3 else "minor_road")
        out.append(("roads", LineString([(lon, SOUTH), (lon + 0.0015, NORTH)]), {"kind": kind, "name": f"Avenue {i + 1}"}))
    out.append(("roads", LineString([(23.322, 42.678), (23.328, 42.683), (23.333, 42.681)]), {"kind": "path"}))
    # A river across the south and a pond in the park.
    river = LineString([(WEST - 0.005, 42.6865), (23.315, 42.6875), (23.328, 42.6860), (EAST + 0.005, 42.6880)]).buffer(0.0006)
    out.append(("water", river, {"kind": "river"}))
    out.append(("water", Polygon([(23.3285, 42.6800), (23.3305, 42.6800), (23.3305, 42.6812), (23.3285, 42.6812)]), {"kind": "water"}))
    # A park in the south-east.
    out.append(("landuse", Polygon([(23.3260, 42.6770), (23.3380, 42.6770), (23.3380, 42.6845), (23.3260, 42.6845)]), {"kind": "park"}))
    # Buildings: a block of small rectangles in each cell of the north.
    for row in range(6):
        for col in range(8):
            lon = 23.3065 + col * 0.0040
            lat = 42.6960 + row * 0.0025
            out.append(("buildings", box(lon, lat, lon + 0.0012, lat + 0.0008), {"kind": "building"}))
    return out


def encode_tile(z, x, y, feats):
    west, south, east, north = tile_bounds(z, x, y)
    pad = (east - west) * 8 / 256  # a few pixels of buffer, as tilers do
    clip = box(west - pad, south - pad, east + pad, north + pad)
    layers = {}
    for layer, geom, props in feats:
        projected = shapely.transform(geom, to_mercator)
        part = projected.intersection(clip)
        if part.is_empty:
            continue
        layers.setdefault(layer, []).append({"geometry": part.wkt, "properties": props})
    if not layers:
        return None
    encoded = mapbox_vector_tile.encode(
        [{"name": name, "features": fs} for name, fs in sorted(layers.items())],
        default_options={"quantize_bounds": (west, south, east, north), "extents": EXTENT},
    )
    return gzip.compress(encoded, mtime=0)


def to_mercator(coords):
    """Lon/lat rows to Web Mercator metres."""
    lon, lat = coords[:, 0], coords[:, 1]
    return np.column_stack([np.radians(lon) * R, np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)) * R])


def main(path):
    feats = features()
    tiles = []
    for z in range(MIN_ZOOM, MAX_ZOOM + 1):
        x0, y0 = lonlat_to_tile(WEST, NORTH, z)
        x1, y1 = lonlat_to_tile(EAST, SOUTH, z)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                data = encode_tile(z, x, y, feats)
                if data is not None:
                    tiles.append((zxy_to_tileid(z, x, y), data))
    tiles.sort()
    with open(path, "wb") as f:
        writer = Writer(f)
        for tile_id, data in tiles:
            writer.write_tile(tile_id, data)
        e7 = lambda v: int(round(v * 10_000_000))
        writer.finalize(
            {
                "tile_type": TileType.MVT,
                "tile_compression": Compression.GZIP,
                "min_lon_e7": e7(WEST),
                "min_lat_e7": e7(SOUTH),
                "max_lon_e7": e7(EAST),
                "max_lat_e7": e7(NORTH),
                "center_zoom": 14,
                "center_lon_e7": e7((WEST + EAST) / 2),
                "center_lat_e7": e7((SOUTH + NORTH) / 2),
            },
            {
                "name": "cityaudit demo area (invented features)",
                "attribution": "invented test data",
                "vector_layers": [
                    {"id": name, "fields": {"kind": "String"}}
                    for name in ["earth", "water", "landuse", "roads", "buildings"]
                ],
            },
        )
    print(f"{path}: {len(tiles)} tiles")


if __name__ == "__main__":
    main(sys.argv[1])
