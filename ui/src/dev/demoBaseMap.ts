/**
 * A small base map package made in memory, for the dev backend (`?basemap`)
 * and the map tests: a PMTiles v3 archive written as the specification
 * says, holding one hand-encoded vector tile (Mapbox Vector Tile) of central
 * Sofia with the Protomaps layers the style draws (earth, water, a park,
 * roads of each kind, buildings). Never part of a production build.
 */
import { zxyToTileId } from "pmtiles";
import type { BaseMapInfo } from "../mapContract";

// --- Protocol buffers, just what MVT needs ------------------------------------

function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte += 128;
    out.push(byte);
  } while (n > 0);
  return out;
}
const zigzag = (n: number) => (n << 1) ^ (n >> 31);
const field = (tag: number, wire: number) => varint((tag << 3) | wire);
const bytesField = (tag: number, bytes: number[]) => [
  ...field(tag, 2),
  ...varint(bytes.length),
  ...bytes,
];
const stringField = (tag: number, text: string) =>
  bytesField(tag, [...new TextEncoder().encode(text)]);
const varintField = (tag: number, n: number) => [...field(tag, 0), ...varint(n)];
const packed = (tag: number, values: number[]) => bytesField(tag, values.flatMap(varint));

// --- Vector tile ------------------------------------------------------------------

type Ring = [number, number][];
interface Feature {
  kind?: string;
  type: "line" | "polygon";
  parts: Ring[];
}

/** MVT geometry commands for lines or closed rings, in tile units (0..4096). */
function geometry(feature: Feature): number[] {
  const out: number[] = [];
  let x = 0;
  let y = 0;
  for (const part of feature.parts) {
    part.forEach(([px, py], i) => {
      if (i === 0) out.push((1 & 7) | (1 << 3));
      else if (i === 1) out.push((2 & 7) | ((part.length - 1) << 3));
      out.push(zigzag(px - x), zigzag(py - y));
      x = px;
      y = py;
    });
    if (feature.type === "polygon") out.push((7 & 7) | (1 << 3));
  }
  return out;
}

function layer(name: string, features: Feature[]): number[] {
  const kinds = [...new Set(features.flatMap((f) => (f.kind ? [f.kind] : [])))];
  const body = [
    ...varintField(15, 2),
    ...stringField(1, name),
    ...features.flatMap((feature) =>
      bytesField(2, [
        ...(feature.kind ? packed(2, [0, kinds.indexOf(feature.kind)]) : []),
        ...varintField(3, feature.type === "line" ? 2 : 3),
        ...packed(4, geometry(feature)),
      ]),
    ),
    ...(kinds.length ? stringField(3, "kind") : []),
    ...kinds.flatMap((kind) => bytesField(4, stringField(1, kind))),
    ...varintField(5, 4096),
  ];
  return bytesField(3, body);
}

const box = (x0: number, y0: number, x1: number, y1: number): Ring => [
  [x0, y0],
  [x0, y1],
  [x1, y1],
  [x1, y0],
];

/** One tile's features: a river, a park, a grid of streets, a highway, a path, some buildings. */
function demoTile(): Uint8Array {
  const streets: Feature[] = [];
  for (let i = 1; i < 8; i += 1) {
    const at = i * 512;
    streets.push({
      kind: "minor_road",
      type: "line",
      parts: [
        [
          [at, 0],
          [at, 4096],
        ],
      ],
    });
    streets.push({
      kind: "minor_road",
      type: "line",
      parts: [
        [
          [0, at],
          [4096, at],
        ],
      ],
    });
  }
  const buildings: Feature[] = [];
  for (let gx = 0; gx < 8; gx += 1) {
    for (let gy = 0; gy < 8; gy += 1) {
      if ((gx + gy) % 3 === 0) continue;
      buildings.push({
        type: "polygon",
        parts: [box(gx * 512 + 60, gy * 512 + 60, gx * 512 + 300, gy * 512 + 260)],
      });
    }
  }
  return Uint8Array.from([
    ...layer("earth", [{ type: "polygon", parts: [box(0, 0, 4096, 4096)] }]),
    ...layer("landuse", [{ kind: "park", type: "polygon", parts: [box(2600, 600, 3500, 1500)] }]),
    ...layer("water", [
      {
        type: "polygon",
        parts: [
          [
            [0, 3300],
            [4096, 3000],
            [4096, 3200],
            [0, 3500],
          ],
        ],
      },
    ]),
    ...layer("buildings", buildings),
    ...layer("roads", [
      ...streets,
      {
        kind: "major_road",
        type: "line",
        parts: [
          [
            [0, 2048],
            [4096, 1900],
          ],
        ],
      },
      {
        kind: "highway",
        type: "line",
        parts: [
          [
            [300, 4096],
            [1200, 0],
          ],
        ],
      },
      {
        kind: "path",
        type: "line",
        parts: [
          [
            [2600, 1050],
            [3500, 1050],
          ],
        ],
      },
    ]),
  ]);
}

