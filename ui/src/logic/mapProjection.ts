/**
 * Placing positions on the offline map: Web Mercator (the projection of the
 * usual web map tiles, so an optional base map lines up), fitted into an SVG
 * box with a margin. Points always show, with or without tiles.
 */
import type { LatLon } from "../facilitatorApi";

/** Web Mercator's latitude limit. */
const MAX_LAT = 85.05112878;

/** Web Mercator world coordinates in [0, 1] x [0, 1] (y grows southwards). */
export function mercator({ lat, lon }: LatLon): { x: number; y: number } {
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const phi = (clamped * Math.PI) / 180;
  return {
    x: (lon + 180) / 360,
    y: (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2,
  };
}

/** A fitted projection: lat/lon to SVG pixels, and the world-units-per-pixel scale. */
export interface Projection {
  project(point: LatLon): { x: number; y: number };
  /** Pixels per world unit (world = [0, 1]). */
  scale: number;
  /** World coordinates of the SVG origin. */
  originX: number;
  originY: number;
}

/** The smallest box span (in world units) so a single point or a tight cluster is not a blur (~150 m). */
const MIN_SPAN = 1 / 2 ** 18;

/**
 * Fits `points` into `width` x `height` less `margin` on every side, keeping
 * the aspect (north up) and centring the shorter side. No points: the whole world.
 */
export function fitProjection(
  points: readonly LatLon[],
  width: number,
  height: number,
  margin: number,
): Projection {
  const world = points.map(mercator);
  let minX = 0;
  let maxX = 1;
  let minY = 0;
  let maxY = 1;
  if (world.length > 0) {
    minX = Math.min(...world.map((p) => p.x));
    maxX = Math.max(...world.map((p) => p.x));
    minY = Math.min(...world.map((p) => p.y));
    maxY = Math.max(...world.map((p) => p.y));
  }
  const spanX = Math.max(maxX - minX, MIN_SPAN);
  const spanY = Math.max(maxY - minY, MIN_SPAN);
  const innerW = Math.max(1, width - 2 * margin);
  const innerH = Math.max(1, height - 2 * margin);
  const scale = Math.min(innerW / spanX, innerH / spanY);
  const centreX = (minX + maxX) / 2;
  const centreY = (minY + maxY) / 2;
  const originX = centreX - width / 2 / scale;
  const originY = centreY - height / 2 / scale;
  return {
    scale,
    originX,
    originY,
    project(point) {
      const p = mercator(point);
      return { x: (p.x - originX) * scale, y: (p.y - originY) * scale };
    },
  };
}

/** One base-map tile and where it goes in the SVG. */
export interface TilePlacement {
  url: string;
  x: number;
  y: number;
  size: number;
}

/**
 * The tiles (256 px, `{z}/{x}/{y}` URL template) that cover the SVG box of a
 * projection, at the zoom whose tiles are closest to 256 px on screen. At most
 * `limit` tiles, so a wide view cannot ask for thousands.
 */
export function tilesFor(
  projection: Projection,
  width: number,
  height: number,
  urlTemplate: string,
  limit = 64,
): TilePlacement[] {
  const zoom = Math.max(0, Math.min(19, Math.round(Math.log2(projection.scale / 256))));
  const n = 2 ** zoom;
  const size = projection.scale / n;
  const first = (v: number) => Math.max(0, Math.floor(v * n));
  const last = (v: number) => Math.min(n - 1, Math.floor(v * n));
  const x0 = first(projection.originX);
  const x1 = last(projection.originX + width / projection.scale);
  const y0 = first(projection.originY);
  const y1 = last(projection.originY + height / projection.scale);
  const tiles: TilePlacement[] = [];
  for (let ty = y0; ty <= y1; ty += 1) {
    for (let tx = x0; tx <= x1; tx += 1) {
      if (tiles.length >= limit) return tiles;
      tiles.push({
        url: urlTemplate
          .replace("{z}", String(zoom))
          .replace("{x}", String(tx))
          .replace("{y}", String(ty)),
        x: (tx / n - projection.originX) * projection.scale,
        y: (ty / n - projection.originY) * projection.scale,
        size,
      });
    }
  }
  return tiles;
}

/** True when a base map URL template is usable: http(s) with `{z}`, `{x}` and `{y}`. */
export function isTileTemplate(template: string): boolean {
  return (
    /^https?:\/\/\S+$/.test(template.trim()) &&
    ["{z}", "{x}", "{y}"].every((part) => template.includes(part))
  );
}
