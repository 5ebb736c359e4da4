/**
 * Placing positions on the offline map: Web Mercator (the projection of web
 * maps, and of the report's map in core: `core/src/report/svg.rs`), fitted
 * into an SVG box with a margin.
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