// --- PMTiles --------------------------------------------------------------------

export interface ArchiveTile {
  z: number;
  x: number;
  y: number;
  data: Uint8Array;
}

export interface ArchiveHeader {
  /** 1 mvt, 2 png, 3 jpeg, 4 webp. */
  tileType: number;
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number];
  centre: [number, number, number];
}

/** A PMTiles v3 archive of `tiles`, nothing compressed, all in the root directory. */
export function buildArchive(tiles: ArchiveTile[], header: ArchiveHeader): Uint8Array {
  const entries = tiles
    .map((tile) => ({ id: zxyToTileId(tile.z, tile.x, tile.y), data: tile.data }))
    .sort((a, b) => a.id - b.id);
  let offset = 0;
  const placed = entries.map((entry) => {
    const at = offset;
    offset += entry.data.length;
    return { ...entry, at };
  });
  let lastId = 0;
  const directory = Uint8Array.from([
    ...varint(placed.length),
    ...placed.flatMap((e) => {
      const delta = e.id - lastId;
      lastId = e.id;
      return varint(delta);
    }),
    ...placed.flatMap(() => varint(1)),
    ...placed.flatMap((e) => varint(e.data.length)),
    ...placed.flatMap((e) => varint(e.at + 1)),
  ]);
  const metadata = new TextEncoder().encode("{}");
  const head = new Uint8Array(127);
  const view = new DataView(head.buffer);
  head.set(new TextEncoder().encode("PMTiles"), 0);
  head[7] = 3;
  const u64 = (at: number, value: number) => view.setBigUint64(at, BigInt(value), true);
  const dirAt = 127;
  const metaAt = dirAt + directory.length;
  const dataAt = metaAt + metadata.length;
  [dirAt, directory.length, metaAt, metadata.length, 0, 0, dataAt, offset].forEach((v, i) =>
    u64(8 + i * 8, v),
  );
  u64(72, placed.length);
  u64(80, placed.length);
  u64(88, placed.length);
  head.set([1, 1, 1, header.tileType, header.minZoom, header.maxZoom], 96);
  const e7 = (degrees: number) => Math.round(degrees * 1e7);
  const [west, south, east, north] = header.bounds;
  [west, south, east, north].forEach((v, i) => view.setInt32(102 + i * 4, e7(v), true));
  head[118] = header.centre[2];
  view.setInt32(119, e7(header.centre[0]), true);
  view.setInt32(123, e7(header.centre[1]), true);
  const archive = new Uint8Array(dataAt + offset);
  archive.set(head, 0);
  archive.set(directory, dirAt);
  archive.set(metadata, metaAt);
  for (const e of placed) archive.set(e.data, dataAt + e.at);
  return archive;
}

const Z = 13;
/** The z13 tile holding central Sofia. */
function sofiaTile(): { x: number; y: number } {
  const lon = 23.32;
  const lat = (42.695 * Math.PI) / 180;
  const n = 2 ** Z;
  return {
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * n),
  };
}

/** The demo package and what `base_map_info` says of it. */
export function demoBaseMapArchive(): { info: BaseMapInfo; bytes: Uint8Array } {
  const { x, y } = sofiaTile();
  const tileLon = (tx: number) => (tx / 2 ** Z) * 360 - 180;
  const tileLat = (ty: number) =>
    (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / 2 ** Z))) * 180) / Math.PI;
  const bounds: BaseMapInfo["bounds"] = [tileLon(x), tileLat(y + 1), tileLon(x + 1), tileLat(y)];
  const centre: BaseMapInfo["centre"] = [
    (bounds[0] + bounds[2]) / 2,
    (bounds[1] + bounds[3]) / 2,
    Z,
  ];
  const bytes = buildArchive([{ z: Z, x, y, data: demoTile() }], {
    tileType: 1,
    minZoom: Z,
    maxZoom: Z,
    bounds,
    centre,
  });
  return {
    bytes,
    info: {
      hash: "d".repeat(64),
      name: "demo-sofia.pmtiles",
      bytes: bytes.length,
      tileType: "mvt",
      bounds,
      minZoom: Z,
      maxZoom: Z,
      centre,
      available: true,
    },
  };
}
